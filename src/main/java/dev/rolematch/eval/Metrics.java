package dev.rolematch.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ranking metrics over graded labels: nDCG@k (gain 2^g − 1), MRR, AP and P@k (relevant: grade ≥ 2). */
public final class Metrics {
  public static final int RELEVANT = 2;

  private Metrics() {}

  public static double ndcg(List<String> ranking, Map<String, Integer> grades, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      dcg += gain(grades.getOrDefault(ranking.get(i), 0)) / log2(i + 2);
    }
    List<Integer> ideal = new ArrayList<>(grades.values());
    ideal.sort((a, b) -> b - a);
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += gain(ideal.get(i)) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  public static double mrr(List<String> ranking, Map<String, Integer> grades) {
    for (int i = 0; i < ranking.size(); i++) {
      if (grades.getOrDefault(ranking.get(i), 0) >= RELEVANT) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  public static double precision(List<String> ranking, Map<String, Integer> grades, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (grades.getOrDefault(ranking.get(i), 0) >= RELEVANT) {
        hits++;
      }
    }
    return hits / (double) k;
  }

  /** Average precision over the whole ranking (relevant: grade ≥ {@link #RELEVANT}). */
  public static double averagePrecision(List<String> ranking, Map<String, Integer> grades) {
    long relevant = grades.values().stream().filter(g -> g >= RELEVANT).count();
    if (relevant == 0) {
      return 0;
    }
    int hits = 0;
    double sum = 0;
    for (int i = 0; i < ranking.size(); i++) {
      if (grades.getOrDefault(ranking.get(i), 0) >= RELEVANT) {
        hits++;
        sum += hits / (double) (i + 1);
      }
    }
    return sum / relevant;
  }

  private static double gain(int grade) {
    return Math.pow(2, grade) - 1;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
