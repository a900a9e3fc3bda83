package dev.rolematch.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokenise, truncate (counted), length-bucket into batches under a token budget (a batch ends
 * where texts get less than half as long as its longest), run a {@link
 * BatchForward}, put vectors back in input order. Safe for concurrent callers: tokenizer and
 * forward pass hold no per-call state, and each batch gets its own {@link NDManager}.
 */
public final class TransformerEmbedder implements Embedder {

  /** Padded tokens per batch (batch size × longest text). Bounds native memory per call. */
  static final int DEFAULT_TOKEN_BUDGET = 8192;

  static final int MAX_BATCH = 64;

  private final ModelDescriptor descriptor;
  private final ModelIdentity identity;
  private final HuggingFaceTokenizer tokenizer;
  private final BatchForward model;
  private final NDManager manager;
  private final int tokenBudget;
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong embedded = new AtomicLong();

  TransformerEmbedder(
      ModelDescriptor descriptor, ModelIdentity identity, HuggingFaceTokenizer tokenizer,
      BatchForward model, NDManager manager, int tokenBudget) {
    this.descriptor = descriptor;
    this.identity = identity;
    this.tokenizer = tokenizer;
    this.model = model;
    this.manager = manager;
    this.tokenBudget = tokenBudget;
  }

  public ModelDescriptor descriptor() {
    return descriptor;
  }

  /** The device the model runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
  public String device() {
    return manager.getDevice().toString();
  }

  /**
   * NDArrays alive under this embedder's manager (weights included). Constant between calls: every
   * array a call creates lives in that call's scope. Tests use it to catch native leaks exactly.
   */
  int liveArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public ModelIdentity identity() {
    return identity;
  }

  @Override
  public int maxTokens() {
    return descriptor.maxTokens();
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(Objects.requireNonNull(text, "text")).getIds().length;
  }

  @Override
  public long truncatedCount() {
    return truncated.get();
  }

  @Override
  public long embeddedCount() {
    return embedded.get();
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    String prefix = role == Role.QUERY ? descriptor.queryPrefix() : descriptor.documentPrefix();
    String[] inputs = new String[texts.size()];
    for (int i = 0; i < inputs.length; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new IllegalArgumentException("text " + i + " is null; pass \"\" for an empty text");
      }
      inputs[i] = prefix + t;
    }
    long[][] ids = tokenize(inputs);

    // Longest first, so each batch pads to nearly its own length.
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> ids[i].length).reversed());

    float[][] out = new float[ids.length][];
    int start = 0;
    while (start < order.length) {
      int longest = ids[order[start]].length;
      int size = Math.max(1, Math.min(MAX_BATCH, tokenBudget / longest));
      int end = Math.min(order.length, start + size);
      // Cut where texts get less than half as long: padding stays under half of each batch.
      for (int i = start + 1; i < end; i++) {
        if (ids[order[i]].length * 2 < longest) {
          end = i;
          break;
        }
      }
      long[][] batch = new long[end - start][];
      for (int i = start; i < end; i++) {
        batch[i - start] = ids[order[i]];
      }
      float[][] vectors;
      try (NDManager scope = manager.newSubManager()) {
        vectors = model.forward(batch, scope);
      }
      NativeHeap.trimNow(); // freed activations: give their pages back now and then (see NativeHeap)
      for (int i = start; i < end; i++) {
        out[order[i]] = vectors[i - start];
      }
      start = end;
    }
    embedded.addAndGet(ids.length);
    return out;
  }

  /** Token ids with special tokens; texts over max tokens keep their head and the final [SEP]. */
  private long[][] tokenize(String[] inputs) {
    Encoding[] encodings = tokenizer.batchEncode(inputs);
    int max = descriptor.maxTokens();
    long[][] ids = new long[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      long[] all = encodings[i].getIds();
      if (all.length > max) {
        long[] cut = Arrays.copyOf(all, max);
        cut[max - 1] = all[all.length - 1];
        all = cut;
        truncated.incrementAndGet();
      }
      ids[i] = all;
    }
    return ids;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
    manager.close();
  }
}
