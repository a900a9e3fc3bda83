package dev.rolematch.ingest.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.ScanTexts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass list test gives what the regexes it replaced gave. */
class ListTextScanTest {

  // The patterns and the method as they were shipped before the scan: the oracle.
  private static final Pattern SEPARATORS = Pattern.compile("\\s*[,;|·•]\\s*");
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+(?=\\p{Lu})|\\n");
  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•·]|\\d+[.)])\\s+");
  private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}\\b");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}+#.'-]*");

  private static boolean oracle(String section, String text) {
    if (section != null && !section.isBlank() && ListText.isListOnly(section, "")) {
      return true; // the heading test is unchanged
    }
    int words = 0;
    int listWords = 0;
    for (String sentence : SENTENCES.split(text)) {
      String s = BULLET.matcher(sentence).replaceFirst("");
      int n = count(s);
      words += n;
      if (n > 0 && isList(s)) {
        listWords += n;
      }
    }
    return words > 0 && listWords >= ListText.LIST_SHARE * words;
  }

  private static boolean isList(String sentence) {
    if (YEAR.matcher(sentence).find()) {
      return false;
    }
    int items = 0;
    int words = 0;
    for (String item : SEPARATORS.split(sentence.strip())) {
      int n = count(item);
      if (n > 0) {
        items++;
        words += n;
      }
    }
    return items >= ListText.MIN_ITEMS && (double) words / items <= ListText.MAX_MEAN_WORDS;
  }

  private static int count(String s) {
    int n = 0;
    var m = WORD.matcher(s);
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static final String[] PIECES = {
    "Python", "PyTorch", "C++", "C#", "node.js", "o'brien", "state-of-the-art", "LLMs", "RAG", "a", "I", "and",
    "diffusion models", "deep learning for vision", "2019", "1999", "2020s", "20190", "x2019", "2019x", "_2019",
    "2019_", "1899", "2119", "19", "2023\u0301", "\u03012021", "e\u03012022", "2022e\u0301", "\u00e92024",
    "\uD835\uDC00", "\uD834\uDD67", "\uD834\uDD672020", "\u00c9cole", "\u00e9cole", "\u0130stanbul", "\u01c5",
    "\u2160", "\u00bd", "\u0663", "\u00b2", "Zo\u00eb", "\u00a0", "\u3000", "\u30c6\u30b9\u30c8", "-", "*", "\u2022",
    "\u00b7", "1.", "12)", "3", "1.5", "...", "!", "?", "!?", "Led", "Built", "(", ")", "/", "&", "+", "#", "'",
    "AI", "ML", "R", "r.", "go-", "x'", "c#.", "k8s", "\u0130I", "\u1E9E", "ab.-'"};
  private static final String[] GLUE = {
    " ", "  ", ", ", ",", "; ", ";", " | ", "|", " \u00b7 ", "\u2022", " \u2022 ", "\n", "\n\n", ". ", ".\n", ".  \n",
    "! ", "? ", "\t", "\r\n", "\u000B", "\f", "", "-", "\u00a0", " - ", "\n- ", "\n* ", "\n1. ", "\n  2) ", "\n\u2022 ",
    "\n\u00b7\t", ". \n "};
  private static final String[] LIST_GLUE = {", ", ",", "; ", " | ", " \u00b7 ", " \u2022 ", ", ", " "};

  @Test
  void decidesWhatTheRegexesDecided() {
    Random r = new Random(11);
    int lists = 0;
    for (int t = 0; t < 30_000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(40);
      // half the texts mostly keyword lists, so that both answers are common
      String[] glue = t % 2 == 0 ? GLUE : LIST_GLUE;
      for (int k = 0; k < n; k++) {
        String g = r.nextInt(6) == 0 ? GLUE[r.nextInt(GLUE.length)] : glue[r.nextInt(glue.length)];
        sb.append(PIECES[r.nextInt(PIECES.length)]).append(g);
      }
      String text = sb.toString();
      boolean expected = oracle("", text);
      assertEquals(expected, ListText.isListOnly("", text), () -> "text: " + text.replace("\n", "\\n"));
      assertEquals(oracleListItems(text), ListText.listItems(text), () -> "text: " + text.replace("\n", "\\n"));
      lists += expected ? 1 : 0;
    }
    // the generator reaches both answers often
    assertTrue(lists > 3_000 && lists < 27_000, "list texts: " + lists);
  }

  /** {@code contentWords} as it was before the scan. */
  private static List<String> oracleContentWords(String s) {
    List<String> out = new ArrayList<>();
    var m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String w = m.group().replaceAll("[.'-]+$", "");
      if (w.length() >= 3 || w.matches(".*[0-9+#].*") || w.equals("ai") || w.equals("ml") || w.equals("r")) {
        out.add(w);
      }
    }
    return out;
  }

  /** {@code listItems} as it was before the scan. */
  private static List<String> oracleListItems(String text) {
    List<String> out = new ArrayList<>();
    for (String sentence : SENTENCES.split(text)) {
      String s = BULLET.matcher(sentence).replaceFirst("");
      if (isList(s)) {
        out.addAll(ListText.items(s));
      }
    }
    return out;
  }

  @Test
  void countsAndListsWordsAsTheRegexDid() {
    Random r = new Random(13);
    for (int t = 0; t < 20_000; t++) {
      String text = ScanTexts.random(r, 1 + r.nextInt(20), PIECES, GLUE);
      assertEquals(count(text), ListText.countWords(text), () -> "text: " + text);
      assertEquals(oracleContentWords(text), ListText.contentWords(text), () -> "text: " + text);
    }
  }

  @Test
  void decidesOurSampleDocumentsAsTheRegexesDid() throws IOException {
    int checked = 0;
    for (ScanTexts.Sample s : ScanTexts.sampleDocuments()) {
      String text = s.text();
      Path p = s.path();
      assertEquals(oracle("", text), ListText.isListOnly("", text), p::toString);
      assertEquals(oracleContentWords(text), ListText.contentWords(text), p::toString);
      assertEquals(oracleListItems(text), ListText.listItems(text), p::toString);
      for (String para : text.split("\n\\s*\n")) {
        assertEquals(oracle("", para), ListText.isListOnly("", para), () -> p + ": " + para);
        checked++;
      }
    }
    assertTrue(checked > 200, "paragraphs checked: " + checked);
  }

  @Test
  void skillsHeadingsAreListsWhateverTheText() {
    assertTrue(ListText.isListOnly("Technical Skills", "Led the migration of our billing system to Kotlin."));
  }
}
