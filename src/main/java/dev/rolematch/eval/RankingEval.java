package dev.rolematch.eval;

import dev.rolematch.match.Calibration;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.PairScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Learning the score from judged pairs, and judging rankings. The scorer's weights are fitted per
 * query class ({@code topic}: a name or topic; {@code posting}: a posting or a description) on
 * external labels together with the project's own, by a pairwise (RankNet-style) logistic model,
 * then Platt-scaled to a probability of a good fit. Every choice here (the feature subsets, the
 * penalties) was made by leave-one-query-out cross-validation: see README, Quality.
 */
public final class RankingEval {

  /**
   * One judged pair.
   *
   * @param type the query type as the data set names it ({@code name}, {@code onet}, {@code
   *     posting}, {@code own-topic}, {@code own-posting})
   * @param grade 0–3 (binary labels: 0 or 3)
   */
  public record Pair(String type, String query, String doc, int grade, double[] features,
      Map<String, Double> baselines, List<Evidence> evidence) {}

  /** Metrics of one method on one query type. */
  public record Row(String queries, String method, int n, double ndcg10, double mrr, double map) {}

  /**
   * Features each class's model uses (indexes into {@link Calibration#FEATURES}), chosen by
   * cross-validation (README, Quality): for topics, the facets' MaxSim, the name against the whole
   * resume, and BM25; for postings, the whole posting and its title against the whole resume and
   * its best chunk, and BM25. Must-have and nice-to-have similarity, and idf coverage, lost in
   * cross-validation on external labels and are left at weight 0 (must-have status is still
   * reported, per requirement).
   */
  public static final int[] TOPIC_FEATURES = features("topic", "1,3,8");
  public static final int[] POSTING_FEATURES = features("posting", "3,4,5,6,8,9");

