package dev.rolematch.eval;

import dev.rolematch.match.Calibration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule that decides whether a calibration refit from feedback may be used, for the CLI
 * ({@code eval calibrate --feedback}) and the server ({@code POST /api/calibration/refit}) alike: on
 * the external dev data, per query type, the refit's nDCG@10 is no more than {@link #TOLERANCE}
 * below a refit of the same labels without feedback, and still at or above the best simple
 * baseline (the {@code eval regressions} rule). A refit that fails is never written.
 */
public final class RefitCheck {

  /** nDCG@10 a refit may lose on a dev query type (the regressions' tolerance). */
  public static final double TOLERANCE = 0.005;

  private RefitCheck() {}

  /** One dev query type: the refit, the refit without feedback, the best simple baseline. */
  public record Row(String queryType, double with, double without, double bestBaseline, String baseline, boolean ok) {}

  /** The check's rows; {@link #ok} when every row passes. */
  public record Result(List<Row> rows) {
    public boolean ok() {
      return !rows.isEmpty() && rows.stream().allMatch(Row::ok);
    }
  }

  /** The simple baselines, each computed from the same pairs (what rolematch must beat). */
  public static Map<String, Map<String, Double>> baselines(List<RankingEval.Pair> pairs) {
    Map<String, Map<String, Double>> m = new LinkedHashMap<>();
    m.put("bm25", RankingEval.scores(pairs, p -> p.baselines().get("bm25")));
    m.put("doc-cosine", RankingEval.scores(pairs, p -> p.baselines().get("doc-cosine")));
    m.put("chunk-max", RankingEval.scores(pairs, p -> p.baselines().get("chunk-max")));
    m.put("rrf(bm25,doc-cosine)", RankingEval.rrf(pairs, m.get("bm25"), m.get("doc-cosine")));
    return m;
  }

  /** The refit against the refit without feedback on the dev pairs, per query type. */
  public static Result check(List<RankingEval.Pair> dev, Calibration without, Calibration refit) {
    Map<String, Map<String, Double>> methods = baselines(dev);
    methods.put(" without", scores(dev, without)); // leading space: no baseline has this name
    methods.put(" with", scores(dev, refit));
    Map<String, RankingEval.Row> base = new LinkedHashMap<>();
    Map<String, RankingEval.Row> ours = new LinkedHashMap<>();
    Map<String, RankingEval.Row> best = new LinkedHashMap<>();
    for (RankingEval.Row r : RankingEval.table(dev, methods)) {
      switch (r.method()) {
        case " without" -> base.put(r.queries(), r);
        case " with" -> ours.put(r.queries(), r);
        default -> best.merge(r.queries(), r, (a, b) -> b.ndcg10() > a.ndcg10() ? b : a);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (var e : ours.entrySet()) {
      double with = e.getValue().ndcg10();
      double before = base.get(e.getKey()).ndcg10();
      RankingEval.Row b = best.get(e.getKey());
      double bestScore = b == null ? 0.0 : b.ndcg10();
      boolean fine = with >= before - TOLERANCE - 1e-9 && with >= bestScore - 1e-9;
      rows.add(new Row(e.getKey(), with, before, bestScore, b == null ? "" : b.method(), fine));
    }
    return new Result(rows);
  }

  private static Map<String, Double> scores(List<RankingEval.Pair> pairs, Calibration c) {
    return RankingEval.scores(pairs, p -> c.forType(RankingEval.queryClass(p.type())).probability(p.features()));
  }
}
