package dev.rolematch.cli;

import dev.rolematch.app.Home;
import dev.rolematch.app.Session;
import dev.rolematch.eval.FeedbackRefit;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.eval.RegressionSpec;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.match.Calibration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eval calibrate --feedback}: refits the calibration on the shipped labels plus the
 * recruiters' feedback stored in an index, reports before/after nDCG on held-out feedback queries,
 * and writes the refit only if it does not lose on the external dev data ({@code category_dev}):
 * per query type no more than the regression's tolerance below a refit without feedback, and still
 * at or above the best simple baseline (the {@code eval regressions} rule).
 */
final class FeedbackCalibrate {

  /** nDCG@10 a refit may lose on a category_dev query type (the regressions' tolerance). */
  static final double TOLERANCE = 0.005;

  private FeedbackCalibrate() {}

  static int run(Path home, String model, String device, IndexLayout layout) throws Exception {
    List<Feedback> feedback = FeedbackStore.read(layout.feedback());
    if (feedback.isEmpty()) {
      throw new UserException("no feedback in " + layout.feedback() + ": shortlist, reject or mark candidates on"
          + " the page (or POST /api/feedback) first");
    }
    String modelId = Home.modelCatalog().resolve(model).id();
    RegressionSpec dev = RegressionSpec.read(EvalRunCommand.regressionsDir().resolve("category_dev.json"));
    if (!dev.available(home)) {
      throw new UserException("category_dev is not here (" + home.resolve(dev.data().corpus()).normalize()
          + "): a refit from feedback is written only after it is checked on it; nothing written");
    }
    List<RankingEval.Pair> external = EvalRunCommand.judged(home, dev, model, device).pairs();
    List<RankingEval.Pair> labels = new ArrayList<>(external);
    List<String> sources = new ArrayList<>(List.of(dev.data().corpus().replace("../shared/data/", "shared/")));
    RegressionSpec own = RegressionSpec.read(EvalRunCommand.regressionsDir().resolve("own_labels.json"));
    if (own.available(home)) {
      labels.addAll(EvalRunCommand.judged(home, own, model, device).pairs());
      sources.add("data/labels");
    }
    FeedbackRefit.Converted fb;
    try (Session s = Session.forQueries(layout, model, device)) {
      if (!s.embedder.identity().id().equals(modelId)) {
        throw new UserException("the index at " + layout.root() + " uses " + s.embedder.identity().id() + ", not "
            + modelId + ": pass --model " + s.embedder.identity().id());
      }
      fb = FeedbackRefit.pairs(s.index, s.matcher, feedback);
    }
    Calibration current = Calibration.load(Home.calibrationDir(), modelId);
    System.out.printf(Locale.ROOT, "## %s: %d verdicts from %s (%d skipped: document no longer indexed)%n", modelId,
        fb.pairs().size(), layout.feedback(), fb.skipped());
    System.out.println("held-out feedback (leave one feedback query out; queries with a fit and a rejection):");
    System.out.println("| class | queries | pairs | nDCG before (in use) | nDCG after (refit) |");
    System.out.println("|---|---|---|---|---|");
    for (FeedbackRefit.HeldOut h : FeedbackRefit.heldOut(labels, fb.pairs(), current)) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f |%n", h.queryClass(), h.queries(), h.pairs(),
          h.before(), h.after());
    }
    List<RankingEval.Pair> all = new ArrayList<>(labels);
    all.addAll(fb.pairs());
    String source = String.join(" + ", sources) + " + feedback (" + fb.pairs().size() + " verdicts)";
    Calibration refit = RankingEval.calibrate(all, modelId, source);
    Calibration without = RankingEval.calibrate(labels, modelId, String.join(" + ", sources));
    if (!checkOnDev(external, without, refit)) {
      System.out.println("not written: the refit loses on category_dev; " + Calibration.fileFor(Home.calibrationDir(),
          modelId) + " is unchanged");
      return 1;
    }
    refit.save(Home.calibrationDir());
    System.out.println("wrote " + Calibration.fileFor(Home.calibrationDir(), modelId) + " (" + refit.source() + ", "
        + refit.fittedAt() + "); a running server uses it after a restart");
    return 0;
  }

  /** The refit against a refit without feedback on category_dev, per query type; prints the table. */
  static boolean checkOnDev(List<RankingEval.Pair> dev, Calibration without, Calibration refit) {
    Map<String, Map<String, Double>> methods = EvalRunCommand.methods(dev);
    methods.put("without feedback", scores(dev, without));
    methods.put("rolematch", scores(dev, refit));
    Map<String, RankingEval.Row> base = new LinkedHashMap<>();
    Map<String, RankingEval.Row> ours = new LinkedHashMap<>();
    Map<String, Double> bestBaseline = new LinkedHashMap<>();
    for (RankingEval.Row r : RankingEval.table(dev, methods)) {
      switch (r.method()) {
        case "without feedback" -> base.put(r.queries(), r);
        case "rolematch" -> ours.put(r.queries(), r);
        default -> bestBaseline.merge(r.queries(), r.ndcg10(), Math::max);
      }
    }
    System.out.println("category_dev nDCG@10 (refit with feedback vs without; best simple baseline):");
    boolean ok = true;
    for (var e : ours.entrySet()) {
      double with = e.getValue().ndcg10();
      double before = base.get(e.getKey()).ndcg10();
      double best = bestBaseline.getOrDefault(e.getKey(), 0.0);
      boolean fine = with >= before - TOLERANCE - 1e-9 && with >= best - 1e-9;
      ok &= fine;
      System.out.printf(Locale.ROOT, "%s %-8s with %.4f  without %.4f  best baseline %.4f%n", fine ? "ok  " : "FAIL",
          e.getKey(), with, before, best);
    }
    return ok;
  }

  private static Map<String, Double> scores(List<RankingEval.Pair> pairs, Calibration c) {
    return RankingEval.scores(pairs, p -> c.forType(RankingEval.queryClass(p.type())).probability(p.features()));
  }
}
