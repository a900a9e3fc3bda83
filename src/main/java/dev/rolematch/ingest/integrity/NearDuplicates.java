package dev.rolematch.ingest.integrity;

import dev.rolematch.ingest.RegexChars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resumes that are near-copies of each other (a shared template filled in twice, one resume sent
 * under two names): Jaccard similarity of their sets of {@value #SHINGLE}-word shingles (lower-cased
 * words) at least {@value #THRESHOLD}. Exact and small enough to run over a query's candidate pool
 * (a hundred documents) at query time; nothing is stored.
 */
public final class NearDuplicates {

  static final int SHINGLE = 5;
  static final double THRESHOLD = 0.6;

  /** Each document's distinct shingle hashes, sorted. */
  private final Map<String, long[]> shingles = new LinkedHashMap<>();

  /** Documents to compare with each other, by id. */
  public NearDuplicates(Map<String, String> textsById) {
    for (Map.Entry<String, String> e : textsById.entrySet()) {
      shingles.put(e.getKey(), shingles(e.getValue()));
    }
  }

  /** Flags for one of the documents: one per other document it nearly copies, most similar first. */
  public List<IntegrityFlag> flagsFor(String id) {
    long[] mine = shingles.get(id);
    List<IntegrityFlag> out = new ArrayList<>();
    if (mine == null || mine.length == 0) {
      return out;
    }
    List<Map.Entry<String, Double>> similar = new ArrayList<>();
    for (Map.Entry<String, long[]> e : shingles.entrySet()) {
      if (e.getKey().equals(id) || e.getValue().length == 0) {
        continue;
      }
      double j = jaccard(mine, e.getValue());
      if (j >= THRESHOLD) {
        similar.add(Map.entry(e.getKey(), j));
      }
    }
    similar.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    for (Map.Entry<String, Double> s : similar) {
      out.add(new IntegrityFlag(IntegrityFlag.NEAR_DUPLICATE,
          String.format(Locale.ROOT, "near-copy of %s: %.0f %% of their %d-word phrases are shared"
              + " (a shared template or a reused resume)", s.getKey(), 100 * s.getValue(), SHINGLE),
          s.getKey()));
    }
    return out;
  }

  /** Jaccard similarity of two sorted sets of distinct hashes. */
  static double jaccard(long[] a, long[] b) {
    int both = 0;
    for (int i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] == b[j]) {
        both++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) both / (a.length + b.length - both);
  }

  /**
   * The distinct hashes of a text's {@value #SHINGLE}-word shingles, sorted. Words are the runs of
   * letters and digits of the lower-cased text, each hashed as {@link String#hashCode} hashes it;
   * one pass, no word strings (a query computes this for its whole candidate pool).
   */
  static long[] shingles(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int[] words = new int[16];
    int count = 0;
    int n = lower.length();
    for (int i = 0; i < n; ) {
      int cp = lower.codePointAt(i);
      if (!RegexChars.letterOrNumber(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int h = 0;
      while (i < n) {
        cp = lower.codePointAt(i);
        if (!RegexChars.letterOrNumber(cp)) {
          break;
        }
        int end = i + Character.charCount(cp);
        for (; i < end; i++) {
          h = 31 * h + lower.charAt(i);
        }
      }
      if (count == words.length) {
        words = java.util.Arrays.copyOf(words, count * 2);
      }
      words[count++] = h;
    }
    long[] out = new long[Math.max(0, count - SHINGLE + 1)];
    for (int i = 0; i < out.length; i++) {
      long h = 1125899906842597L;
      for (int k = 0; k < SHINGLE; k++) {
        h = 31 * h + words[i + k];
        h ^= h >>> 29;
      }
      out[i] = h;
    }
    java.util.Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[distinct++] = out[i];
      }
    }
    return java.util.Arrays.copyOf(out, distinct);
  }
}
