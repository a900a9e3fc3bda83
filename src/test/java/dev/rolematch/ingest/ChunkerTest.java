package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  /** Whitespace-separated words plus 2 special tokens, like [CLS] ... [SEP]. */
  static int words(String s) {
    String t = s.strip();
    return (t.isEmpty() ? 0 : t.split("\\s+").length) + 2;
  }

  /** A sub-word-ish counter: each word costs ceil(length / 4) tokens, plus 2. */
  static int pieces(String s) {
    int n = 2;
    for (String w : s.strip().split("\\s+")) {
      n += (w.length() + 3) / 4;
    }
    return n;
  }

  private static final String RESUME =
      """
      Dana Okafor
      Toronto, ON | dana@example.net

      SUMMARY
      Research engineer working on speech recognition and low-resource languages.

      EXPERIENCE
      - Built a streaming ASR decoder in C++ that cut latency by 40 percent.
      - Trained multilingual acoustic models on 12 languages.
      - Led a team of three interns.

      EDUCATION
      M.Sc. Computer Science, University of Toronto, 2021

      Technical Skills
      Python, C++, PyTorch, Kaldi, CUDA
      """;

  private final Chunker chunker = new Chunker();

  @Test
  void chunksFollowSectionsAndPackBullets() {
    ChunkedText ct = chunker.chunk(RESUME, ChunkerTest::words, 64);
    List<Chunk> c = ct.chunks();
    assertEquals(List.of(), ct.warnings());
    assertEquals(
        List.of("", "SUMMARY", "EXPERIENCE", "EDUCATION", "Technical Skills"),
        c.stream().map(Chunk::section).toList());
    assertEquals("Dana Okafor\nToronto, ON | dana@example.net", c.get(0).text());
    assertEquals(
        "- Built a streaming ASR decoder in C++ that cut latency by 40 percent.\n"
            + "- Trained multilingual acoustic models on 12 languages.\n"
            + "- Led a team of three interns.",
        c.get(2).text(),
        "consecutive bullets of one section share a chunk, heading not repeated");
    for (int i = 0; i < c.size(); i++) {
      assertEquals(i, c.get(i).ordinal());
    }
  }

  @Test
  void bulletsSpillIntoNextChunkWhenTheyDoNotFit() {
    // each bullet is 2 + (3..12) words; a 20-token budget holds at most one or two of them
    ChunkedText ct = chunker.chunk(RESUME, ChunkerTest::words, 20);
    List<Chunk> exp = ct.chunks().stream().filter(ch -> ch.section().equals("EXPERIENCE")).toList();
    assertEquals(2, exp.size(), exp.toString());
    assertEquals("- Built a streaming ASR decoder in C++ that cut latency by 40 percent.", exp.get(0).text());
    assertEquals(
        "- Trained multilingual acoustic models on 12 languages.\n- Led a team of three interns.",
        exp.get(1).text());
  }

  @Test
  void neverExceedsMaxTokensAndLosesNoWords() throws Exception {
    String flattened = PostingParserTest.resource("posting-flattened.txt");
    String formatted = PostingParserTest.resource("posting-formatted.md");
    String runOn = "word ".repeat(700) + "end"; // one sentence, no punctuation
    String longWord = "https://example.com/" + "x".repeat(300) + " trailing words here";
    TokenCounter wordCounter = ChunkerTest::words;
    // joins cost tokens under this one, so packing estimates run low and must be re-checked
    TokenCounter newlinesCost = t -> words(t) + (int) t.chars().filter(ch -> ch == '\n').count() * 3;
    for (TokenCounter counter : List.of(wordCounter, ChunkerTest::pieces, newlinesCost)) {
      for (String text : List.of(flattened, formatted, RESUME, runOn, longWord)) {
        for (int max = 3; max <= 80; max += 7) {
          List<Chunk> chunks = new Chunker(10_000).chunk(text, counter, max).chunks();
          for (Chunk ch : chunks) {
            assertTrue(
                counter.count(ch.text()) <= max,
                "max " + max + ": " + counter.count(ch.text()) + " tokens in " + ch.text());
            assertTrue(!ch.text().isBlank());
          }
          if (counter == wordCounter && (text == flattened || text == runOn)) {
            // words are never cut by this counter, and only the three inline headings (4 + 5 + 7 words) leave the flattened text
            List<String> ws = new ArrayList<>();
            chunks.forEach(ch -> ws.addAll(Arrays.asList(ch.text().split("\\s+"))));
            int expected = text == runOn ? 701 : text.strip().split("\\s+").length - 16;
            assertEquals(expected, ws.size(), "max " + max);
          }
        }
      }
    }
  }

  @Test
  void flattenedPostingIsSplitAtInlineHeadingsAndSentences() throws Exception {
    String flattened = PostingParserTest.resource("posting-flattened.txt");
    List<Chunk> chunks = chunker.chunk(flattened, ChunkerTest::words, 40).chunks();
    assertEquals("", chunks.get(0).section());
    assertTrue(chunks.stream().anyMatch(c -> c.section().equals("What we need to see")));
    Chunk must = chunks.stream().filter(c -> c.section().equals("What we need to see")).findFirst().get();
    assertTrue(must.text().startsWith("Pursuing a PhD or M.S. in Computer Science"), must.text());
    assertTrue(chunks.stream().noneMatch(c -> c.text().contains("What we need to see")));
    // every parsed requirement is inside some chunk: chunking loses nothing a parser would keep
    for (Requirement r : new PostingParser().parse(flattened).requirements()) {
      assertTrue(chunks.stream().anyMatch(c -> c.text().contains(r.text())), r.text());
    }
  }

  @Test
  void longWordIsSplitByCharactersOnlyWhenNeeded() {
    String url = "https://example.com/" + "x".repeat(300);
    List<Chunk> chunks = chunker.chunk(url, ChunkerTest::pieces, 20).chunks();
    assertTrue(chunks.size() > 1);
    assertEquals(url, String.join("", chunks.stream().map(Chunk::text).toList()));
    chunks.forEach(c -> assertTrue(pieces(c.text()) <= 20));
  }

  @Test
  void targetTokensSmallerThanMax() {
    List<Chunk> full = chunker.chunk(RESUME, ChunkerTest::words, 64).chunks();
    List<Chunk> small = chunker.chunk(RESUME, ChunkerTest::words, 64, 14).chunks();
    assertTrue(small.size() > full.size());
    small.forEach(c -> assertTrue(words(c.text()) <= 14, c.text()));
    assertThrows(IllegalArgumentException.class, () -> chunker.chunk(RESUME, ChunkerTest::words, 10, 11));
  }

  @Test
  void tokenCounterCallsStayLinear() {
    AtomicInteger calls = new AtomicInteger();
    TokenCounter counting = s -> {
      calls.incrementAndGet();
      return words(s);
    };
    StringBuilder sb = new StringBuilder("Experience\n");
    for (int i = 0; i < 500; i++) {
      sb.append("- Shipped feature number ").append(i).append(" to production.\n");
    }
    List<Chunk> chunks = chunker.chunk(sb.toString(), counting, 100).chunks();
    assertTrue(chunks.size() >= 30, "" + chunks.size());
    // one count per bullet, one per packed chunk, a few to calibrate
    assertTrue(calls.get() <= 500 + chunks.size() + 5, "calls: " + calls.get());

    calls.set(0);
    String runOn = "token ".repeat(5000);
    int n = chunker.chunk(runOn, counting, 100).chunks().size();
    assertEquals(52, n); // 98 words per chunk
    // binary search: ~log2(5000) per chunk, not one per word
    assertTrue(calls.get() < 52 * 15, "calls: " + calls.get());
  }

  @Test
  void chunkLimitCapsWithAWarning() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append("Paragraph ").append(i).append(" talks about retrieval and ranking models.\n\n");
    }
    ChunkedText ct = new Chunker(5).chunk(sb.toString(), ChunkerTest::words, 12);
    assertEquals(5, ct.chunks().size());
    assertEquals(1, ct.warnings().size());
    assertTrue(ct.warnings().get(0).startsWith("chunk limit 5 reached"), ct.warnings().get(0));

    ChunkedText fits = new Chunker(50).chunk(sb.toString(), ChunkerTest::words, 12);
    assertEquals(50, fits.chunks().size());
    assertEquals(List.of(), fits.warnings());
  }

  @Test
  void edgeCases() {
    assertEquals(List.of(), chunker.chunk("  \n\n ", ChunkerTest::words, 10).chunks());
    assertThrows(IllegalArgumentException.class, () -> chunker.chunk("some text", ChunkerTest::words, 2));
    assertThrows(IllegalArgumentException.class, () -> new Chunker(0));
  }
}
