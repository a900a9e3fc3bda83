package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.TestSeeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Properties of the text splitter and the metadata extractor on random and hostile text: they
 * never throw, the splitter never loses or invents a word, and extracted facts stay in range.
 * Inputs come from {@link TestSeeds} (random by default; a failure names the seed to replay).
 */
@ExtendWith(TestSeeds.class)
class IngestPropertiesTest {

  /** Pieces that stress sentence ends, bullets, headings, numbers, degrees and dates. */
  static final String[] PIECES = {
      "Python", "PyTorch", "e.g.", "Dr.", "U.S.", "3.5", "v2.0", "Ph.D.", "M.Sc.", "B.S.", "MS", "Office", "2019",
      "2024–2026", "5+", "years", "of", "experience", "•", "-", "*", "·", "Requirements:", "What we need to see:",
      "Ways to stand out:", "...", "!", "?", ";", ":", "(", ")", "[", "]", "\"", "'", "—", "é", "ß", "日本語", "。",
      "！", "🙂", "\u200b", "\u00a0", "\t", "\n", "\n\n", "\r\n", "https://x.example/a.b", "a@b.c", "C++", "C#",
      ".NET", "node.js", "GPA", "3.9/4.0", "Graduated", "May", "2027", "Expected", "Senior", "Intern", "##",
      "**bold**", "_it_", "1.", "2)", "a.", "i.", "Inc.", "No.", "etc.", "vs.", "St.", "Mr.", "0", "-1", "99999"};

  static String hostile(Random r, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      if (r.nextInt(12) == 0) {
        sb.append((char) (r.nextInt(0x3000) + 1)); // any BMP character, control characters too
      } else {
        sb.append(PIECES[r.nextInt(PIECES.length)]);
      }
      sb.append(r.nextInt(4) == 0 ? "" : " ");
    }
    return sb.toString();
  }

  /** The text without its spaces (any Unicode white space or separator). */
  static String ink(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  @Test
  void sentencesKeepEveryWordInOrder() {
    Random r = TestSeeds.random("sentencesKeepEveryWord");
    for (int round = 0; round < 400; round++) {
      String text = hostile(r, 1 + r.nextInt(200));
      List<String> sentences = assertDoesNotThrow(() -> TextSplitter.sentences(text), text);
      StringBuilder joined = new StringBuilder();
      for (String s : sentences) {
        assertTrue(!s.isEmpty(), "empty sentence in " + sentences);
        joined.append(s);
      }
      // Every character that is not a space survives, in order (spaces may be normalised).
      assertEquals(ink(text), ink(joined.toString()), "words lost or invented for: " + text);
    }
  }

  @Test
  void sentenceSpansAreOrderedDisjointAndInsideTheText() {
    Random r = TestSeeds.random("sentenceSpans");
    for (int round = 0; round < 400; round++) {
      String text = hostile(r, 1 + r.nextInt(200));
      int end = 0;
      for (TextSplitter.Span s : TextSplitter.sentenceSpans(text)) {
        assertTrue(s.start() >= end && s.end() > s.start() && s.end() <= text.length(), s + " in " + text);
        end = s.end();
      }
    }
  }

  @Test
  void blocksNeverThrowAndKeepTheWordsOfTheirLines() {
    Random r = TestSeeds.random("blocks");
    for (int round = 0; round < 400; round++) {
      String text = hostile(r, 1 + r.nextInt(150));
      List<TextSplitter.Block> blocks = assertDoesNotThrow(() -> TextSplitter.blocks(text), text);
      String all = String.join(" ", blocks.stream().map(TextSplitter.Block::text).toList());
      for (String w : words(all)) {
        assertTrue(text.contains(w) || w.length() <= 2, "block word '" + w + "' is not in the text: " + text);
      }
    }
  }

  @Test
  void metadataNeverThrowsAndStaysInRange() {
    Random r = TestSeeds.random("metadata");
    MetadataExtractor x = new MetadataExtractor();
    for (int round = 0; round < 300; round++) {
      String text = hostile(r, 1 + r.nextInt(300));
      for (DocKind kind : DocKind.values()) {
        Metadata m = assertDoesNotThrow(() -> x.extract(text, kind), text);
        if (m.yearsExperience() != null) {
          assertTrue(m.yearsExperience() >= 0 && m.yearsExperience() <= 80, m + " for " + text);
        }
        if (m.highestDegree() != null) {
          assertTrue(Degrees.RANKED.contains(m.highestDegree()), m.toString());
        }
        if (m.graduationYear() != null) {
          assertTrue(m.graduationYear() >= 1940 && m.graduationYear() <= 2100, m + " for " + text);
        }
      }
    }
  }

  @Test
  void hugeInputsStayLinearEnoughToFinish() {
    String big = String.join(" ", Arrays.asList(PIECES)).repeat(2_000); // ~1 MB
    assertDoesNotThrow(() -> TextSplitter.sentences(big));
    assertDoesNotThrow(() -> new MetadataExtractor().extract(big, DocKind.RESUME));
  }
}
