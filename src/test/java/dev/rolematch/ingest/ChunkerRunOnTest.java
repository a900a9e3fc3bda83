package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.TestSeeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run-on text (no punctuation, no line breaks) chunks in linear work: every chunk within the
 * limit, no word lost or repeated (this chunker has no overlap). Linearity is asserted on the
 * characters handed to the token counter (deterministic), not on time; times are printed. Before
 * the fix each step of the word split re-counted the whole rest of the sentence: a 950 KB line
 * took 527 s. The words are random: a failure names its {@code -Dtests.seed}.
 */
@ExtendWith(TestSeeds.class)
class ChunkerRunOnTest {

  private static final String[] VOCAB = {"data", "pipeline", "python", "engineer", "built", "models",
      "team", "analytics", "reporting", "retail", "systems", "distributed", "learning", "the", "and", "for",
      "transformer", "summarisation", "kubernetes", "a", "internationalisation", "of"};

  private static String runOn(int words, Random r) {
    StringBuilder sb = new StringBuilder(words * 8);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(VOCAB[r.nextInt(VOCAB.length)]);
    }
    return sb.toString();
  }

  private static List<String> words(String s) {
    String t = s.strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  @Test
  void runOnTextChunksLinearlyWithinTheLimitAndLosesNoWord() {
    Random r = TestSeeds.random("runOnText");
    for (int n : new int[] {50_000, 100_000, 200_000}) {
      String text = runOn(n, r);
      for (int max : new int[] {256, 512}) {
        AtomicLong countedChars = new AtomicLong();
        TokenCounter counter = s -> {
          countedChars.addAndGet(s.length());
          return ChunkerTest.pieces(s);
        };
        long t0 = System.nanoTime();
        ChunkedText ct = new Chunker(Integer.MAX_VALUE).chunk(text, counter, max);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<String> got = new ArrayList<>();
        for (Chunk c : ct.chunks()) {
          assertTrue(ChunkerTest.pieces(c.text()) <= max, "chunk " + c.ordinal() + " over " + max);
          got.addAll(words(c.text()));
        }
        assertEquals(words(text), got, n + " words: every word once, in order");
        assertEquals(List.of(), ct.warnings());
        double perChar = countedChars.get() / (double) text.length();
        System.out.printf(Locale.ROOT, "run-on %,d words (%,d chars), max %d tokens: %d chunks in %.2f s,"
            + " counter saw %.1f x the text%n", n, text.length(), max, ct.chunks().size(), secs, perChar);
        // Binary search within one window per chunk: ~log2(window) counts of a window each.
        assertTrue(perChar < 30, "counted " + perChar + " x the text: not linear");
      }
    }
  }

  @Test
  void longLinesAndHugeWordsChunkLinearlyToo() {
    Random r = TestSeeds.random("longLines");
    StringBuilder sb = new StringBuilder();
    for (int line = 0; line < 40; line++) {
      sb.append(runOn(5_000, r)).append('\n');
    }
    sb.append("x".repeat(300_000)).append('\n'); // one enormous "word"
    String text = sb.toString();
    AtomicLong countedChars = new AtomicLong();
    TokenCounter counter = s -> {
      countedChars.addAndGet(s.length());
      return ChunkerTest.pieces(s);
    };
    long t0 = System.nanoTime();
    ChunkedText ct = new Chunker(Integer.MAX_VALUE).chunk(text, counter, 256);
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder joined = new StringBuilder();
    for (Chunk c : ct.chunks()) {
      assertTrue(ChunkerTest.pieces(c.text()) <= 256);
      joined.append(c.text());
    }
    assertEquals(text.replaceAll("\\s+", ""), joined.toString().replaceAll("\\s+", ""), "no character lost");
    double perChar = countedChars.get() / (double) text.length();
    System.out.printf(Locale.ROOT, "40 lines of 5,000 words + a 300,000-char word: %d chunks in %.2f s,"
        + " counter saw %.1f x the text%n", ct.chunks().size(), secs, perChar);
    assertTrue(perChar < 30, "counted " + perChar + " x the text: not linear");
  }
}
