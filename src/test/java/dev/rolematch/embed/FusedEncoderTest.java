package dev.rolematch.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.EmbedMemoryBench;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused encoder beyond parity (see {@link FusedMiniLmParityTest}): no NDArray outlives a call,
 * its archive is cached by key and reused, the writer is deterministic, and the whole-layer kernel
 * agrees with the op-by-op encoder too.
 */
class FusedEncoderTest {

  @Test
  void noArraysSurviveACall() throws Exception {
    EmbedTestSupport.useTestCache();
    try (TransformerEmbedder e =
        Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU,
            EncoderChoice.FUSED)) {
      int before = e.liveArrays();
      e.embed(ParityTexts.HANDWRITTEN, Role.DOCUMENT);
      e.embed(ParityTexts.longTexts().subList(0, 1), Role.QUERY); // truncated
      e.embed("", Role.DOCUMENT);
      e.embed(EmbedMemoryBench.texts(0, 100, 3), Role.DOCUMENT); // two internal batches
      assertEquals(before, e.liveArrays(), "arrays left behind by embed calls");
    }
  }

  @Test
  void archiveIsCachedByKeyAndDeterministic() throws Exception {
    EmbedTestSupport.useTestCache();
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    byte[] onnx = FileSources.readAll(d.weights(), d.baseDir());
    Path a = FusedBertForward.archive(d, onnx, FusedBertWriter.Kernel.SDPA);
    FileTime written = Files.getLastModifiedTime(a);
    Path again = FusedBertForward.archive(d, onnx, FusedBertWriter.Kernel.SDPA);
    assertEquals(a, again);
    assertEquals(written, Files.getLastModifiedTime(again), "a cached archive is not rewritten");
    Path other = FusedBertForward.archive(d, onnx, FusedBertWriter.Kernel.LAYER);
    assertTrue(!other.equals(a), "each kernel has its own archive");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FusedBertWriter.write(bytes, OnnxWeights.read(onnx), d.attentionHeads(), d.layerNormEps(),
        d.meanPooling(), d.normalize(), FusedBertWriter.Kernel.SDPA);
    assertEquals(Files.size(a), bytes.size());
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), bytes.toByteArray()),
        "the writer's output depends only on its inputs");
  }

  /**
   * The kernels other than the default (the parity tests cover that one): {@code layer} is {@code
   * aten::_transformer_encoder_layer_fwd} on nested tensors (exact GELU, eps 1e-12, post-norm),
   * {@code sdpa} runs its linear layers through {@code aten::linear}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"layer", "sdpa"})
  void otherKernelsMatchTheOpByOpEncoder(String kernel) throws Exception {
    EmbedTestSupport.useTestCache();
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    List<String> texts = ParityTexts.HANDWRITTEN.subList(0, Math.min(40, ParityTexts.HANDWRITTEN.size()));
    String before = System.getProperty(EncoderChoice.KERNEL_PROPERTY);
    float[][] fused;
    System.setProperty(EncoderChoice.KERNEL_PROPERTY, kernel);
    try (TransformerEmbedder e = Embedders.open(d, DeviceChoice.CPU, EncoderChoice.FUSED)) {
      fused = e.embed(texts, Role.DOCUMENT);
    } finally {
      if (before == null) {
        System.clearProperty(EncoderChoice.KERNEL_PROPERTY);
      } else {
        System.setProperty(EncoderChoice.KERNEL_PROPERTY, before);
      }
    }
    float[][] ops;
    try (TransformerEmbedder e = Embedders.open(d, DeviceChoice.CPU, EncoderChoice.OPS)) {
      ops = e.embed(texts, Role.DOCUMENT);
    }
    double min = 1;
    for (int i = 0; i < texts.size(); i++) {
      min = Math.min(min, EmbedTestSupport.cosine(fused[i], ops[i]));
    }
    System.out.printf(Locale.ROOT, "fused %s kernel vs ops: %d texts, min cosine %.9f%n", kernel, texts.size(), min);
    assertTrue(min >= AbstractParityTest.MIN_COSINE, "min cosine " + min);
  }
}
