package dev.rolematch.app;

import dev.rolematch.eval.FeedbackRefit;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.eval.RefitCheck;
import dev.rolematch.eval.RegressionSpec;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.match.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A calibration refit from recruiters' feedback, the same steps for {@code eval calibrate
 * --feedback} and the server's {@code POST /api/calibration/refit}: the labelled data sets and the
 * external dev set become judged pairs, the verdicts become pairs scored by the index's own scorer,
 * held-out feedback nDCG is measured before and after, and the refit is written to the index's own
 * calibration file ({@code <index>/calibration/<model>.json}) only when {@link RefitCheck} passes on
 * the dev set. The shipped calibration is never written here.
 */
public final class CalibrationRefit {

  private CalibrationRefit() {}

  /** Why a refit could not run at all (no feedback, no dev data, another model): nothing was written. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Where the labelled pairs come from: the dev set the refit must not lose on (its pairs are also
   * fitted on, as in {@code eval calibrate}), further labelled sets, and the folder of their
   * evaluation indexes. Paths in the specs are relative to {@code home}.
   */
  public record Sources(Path home, Path evalIndexes, RegressionSpec dev, List<RegressionSpec> labels) {

    /** category_dev (required) and the project's own labels (when present), as the CLI always used. */
    public static Sources standard(Path home) throws IOException {
      Path dir = Home.regressionsDir();
      RegressionSpec dev = RegressionSpec.read(dir.resolve("category_dev.json"));
      RegressionSpec own = RegressionSpec.read(dir.resolve("own_labels.json"));
      return new Sources(home, JudgedPairs.standardIndexes(home), dev, own.available(home) ? List.of(own) : List.of());
    }

    String describe(RegressionSpec spec) {
      return spec.isOwnData() ? "data/labels" : spec.data().corpus().replace("../shared/data/", "shared/");
    }
  }

  /** Where a running refit is; {@code step} of {@code steps}. */
  public interface Progress {
    void at(int step, int steps, String what);
  }

  /** What a refit found and did; {@code written} is null when the dev check refused it. */
  public record Outcome(String modelId, int verdicts, int feedbackPairs, int skipped, List<FeedbackRefit.HeldOut> heldOut,
      RefitCheck.Result devCheck, Calibration refit, Path written) {}

  static final int STEPS = 5;

  /** Runs the refit on the session's index and feedback; writes the index's calibration if it passes. */
  public static Outcome run(Session s, List<Feedback> feedback, Sources src, String device, Progress progress)
      throws IOException, Refused {
    if (feedback.isEmpty()) {
      throw new Refused("no feedback in " + s.index.layout().feedback() + ": shortlist, reject or mark candidates on"
          + " the page (or POST /api/feedback) first");
    }
    if (!src.dev().available(src.home())) {
      throw new Refused(src.dev().name() + " is not here (" + src.home().resolve(src.dev().data().corpus()).normalize()
          + "): a refit from feedback is used only after it is checked on it; nothing written");
    }
    String modelId = s.embedder.identity().id();
    progress.at(1, STEPS, "judging " + src.dev().name() + " (the dev set the refit must not lose on)");
    List<RankingEval.Pair> dev = JudgedPairs.of(src.home(), src.evalIndexes(), src.dev(), modelId, device).pairs();
    List<RankingEval.Pair> labels = new ArrayList<>(dev);
    List<String> names = new ArrayList<>(List.of(src.describe(src.dev())));
    progress.at(2, STEPS, "judging the labelled data");
    for (RegressionSpec spec : src.labels()) {
      labels.addAll(JudgedPairs.of(src.home(), src.evalIndexes(), spec, modelId, device).pairs());
      names.add(src.describe(spec));
    }
    progress.at(3, STEPS, "scoring " + feedback.size() + " verdicts with the index's scorer");
    FeedbackRefit.Converted fb = FeedbackRefit.pairs(s.index, s.matcher(), feedback);
    progress.at(4, STEPS, "held-out feedback nDCG, then the fit");
    List<FeedbackRefit.HeldOut> heldOut = FeedbackRefit.heldOut(labels, fb.pairs(), s.calibration().calibration());
    List<RankingEval.Pair> all = new ArrayList<>(labels);
    all.addAll(fb.pairs());
    String source = "feedback refit: " + String.join(" + ", names) + " (" + labels.size() + " labelled pairs) + feedback ("
        + fb.pairs().size() + " pairs from " + feedback.size() + " verdicts)";
    Calibration fitted = RankingEval.calibrate(all, modelId, source);
    // A full instant, not only the day: two refits on one day must be told apart.
    Calibration refit = new Calibration(modelId, fitted.posting(), fitted.topic(), fitted.fittedPairs(),
        fitted.scorerVersion(), source, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Calibration without = RankingEval.calibrate(labels, modelId, String.join(" + ", names));
    progress.at(5, STEPS, "checking on " + src.dev().name());
    RefitCheck.Result check = RefitCheck.check(dev, without, refit);
    Path written = check.ok() ? refit.writeDurably(s.index.layout().calibration()) : null;
    return new Outcome(modelId, feedback.size(), fb.pairs().size(), fb.skipped(), heldOut, check, refit, written);
  }
}
