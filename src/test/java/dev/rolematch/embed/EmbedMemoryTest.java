package dev.rolematch.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rolematch.bench.EmbedMemoryBench;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays bounded over many embed calls: after the first batches, RSS (which includes
 * PyTorch's native tensors) must not keep growing. A leaked NDArray per batch would add megabytes
 * per call. The bound is generous (allocator caches and fragmentation) and nothing is timed.
 */
class EmbedMemoryTest {

  static final int TEXTS = 4608; // 18 batches: 8 after the baseline (glibc arenas settle in ~10)
  static final int BATCH = 256;
  /**
   * The bound for 50,000 texts. Before {@link NativeHeap} trimmed after each batch, glibc's
   * arenas kept freed activations and growth varied from -13 to +150 MB between runs without any
   * leak; with the trim it measures about 1 MB. A leaked hidden state per internal batch would add
   * about 4 MB each, several hundred MB here. {@link #noArraysSurviveACall} is the exact check.
   */
  static final double MAX_RSS_GROWTH_MB = 50;
  static final double MAX_HEAP_GROWTH_MB = 64;

  @Test
  void rssStaysBoundedOverThousandsOfShortTexts() throws Exception {
    assumeTrue(!Double.isNaN(EmbedMemoryBench.rssMb()), "no /proc/self/status on this OS");
    try (TransformerEmbedder e =
        Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU)) {
      StringBuilder table = new StringBuilder(EmbedMemoryBench.header()).append('\n');
      // After the open: collects the garbage of loading the weights, so the heap shrinks now.
      table.append(EmbedMemoryBench.row(EmbedMemoryBench.sampleNow(0, 0))).append('\n');
      EmbedMemoryBench.Result r =
          EmbedMemoryBench.run(e, TEXTS, BATCH, 5, s -> table.append(EmbedMemoryBench.row(s)).append('\n'));
      System.out.print(table);
      System.out.println("memory " + EmbedTestSupport.MINILM + ": " + EmbedMemoryBench.summary(r));
      assertEquals(TEXTS, e.embeddedCount());
      assertEquals(TEXTS, r.end().textsDone());
      assertEquals(EmbedMemoryBench.WARMUP_BATCHES * BATCH, r.baseline().textsDone());
      assertTrue(
          r.rssGrowthMb() < MAX_RSS_GROWTH_MB,
          String.format(Locale.ROOT, "RSS grew %.1f MB after warm-up (bound %.0f MB):%n%s",
              r.rssGrowthMb(), MAX_RSS_GROWTH_MB, table));
      assertTrue(
          r.heapGrowthMb() < MAX_HEAP_GROWTH_MB,
          String.format(Locale.ROOT, "heap grew %.1f MB after warm-up:%n%s", r.heapGrowthMb(), table));
    }
  }

  /** Where the bound above depends on it: Linux with glibc gives freed pages back after each batch. */
  @Test
  void freedNativeMemoryIsTrimmedOnGlibc() {
    assumeTrue(com.sun.jna.Platform.isLinux() && java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/maps")));
    assumeTrue(isGlibc(), "not glibc");
    assertTrue(NativeHeap.available(), "malloc_trim should be reachable through JNA on glibc");
    NativeHeap.trim();
  }

  private static boolean isGlibc() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps")).contains("libc.so.6");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Exact leak check for the op-by-op encoder (the fused one: {@link FusedEncoderTest}). */
  @Test
  void noArraysSurviveACall() throws Exception {
    try (TransformerEmbedder e =
        Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU, EncoderChoice.OPS)) {
      int weights = e.liveArrays();
      assertTrue(weights > 50, "weights are arrays too: " + weights);
      e.embed(ParityTexts.HANDWRITTEN, Role.DOCUMENT);
      e.embed(ParityTexts.longTexts().subList(0, 1), Role.QUERY); // truncated
      e.embed("", Role.DOCUMENT);
      e.embed(EmbedMemoryBench.texts(0, 100, 3), Role.DOCUMENT); // two internal batches
      assertEquals(weights, e.liveArrays(), "arrays left behind by embed calls");
      long embedded = e.embeddedCount();
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> e.embed(java.util.Arrays.asList("ok", null), Role.DOCUMENT));
      assertEquals("text 1 is null; pass \"\" for an empty text", refused.getMessage());
      assertEquals(weights, e.liveArrays(), "arrays left behind by a refused call");
      assertEquals(embedded, e.embeddedCount(), "a refused call embeds nothing");
      // The embedder still works after the refusal, and still leaves nothing behind.
      assertEquals(2, e.embed(java.util.Arrays.asList("ok", ""), Role.DOCUMENT).length);
      assertEquals(weights, e.liveArrays(), "arrays left behind after a refused call");
    }
  }

  @Test
  void generatedTextsAreDeterministicAndVaried() {
    var a = EmbedMemoryBench.texts(1000, 50, 1);
    var b = EmbedMemoryBench.texts(1000, 50, 1);
    assertEquals(a, b);
    assertEquals(50, a.stream().distinct().count());
    long lengths = a.stream().mapToInt(t -> t.split(" ").length).distinct().count();
    assertTrue(lengths > 10, "only " + lengths + " distinct lengths");
  }
}
