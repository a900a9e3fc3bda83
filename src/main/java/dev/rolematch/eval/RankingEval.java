package dev.rolematch.eval;

import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Ranking quality on the labeled sample data. Every labeled (query, resume) pair is scored, so the
 * metrics judge the scorer rather than candidate generation. Learned methods are evaluated by
 * leave-one-query-out cross-validation: each query is ranked by a model fitted without it.
 */
public final class RankingEval {

  /** One judged pair with everything the methods need. */
  public record Pair(String type, String query, String doc, int grade, double[] features, double bm25,
      List<Evidence> evidence) {}

  public record Row(String queries, String method, int n, double ndcg10, double mrr, double p5) {}

  /** Features used by the semantic-only and hybrid scorers (indexes into Calibration.FEATURES). */
  static final int[] SEMANTIC = {0, 1, 2, 3};
  static final int[] HYBRID = {0, 1, 2, 3, 4, 5};
  static final double LAMBDA = Double.parseDouble(System.getProperty("rolematch.eval.lambda", "0.1"));

  private RankingEval() {}

  /** Frozen lexical statistics: document count, mean length and BM25 idf per term. */
  public record CorpusStats(int docs, double averageLength, Map<String, Double> idf) {}

  /** Corpus statistics over every document of the index. */
  public static CorpusStats corpusStats(RoleIndex index) throws IOException {
    Map<String, Integer> df = new HashMap<>();
    int n = 0;
    long length = 0;
    for (DocKind k : DocKind.values()) {
      for (StoredDocument d : index.all(k, false)) {
        n++;
        for (var t : d.terms().entrySet()) {
          df.merge(t.getKey(), 1, Integer::sum);
          length += t.getValue();
        }
      }
    }
    Map<String, Double> idf = new java.util.TreeMap<>();
    for (var e : df.entrySet()) {
      idf.put(e.getKey(), round(Calibration.idf(e.getValue(), n)));
    }
    return new CorpusStats(n, n == 0 ? 0 : round(length / (double) n), idf);
  }

  /** Scores every labeled pair with a scorer whose idf comes from this index. */
  public static List<Pair> collect(RoleIndex index, Matcher matcher, Labels postings, Labels topics,
      Calibration base) throws IOException {
    List<CandidateProfile> resumes = index.all(DocKind.RESUME, true).stream().map(CandidateProfile::of).toList();
    if (resumes.isEmpty()) {
      throw new IllegalStateException("the eval index has no resumes");
    }
    PairScorer scorer = new PairScorer(base);
    List<Pair> out = new ArrayList<>();
    for (String pid : postings.grades().keySet()) {
      StoredDocument p = index.get(pid, true).orElseThrow(
          () -> new IllegalStateException("labeled posting '" + pid + "' is not in the eval index"));
      out.addAll(score("posting", pid, Matcher.postingProfile(p), resumes, postings, scorer, matcher));
    }
    for (String tid : topics.grades().keySet()) {
      QueryProfile t = matcher.topicProfile(tid, new ArrayList<>());
      out.addAll(score("topic", tid, t, resumes, topics, scorer, matcher));
    }
    return out;
  }

  private static List<Pair> score(String type, String qid, QueryProfile q, List<CandidateProfile> resumes,
      Labels labels, PairScorer scorer, Matcher matcher) throws IOException {
    Map<String, Double> bm25 = matcher.bm25Scores(q, DocKind.RESUME, null, resumes.size());
    List<Pair> out = new ArrayList<>();
    for (CandidateProfile c : resumes) {
      PairScorer.PairScore s = scorer.score(q, c);
      out.add(new Pair(type, qid, c.id(), labels.grade(qid, c.id()), s.features(),
          bm25.getOrDefault(c.id(), 0.0), s.evidence()));
    }
    return out;
  }

  /** The table: for postings, topics and both, each method's mean metrics over queries. */
  public static List<Row> evaluate(List<Pair> pairs) {
    Map<String, ToDoubleFunction<Pair>> fixed = new LinkedHashMap<>();
    fixed.put("bm25", Pair::bm25);
    fixed.put("maxsim", p -> meanSim(p));
    fixed.put("doc-cosine", p -> p.features()[3]);
    fixed.put("bm25-frozen", p -> p.features()[5]);
    Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
    for (var e : fixed.entrySet()) {
      Map<String, Double> m = new HashMap<>();
      for (Pair p : pairs) {
        m.put(key(p), e.getValue().applyAsDouble(p));
      }
      scores.put(e.getKey(), m);
    }
    scores.put("semantic", crossValidated(pairs, SEMANTIC));
    scores.put("hybrid", crossValidated(pairs, HYBRID));
    scores.put("rrf(bm25,semantic)", rrf(pairs, scores.get("bm25"), scores.get("semantic")));

    List<Row> rows = new ArrayList<>();
    for (String subset : List.of("postings", "topics", "all")) {
      for (var e : scores.entrySet()) {
        rows.add(metrics(subset, e.getKey(), pairs, e.getValue()));
      }
    }
    return rows;
  }

  /** Soft target: the grade as a share of the top grade (3). */
  static double target(int grade) {
    return Math.max(0, Math.min(3, grade)) / 3.0;
  }

