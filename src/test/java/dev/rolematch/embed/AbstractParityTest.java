package dev.rolematch.embed;

import static dev.rolematch.embed.EmbedTestSupport.cosine;
import static dev.rolematch.embed.EmbedTestSupport.norm;
import static dev.rolematch.embed.EmbedTestSupport.preview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.OnnxRuntimeForward;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DJL (PyTorch engine, our BERT forward) against ONNX Runtime on the same ONNX file, behind the
 * same tokenisation, truncation and batching: every cosine must be at least {@value #MIN_COSINE}.
 * Each subclass opens its model once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractParityTest {

  static final double MIN_COSINE = 0.9999;

  private TransformerEmbedder djl;
  private TransformerEmbedder ort;

  abstract String modelId();

  /** The DJL encoder under test; the op-by-op one unless a subclass says otherwise. */
  EncoderChoice encoder() {
    return EncoderChoice.OPS;
  }

  @BeforeAll
  void open() throws Exception {
    ModelDescriptor d = EmbedTestSupport.descriptor(modelId());
    if (encoder() == EncoderChoice.FUSED) {
      EmbedTestSupport.useTestCache();
    }
    djl = Embedders.open(d, DeviceChoice.CPU, encoder());
    ort = OnnxRuntimeForward.open(d);
  }

  @AfterAll
  void close() {
    if (djl != null) {
      djl.close();
    }
    if (ort != null) {
      ort.close();
    }
  }

  @Test
  void corpusIsVaried() {
    List<String> texts = ParityTexts.all();
    assertTrue(texts.size() >= 200, "parity corpus has " + texts.size() + " texts");
    long overMax = texts.stream().filter(t -> djl.countTokens(t) > djl.maxTokens()).count();
    assertTrue(overMax >= 5, "only " + overMax + " texts exceed max tokens " + djl.maxTokens());
    long oneWord = texts.stream().filter(t -> djl.countTokens(t) <= 3).count();
    assertTrue(oneWord >= 3, "too few single-token texts: " + oneWord);
  }

  @Test
  void documentsMatchOnnxRuntime() {
    compare(ParityTexts.all(), Role.DOCUMENT);
  }

  @Test
  void queriesMatchOnnxRuntime() {
    List<String> all = ParityTexts.all();
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < ParityTexts.HANDWRITTEN.size(); i += 2) {
      queries.add(ParityTexts.HANDWRITTEN.get(i)); // every script and shape, about half of them
    }
    queries.addAll(all.subList(all.size() - 10, all.size()));
    compare(queries, Role.QUERY);
  }

  /**
   * A text's vector does not depend on its batch: alone, padded next to a longer text, next to
   * shorter ones, or inside a call that spans several internal batches.
   */
  @Test
  void vectorDoesNotDependOnBatchComposition() {
    List<String> all = ParityTexts.all();
    List<String> longOnes = ParityTexts.longTexts();
    List<String> targets =
        List.of("a", "Java developer", "Ingénieur logiciel à Montréal 🚀",
            "我们正在招聘一名高级后端工程师 / نبحث عن مهندس", all.get(all.size() - 1),
            ParityTexts.HANDWRITTEN.get(ParityTexts.HANDWRITTEN.size() - 1));
    List<String> shortOnes = List.of("x", "ok", "C++");
    String longer = longOnes.get(0).substring(0, 700); // ~150 tokens: pads the short targets a lot
    float[][] alone = new float[targets.size()][];
    for (int i = 0; i < targets.size(); i++) {
      alone[i] = djl.embed(List.of(targets.get(i)), Role.DOCUMENT)[0];
    }
    double worst = 0;
    for (int i = 0; i < targets.size(); i++) {
      String t = targets.get(i);
      for (List<String> ctx : List.of(List.of(longer, t), List.of(shortOnes.get(0), t, shortOnes.get(1), shortOnes.get(2)))) {
        worst = Math.max(worst, check(t, alone[i], ctx));
      }
    }
    // A text truncated at max tokens, next to a short one (which is padded to max tokens).
    String truncated = longOnes.get(1);
    worst = Math.max(worst, check(truncated, djl.embed(List.of(truncated), Role.DOCUMENT)[0], List.of("x", truncated)));
    // One call of ~80 texts (more than one internal batch of 64), the targets spread through it.
    List<String> mixed = new ArrayList<>(ParityTexts.HANDWRITTEN);
    for (int i = 0; i < targets.size(); i++) {
      mixed.add(i * 13, targets.get(i));
    }
    float[][] v = djl.embed(mixed, Role.DOCUMENT);
    for (int i = 0; i < targets.size(); i++) {
      double diff = EmbedTestSupport.maxAbsDiff(alone[i], v[i * 13]);
      worst = Math.max(worst, diff);
      assertTrue(diff <= 1e-5, "'" + preview(targets.get(i)) + "' in a call of " + mixed.size()
          + " texts: max abs diff " + diff);
    }
    System.out.printf(Locale.ROOT, "determinism %s %s: worst max abs diff %.2e%n", modelId(),
        encoder().name().toLowerCase(Locale.ROOT), worst);
  }

  private double check(String t, float[] alone, List<String> ctx) {
    float[] inBatch = djl.embed(ctx, Role.DOCUMENT)[ctx.indexOf(t)];
    double diff = EmbedTestSupport.maxAbsDiff(alone, inBatch);
    assertTrue(diff <= 1e-5,
        "'" + preview(t) + "' alone vs in a batch of " + ctx.size() + ": max abs diff " + diff);
    return diff;
  }

  private void compare(List<String> texts, Role role) {
    long t0 = System.nanoTime();
    float[][] a = djl.embed(texts, role);
    long t1 = System.nanoTime();
    float[][] b = ort.embed(texts, role);
    long t2 = System.nanoTime();
    assertEquals(texts.size(), a.length);
    assertEquals(texts.size(), b.length);
    double min = 1;
    int worst = -1;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(djl.identity().dimension(), a[i].length);
      assertEquals(1.0, norm(a[i]), 1e-4, "DJL vector " + i + " is not normalised");
      double c = cosine(a[i], b[i]);
      if (c < min) {
        min = c;
        worst = i;
      }
      if (!(c >= MIN_COSINE)) {
        failures.add(String.format(Locale.ROOT, "#%d cos=%.6f %s", i, c, preview(texts.get(i))));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "parity %s %s %s: %d texts, min cosine %.9f (1-cos=%.1e, #%d %s); djl %.1fs, onnxruntime %.1fs%n",
        modelId(), encoder().name().toLowerCase(Locale.ROOT), role, texts.size(), min, 1 - min, worst, preview(texts.get(worst)),
        (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    assertTrue(failures.isEmpty(), failures.size() + " texts below " + MIN_COSINE + ": " + failures);
  }
}