  /** A class's feature indexes; {@code -Drolematch.eval.features.<class>=i,j,...} tries others (ablations). */
  private static int[] features(String cls, String shipped) {
    String v = System.getProperty("rolematch.eval.features." + cls, shipped);
    return java.util.Arrays.stream(v.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
  }

  /** L2 penalty per class, relative to the total pair weight (standardised features). */
  static final double TOPIC_PENALTY = Double.parseDouble(System.getProperty("rolematch.eval.penalty.topic", "1.0"));
  static final double POSTING_PENALTY = Double.parseDouble(System.getProperty("rolematch.eval.penalty.posting", "1.0"));

  private RankingEval() {}

  /** The scorer's query class for a data set's query type. */
  public static String queryClass(String type) {
    return switch (type) {
      case "name", "own-topic", "topic", FeedbackRefit.TOPIC_TYPE -> "topic";
      default -> "posting";
    };
  }

  static int[] featuresOf(String cls) {
    return cls.equals("topic") ? TOPIC_FEATURES : POSTING_FEATURES;
  }

  static double penaltyOf(String cls) {
    return cls.equals("topic") ? TOPIC_PENALTY : POSTING_PENALTY;
  }

  /** Soft target: the grade as a share of the top grade (3). */
  static double target(int grade) {
    return Math.max(0, Math.min(3, grade)) / 3.0;
  }

  static String key(Pair p) {
    return p.type() + "|" + p.query() + "|" + p.doc();
  }

  public static Map<String, List<Pair>> groupByQuery(List<Pair> pairs) {
    Map<String, List<Pair>> m = new LinkedHashMap<>();
    for (Pair p : pairs) {
      m.computeIfAbsent(p.type() + "|" + p.query(), k -> new ArrayList<>()).add(p);
    }
    return m;
  }

  /**
   * Leave-one-query-out: each query's pairs are scored by the model its class would have if that
   * query had never been seen. Returns pair key → probability.
   */
  public static Map<String, Double> crossValidated(List<Pair> pairs) {
    Map<String, Double> out = new HashMap<>();
    Map<String, List<Pair>> byQuery = groupByQuery(pairs);
    for (var held : byQuery.entrySet()) {
      String cls = queryClass(held.getValue().get(0).type());
      List<Pair> train = new ArrayList<>();
      for (var e : byQuery.entrySet()) {
        if (!e.getKey().equals(held.getKey()) && queryClass(e.getValue().get(0).type()).equals(cls)) {
          train.addAll(e.getValue());
        }
      }
      Calibration.Model m = fitClass(train, cls);
      for (Pair p : held.getValue()) {
        out.put(key(p), m.probability(p.features()));
      }
    }
    return out;
  }

  /** The model of one class, with must-have thresholds, from its judged pairs. */
  static Calibration.Model fitClass(List<Pair> train, String cls) {
    int[] features = featuresOf(cls);
    Logistic.Fit fit = fit(train, features, penaltyOf(cls));
    double[] weights = new double[Calibration.FEATURES.length];
    for (int i = 0; i < features.length; i++) {
      weights[features[i]] = round(fit.weights()[i]);
    }
    List<Double> metSims = new ArrayList<>();
    List<Double> missSims = new ArrayList<>();
    for (Pair p : train) {
      for (Evidence e : p.evidence()) {
        if ("MUST".equals(e.kind())) {
          if (p.grade() >= Metrics.RELEVANT) {
            metSims.add(e.similarity());
          } else if (p.grade() == 0) {
            missSims.add(e.similarity());
          }
        }
      }
    }
    double met = median(metSims, 0.6);
    double unmet = Math.min(median(missSims, 0.3), met);
    return new Calibration.Model(round(fit.bias()), weights, round(met), round(unmet));
  }

  /**
   * Two steps. Ranking: weights from a pairwise logistic model (within each query, every pair of
   * resumes with different grades is one example on the feature difference, weighted LambdaRank
   * style by 2^a − 2^b), which optimises the order rather than each pair's absolute value.
   * Calibration: Platt scaling of that linear score against the soft target grade / 3.
   */
  static Logistic.Fit fit(List<Pair> train, int[] features, double penalty) {
    double[] scale = new double[features.length];
    double[] mean = new double[features.length];
    for (Pair p : train) {
      double[] f = select(p.features(), features);
      for (int i = 0; i < f.length; i++) {
        mean[i] += f[i] / train.size();
      }
    }
    for (Pair p : train) {
      double[] f = select(p.features(), features);
      for (int i = 0; i < f.length; i++) {
        scale[i] += (f[i] - mean[i]) * (f[i] - mean[i]) / train.size();
      }
    }
    for (int i = 0; i < scale.length; i++) {
      scale[i] = Math.sqrt(scale[i]) + 1e-9;
    }
    List<double[]> diffs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> weights0 = new ArrayList<>();
    double total = 0;
    for (List<Pair> q : groupByQuery(train).values()) {
      for (Pair a : q) {
        for (Pair b : q) {
          if (a.grade() > b.grade()) {
            double[] fa = select(a.features(), features);
            double[] fb = select(b.features(), features);
            double[] d = new double[fa.length];
            double[] m = new double[fa.length];
            for (int i = 0; i < d.length; i++) {
              d[i] = (fa[i] - fb[i]) / scale[i];
              m[i] = -d[i];
            }
            double w = Math.pow(2, a.grade()) - Math.pow(2, b.grade());
            diffs.add(d);
            ys.add(1.0);
            weights0.add(w);
            diffs.add(m);
            ys.add(0.0);
            weights0.add(w);
            total += 2 * w;
          }
        }
      }
    }
    double[] w = Logistic.fit(diffs, ys, weights0, penalty * total).weights();
    for (int i = 0; i < w.length; i++) {
      w[i] /= scale[i];
    }
    List<double[]> linear = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (Pair p : train) {
      double[] f = select(p.features(), features);
      double z = 0;
      for (int i = 0; i < w.length; i++) {
        z += w[i] * f[i];
      }
      linear.add(new double[] {z});
      targets.add(target(p.grade()));
    }
    Logistic.Fit platt = Logistic.fit(linear, targets, 0);
    double a = platt.weights()[0];
    double[] weights = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      weights[i] = a * w[i];
    }
    return new Logistic.Fit(platt.bias(), weights);
  }