  static double meanSim(Pair p) {
    double s = 0;
    for (Evidence e : p.evidence()) {
      s += e.similarity();
    }
    return s / Math.max(1, p.evidence().size());
  }

  private static String key(Pair p) {
    return p.type() + "|" + p.query() + "|" + p.doc();
  }

  /** Leave-one-query-out: each query's pairs are scored by a model fitted on the other queries of its type. */
  static Map<String, Double> crossValidated(List<Pair> pairs, int[] features) {
    Map<String, Double> out = new HashMap<>();
    Map<String, List<Pair>> byQuery = groupByQuery(pairs);
    for (var held : byQuery.entrySet()) {
      String type = held.getValue().get(0).type();
      List<Pair> train = new ArrayList<>();
      for (Pair p : pairs) {
        if (p.type().equals(type) && !(p.type() + "|" + p.query()).equals(held.getKey())) {
          train.add(p);
        }
      }
      Logistic.Fit fit = fit(train, features);
      for (Pair p : held.getValue()) {
        out.put(key(p), fit.probability(select(p.features(), features)));
      }
    }
    return out;
  }

  /**
   * Two steps. Ranking: weights from a pairwise logistic model (RankNet-style: within each query,
   * every pair of resumes with different grades is one example on the feature difference), which
   * optimises the order directly rather than each pair's absolute value. Calibration: Platt
   * scaling of that linear score against the soft target grade / 3.
   */
  static Logistic.Fit fit(List<Pair> train, int[] features) {
    // Standardise so the L2 penalty treats features of different scales alike.
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
            // LambdaRank-style weight: mixing up grades 3 and 0 costs more than 2 and 1.
            double w = Math.pow(2, a.grade()) - Math.pow(2, b.grade());
            diffs.add(d);
            ys.add(1.0);
            weights0.add(w);
            diffs.add(m);
            ys.add(0.0);
            weights0.add(w);
          }
        }
      }
    }
    double[] w = Logistic.fit(diffs, ys, weights0, LAMBDA).weights();
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

  static Map<String, Double> rrf(List<Pair> pairs, Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> out = new HashMap<>();
    for (List<Pair> q : groupByQuery(pairs).values()) {
      for (Map<String, Double> s : List.of(a, b)) {
        List<Pair> sorted = new ArrayList<>(q);
        sorted.sort(Comparator.comparingDouble((Pair p) -> -s.get(key(p))));
        for (int i = 0; i < sorted.size(); i++) {
          out.merge(key(sorted.get(i)), 1.0 / (60 + i + 1), Double::sum);
        }
      }
    }
    return out;
  }

  static double[] select(double[] f, int[] idx) {
    double[] x = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      x[i] = f[idx[i]];
    }
    return x;
  }

  static Map<String, List<Pair>> groupByQuery(List<Pair> pairs) {
    Map<String, List<Pair>> m = new LinkedHashMap<>();
    for (Pair p : pairs) {
      m.computeIfAbsent(p.type() + "|" + p.query(), k -> new ArrayList<>()).add(p);
    }
    return m;
  }

  private static Row metrics(String subset, String method, List<Pair> pairs, Map<String, Double> scores) {
    double ndcg = 0, mrr = 0, p5 = 0;
    int n = 0;
    for (List<Pair> q : groupByQuery(pairs).values()) {
      String type = q.get(0).type();
      if (subset.equals("postings") && !type.equals("posting") || subset.equals("topics") && !type.equals("topic")) {
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
      p5 += Metrics.precision(ranking, grades, 5);
      n++;
    }
    return new Row(subset, method, n, ndcg / n, mrr / n, p5 / n);
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s %-20s %4s %8s %7s %6s%n",
        "queries", "method", "n", "nDCG@10", "MRR", "P@5"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-9s %-20s %4d %8.4f %7.4f %6.3f%n",
          r.queries(), r.method(), r.n(), r.ndcg10(), r.mrr(), r.p5()));
    }
    return sb.toString();
  }

  /** Fits the calibration on all labeled pairs (hybrid features), with must-have thresholds. */
  public static Calibration calibrate(List<Pair> pairs, String modelId) {
    Calibration.Model posting = fitType(pairs, "posting");
    Calibration.Model topic = fitType(pairs, "topic");
    return new Calibration(modelId, posting, topic, pairs.size(), PairScorer.VERSION, 0, 0, null);
  }

  private static Calibration.Model fitType(List<Pair> pairs, String type) {
    List<Pair> train = new ArrayList<>();
    List<Double> metSims = new ArrayList<>();
    List<Double> missSims = new ArrayList<>();
    for (Pair p : pairs) {
      if (!p.type().equals(type)) {
        continue;
      }
      train.add(p);
      for (Evidence e : p.evidence()) {
        if ("MUST".equals(e.kind())) {
          (p.grade() >= Metrics.RELEVANT ? metSims : p.grade() == 0 ? missSims : new ArrayList<Double>()).add(e.similarity());
        }
      }
    }
    Logistic.Fit fit = fit(train, HYBRID);
    double met = median(metSims, 0.6);
    double unmet = Math.min(median(missSims, 0.3), met);
    return new Calibration.Model(round(fit.bias()), roundAll(fit.weights()), round(met), round(unmet));
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

  private static double[] roundAll(double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = round(v[i]);
    }
    return o;
  }
}
