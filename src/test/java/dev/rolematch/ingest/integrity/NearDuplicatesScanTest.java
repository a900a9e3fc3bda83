package dev.rolematch.ingest.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.ScanTexts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one-pass shingles and the sorted-array Jaccard give what the regex split and hash sets gave. */
class NearDuplicatesScanTest {

  /** The shingles as they were computed before the scan: the oracle. */
  private static Set<Long> oracle(String text) {
    String[] w = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<String> words = new ArrayList<>(w.length);
    for (String s : w) {
      if (!s.isEmpty()) {
        words.add(s);
      }
    }
    Set<Long> out = new HashSet<>();
    for (int i = 0; i + NearDuplicates.SHINGLE <= words.size(); i++) {
      long h = 1125899906842597L;
      for (int k = 0; k < NearDuplicates.SHINGLE; k++) {
        h = 31 * h + words.get(i + k).hashCode();
        h ^= h >>> 29;
      }
      out.add(h);
    }
    return out;
  }

  private static double oracleJaccard(Set<Long> a, Set<Long> b) {
    Set<Long> both = new HashSet<>(a);
    both.retainAll(b);
    return (double) both.size() / (a.size() + b.size() - both.size());
  }

  private static long[] sorted(Set<Long> s) {
    return s.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static final String[] PIECES = {
    "Python", "PyTorch", "built", "the", "model", "and", "a", "of", "2024", "C++", "node.js", "state-of-the-art",
    "\u0130stanbul", "STRASSE", "Stra\u00dfe", "\u03a3\u039f\u03a6\u0399\u0391\u03a3", "\u00c9cole", "e\u0301cole",
    "\uD835\uDC00\uD835\uDC01", "\uD834\uDD67", "\u2160\u2161", "\u00bd", "\u0663\u0664", "\u30c6\u30b9\u30c8",
    "\uD800", "\uDC00", "x\uD800y", "\u01c5ungla", "ab12", "_", "--", "\u00a0", "\u00b7", "I", "lead", "team"};
  private static final String[] GLUE = {" ", "  ", "\n", ", ", ".", "-", "", "/", "'", "\t", " \u2022 ", "_"};

  @Test
  void shinglesAreTheRegexSplitsShingles() {
    Random r = new Random(5);
    for (int t = 0; t < 20_000; t++) {
      String text = text(r, 1 + r.nextInt(40));
      assertArrayEquals(sorted(oracle(text)), NearDuplicates.shingles(text), () -> "text: " + text);
    }
  }

  @Test
  void flagsAreTheHashSetsFlags() {
    // near copies of one template: shared phrases with random edits, so Jaccard values spread
    Random r = new Random(9);
    int flagged = 0;
    for (int t = 0; t < 300; t++) {
      String base = text(r, 60);
      Map<String, String> docs = new LinkedHashMap<>();
      for (int d = 0; d < 6; d++) {
        StringBuilder sb = new StringBuilder(base);
        for (int e = r.nextInt(12); e > 0; e--) {
          int at = r.nextInt(sb.length() + 1);
          sb.insert(at, " " + PIECES[r.nextInt(PIECES.length)] + " ");
        }
        docs.put("d" + d, sb.toString());
      }
      NearDuplicates nd = new NearDuplicates(docs);
      for (String id : docs.keySet()) {
        List<IntegrityFlag> got = nd.flagsFor(id);
        List<String> expected = new ArrayList<>();
        Set<Long> mine = oracle(docs.get(id));
        docs.forEach((other, text) -> {
          Set<Long> theirs = oracle(text);
          if (!other.equals(id) && !mine.isEmpty() && !theirs.isEmpty()
              && oracleJaccard(mine, theirs) >= NearDuplicates.THRESHOLD) {
            expected.add(other);
          }
        });
        assertEquals(new HashSet<>(expected), new HashSet<>(got.stream().map(IntegrityFlag::evidence).toList()),
            () -> "doc " + id);
        flagged += got.size();
      }
      for (String a : docs.keySet()) {
        for (String b : docs.keySet()) {
          assertEquals(oracleJaccard(oracle(docs.get(a)), oracle(docs.get(b))),
              NearDuplicates.jaccard(NearDuplicates.shingles(docs.get(a)), NearDuplicates.shingles(docs.get(b))));
        }
      }
    }
    assertTrue(flagged > 100, "flags raised: " + flagged);
  }

  @Test
  void shinglesOurSampleDocumentsAsBefore() throws IOException {
    int checked = 0;
    for (ScanTexts.Sample s : ScanTexts.sampleDocuments()) {
      assertArrayEquals(sorted(oracle(s.text())), NearDuplicates.shingles(s.text()), s.path()::toString);
      checked++;
    }
    assertTrue(checked > 20, "sample documents: " + checked);
  }

  private static String text(Random r, int n) {
    return ScanTexts.random(r, n, PIECES, GLUE);
  }
}