  /** Fits both classes on all pairs: the calibration file {@code eval calibrate} writes. */
  public static Calibration calibrate(List<Pair> pairs, String modelId, String source) {
    List<Pair> topics = new ArrayList<>();
    List<Pair> postings = new ArrayList<>();
    for (Pair p : pairs) {
      (queryClass(p.type()).equals("topic") ? topics : postings).add(p);
    }
    return new Calibration(modelId, fitClass(postings, "posting"), fitClass(topics, "topic"), pairs.size(),
        PairScorer.VERSION, source, java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
  }

  /** Reciprocal rank fusion (k = 60) of two score maps, per query. */
  public static Map<String, Double> rrf(List<Pair> pairs, Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> out = new HashMap<>();
    for (List<Pair> q : groupByQuery(pairs).values()) {
      for (Map<String, Double> s : List.of(a, b)) {
        List<Pair> sorted = new ArrayList<>(q);
        sorted.sort(Comparator.comparingDouble((Pair p) -> -s.get(key(p))).thenComparing(Pair::doc));
        for (int i = 0; i < sorted.size(); i++) {
          out.merge(key(sorted.get(i)), 1.0 / (60 + i + 1), Double::sum);
        }
      }
    }
    return out;
  }

  /** A method's scores for every pair. */
  public static Map<String, Double> scores(List<Pair> pairs, ToDoubleFunction<Pair> f) {
    Map<String, Double> m = new HashMap<>();
    for (Pair p : pairs) {
      m.put(key(p), f.applyAsDouble(p));
    }
    return m;
  }

  /** Mean nDCG@10, MRR and AP over the queries of each type (and "all"), for each method. */
  public static List<Row> table(List<Pair> pairs, Map<String, Map<String, Double>> methods) {
    List<String> types = new ArrayList<>();
    for (Pair p : pairs) {
      if (!types.contains(p.type())) {
        types.add(p.type());
      }
    }
    types.add("all");
    List<Row> rows = new ArrayList<>();
    for (String type : types) {
      for (var m : methods.entrySet()) {
        rows.add(metrics(type, m.getKey(), pairs, m.getValue()));
      }
    }
    return rows;
  }

  static Row metrics(String type, String method, List<Pair> pairs, Map<String, Double> scores) {
    double ndcg = 0, mrr = 0, map = 0;
    int n = 0;
    for (List<Pair> q : groupByQuery(pairs).values()) {
      if (!type.equals("all") && !q.get(0).type().equals(type)) {
        continue;
      }
      List<Pair> sorted = new ArrayList<>(q);
      sorted.sort(Comparator.comparingDouble((Pair p) -> -scores.get(key(p))).thenComparing(Pair::doc));
      List<String> ranking = sorted.stream().map(Pair::doc).toList();
      Map<String, Integer> grades = new HashMap<>();
      for (Pair p : q) {
        grades.put(p.doc(), p.grade());
      }
      ndcg += Metrics.ndcg(ranking, grades, 10);
      mrr += Metrics.mrr(ranking, grades);
      map += Metrics.averagePrecision(ranking, grades);
      n++;
    }
    return new Row(type, method, n, n == 0 ? 0 : ndcg / n, n == 0 ? 0 : mrr / n, n == 0 ? 0 : map / n);
  }

  public static String format(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %-12s | %-26s | %3s | %7s | %6s | %6s |%n",
        "queries", "method", "n", "nDCG@10", "MRR", "AP"));
    sb.append("|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %-12s | %-26s | %3d | %7.4f | %6.4f | %6.4f |%n",
          r.queries(), r.method(), r.n(), r.ndcg10(), r.mrr(), r.map()));
    }
    return sb.toString();
  }

  static double[] select(double[] f, int[] idx) {
    double[] x = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      x[i] = f[idx[i]];
    }
    return x;
  }

  private static double median(List<Double> v, double fallback) {
    if (v.isEmpty()) {
      return fallback;
    }
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    return s.get(s.size() / 2);
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
