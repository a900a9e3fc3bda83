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
 * its archive is cached by key and reused, the writer is deterministic, the other kernels agree
 * with the op-by-op encoder too, and concurrent callers share one loaded module safely.
 */
class FusedEncoderTest {

  /**
   * The default kernel prepacks its weights once at load and then only reads them: threads that
   * embed at once (the HTTP server's) must get what one thread alone gets.
   */
  @Test
  void concurrentCallersGetTheSameVectors() throws Exception {
    EmbedTestSupport.useTestCache();
    List<String> texts = ParityTexts.HANDWRITTEN.subList(0, Math.min(24, ParityTexts.HANDWRITTEN.size()));
    try (TransformerEmbedder e =
        Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU,
            EncoderChoice.FUSED)) {
      float[][] alone = e.embed(texts, Role.DOCUMENT);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<float[][]>> runs = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
          // Batches of different sizes and lengths in flight together.
          List<String> mine = t % 2 == 0 ? texts : texts.subList(t, texts.size());
          runs.add(pool.submit(() -> e.embed(mine, Role.DOCUMENT)));
        }
        for (int t = 0; t < runs.size(); t++) {
          float[][] got = runs.get(t).get();
          int offset = t % 2 == 0 ? 0 : t;
          for (int i = 0; i < got.length; i++) {
            double cos = EmbedTestSupport.cosine(got[i], alone[i + offset]);
            assertTrue(cos >= 1 - 1e-6, "run " + t + " text " + (i + offset) + ": cosine " + cos);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

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
