package dev.rolematch.ingest.integrity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resumes that are near-copies of each other (a shared template filled in twice, one resume sent
 * under two names): Jaccard similarity of their sets of {@value #SHINGLE}-word shingles (lower-cased
 * words) at least {@value #THRESHOLD}. Exact and small enough to run over a query's candidate pool
 * (a hundred documents) at query time; nothing is stored.
 */
public final class NearDuplicates {

  static final int SHINGLE = 5;
  static final double THRESHOLD = 0.6;

  private final Map<String, Set<Long>> shingles = new LinkedHashMap<>();

  /** Documents to compare with each other, by id. */
  public NearDuplicates(Map<String, String> textsById) {
    for (Map.Entry<String, String> e : textsById.entrySet()) {
      shingles.put(e.getKey(), shingles(e.getValue()));
    }
  }

  /** Flags for one of the documents: one per other document it nearly copies, most similar first. */
  public List<IntegrityFlag> flagsFor(String id) {
    Set<Long> mine = shingles.get(id);
    List<IntegrityFlag> out = new ArrayList<>();
    if (mine == null || mine.isEmpty()) {
      return out;
    }
    List<Map.Entry<String, Double>> similar = new ArrayList<>();
    for (Map.Entry<String, Set<Long>> e : shingles.entrySet()) {
      if (e.getKey().equals(id) || e.getValue().isEmpty()) {
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

  static double jaccard(Set<Long> a, Set<Long> b) {
    Set<Long> small = a.size() <= b.size() ? a : b;
    Set<Long> large = small == a ? b : a;
    int both = 0;
    for (Long x : small) {
      if (large.contains(x)) {
        both++;
      }
    }
    return (double) both / (a.size() + b.size() - both);
  }

  static Set<Long> shingles(String text) {
    String[] w = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<String> words = new ArrayList<>(w.length);
    for (String s : w) {
      if (!s.isEmpty()) {
        words.add(s);
      }
    }
    Set<Long> out = new HashSet<>();
    for (int i = 0; i + SHINGLE <= words.size(); i++) {
      long h = 1125899906842597L;
      for (int k = 0; k < SHINGLE; k++) {
        h = 31 * h + words.get(i + k).hashCode();
        h ^= h >>> 29;
      }
      out.add(h);
    }
    return out;
  }
}
