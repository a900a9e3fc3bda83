package dev.rolematch.embed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Opens an {@link Embedder} for a model descriptor on the chosen device. Offline: no downloads. */
public final class Embedders {

  static {
    // Never let DJL reach for the network (engine natives, tokenizer hub, telemetry).
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private Embedders() {}

  /** Builds the model half of an embedder from the descriptor and its weights bytes. */
  public interface ForwardFactory {
    BatchForward create(ModelDescriptor d, byte[] weights, NDManager manager, Device device)
        throws IOException;
  }

  /** Opens the model with the encoder chosen by {@link EncoderChoice#configured()}. */
  public static TransformerEmbedder open(ModelDescriptor d, DeviceChoice choice) throws IOException {
    return open(d, choice, EncoderChoice.configured());
  }

  /**
   * Opens the model; an {@code onnx-bert} model runs on the given encoder (a TorchScript model is
   * its own encoder).
   */
  public static TransformerEmbedder open(ModelDescriptor d, DeviceChoice choice, EncoderChoice encoder)
      throws IOException {
    return open(d, choice, forward(encoder));
  }

  /** The forward factory of the product for the given encoder. */
  public static ForwardFactory forward(EncoderChoice encoder) {
    return (d, weights, manager, device) -> {
      if (weights == null) {
        return TorchScriptForward.load(d, device);
      }
      // int8 exists only as the fused module (the op-by-op encoder has no quantised linear).
      return encoder == EncoderChoice.FUSED || d.int8()
          ? FusedBertForward.load(d, weights, device, EncoderChoice.kernel())
          : bert(d, weights, manager);
    };
  }

  /**
   * Opens an embedder whose forward pass comes from {@code factory}; tokenisation, truncation and
   * batching stay the same. Benchmarks use this to run a peer runtime on identical inputs.
   */
  public static TransformerEmbedder open(ModelDescriptor d, DeviceChoice choice, ForwardFactory factory)
      throws IOException {
    d.validate();
    Engine engine = Engine.getEngine("PyTorch");
    Device device = choice.resolve(engine.getGpuCount());

    byte[] tokenizerJson = FileSources.readAll(d.tokenizer(), d.baseDir());
    byte[] weights =
        ModelDescriptor.FORMAT_ONNX_BERT.equals(d.format())
            ? FileSources.readAll(d.weights(), d.baseDir())
            : null;
    ModelIdentity identity =
        new ModelIdentity(d.id(), d.dimension(), fingerprint(d, weights, tokenizerJson, d.baseDir()));

    // Truncation is ours (counted, from the descriptor), not the tokenizer.json defaults.
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(tokenizerJson),
            Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
    NDManager manager = NDManager.newBaseManager(device, engine.getEngineName());
    BatchForward forward;
    try {
      forward = factory.create(d, weights, manager, device);
    } catch (RuntimeException | IOException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
    return new TransformerEmbedder(
        d, identity, tokenizer, forward, manager, TransformerEmbedder.DEFAULT_TOKEN_BUDGET);
  }

  private static BatchForward bert(ModelDescriptor d, byte[] onnx, NDManager manager)
      throws IOException {
    BertEncoder encoder =
        new BertEncoder(
            OnnxWeights.read(onnx), manager.newSubManager(), d.attentionHeads(), d.layerNormEps(),
            d.meanPooling(), d.normalize());
    if (encoder.hiddenSize() != d.dimension()) {
      encoder.close();
      throw new IllegalArgumentException(
          "model '" + d.id() + "' declares dimension " + d.dimension() + " but its weights have "
              + encoder.hiddenSize());
    }
    if (d.maxTokens() > encoder.maxPositions()) {
      encoder.close();
      throw new IllegalArgumentException(
          "model '" + d.id() + "' declares max_tokens " + d.maxTokens() + " but has only "
              + encoder.maxPositions() + " position embeddings");
    }
    return new BatchForward() {
      @Override
      public float[][] forward(long[][] ids, NDManager batch) {
        return encoder.forward(ids, batch);
      }

      @Override
      public void close() {
        encoder.close();
      }
    };
  }

  /** SHA-256 over the canonical descriptor, the weights and the tokenizer. */
  static String fingerprint(ModelDescriptor d, byte[] weights, byte[] tokenizer, Path baseDir)
      throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(d.canonicalBytes());
      sha.update(weights != null ? weights : FileSources.readAll(d.weights(), baseDir));
      sha.update(tokenizer);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
