package dev.rolematch.cli;

import dev.rolematch.app.CalibrationRefit;
import dev.rolematch.app.Home;
import dev.rolematch.app.Session;
import dev.rolematch.eval.FeedbackRefit;
import dev.rolematch.eval.RefitCheck;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.index.IndexLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code eval calibrate --feedback}: refits the calibration on the shipped labels plus the
 * recruiters' feedback stored in an index ({@link CalibrationRefit}, the steps the server's refit
 * runs too), reports before/after nDCG on held-out feedback queries, and writes the refit to the
 * index's own calibration file only if it does not lose on the external dev data ({@link
 * RefitCheck}). The shipped calibration ({@code data/calibration/}) is never touched; a running
 * server picks the new file up by itself.
 */
final class FeedbackCalibrate {

  private FeedbackCalibrate() {}

  static int run(Path home, String model, String device, IndexLayout layout) throws Exception {
    List<Feedback> feedback = FeedbackStore.read(layout.feedback());
    String modelId = Home.modelCatalog().resolve(model).id();
    CalibrationRefit.Outcome o;
    try (Session s = Session.forQueries(layout, model, device)) {
      if (!s.embedder.identity().id().equals(modelId)) {
        throw new UserException("the index at " + layout.root() + " uses " + s.embedder.identity().id() + ", not "
            + modelId + ": pass --model " + s.embedder.identity().id());
      }
      o = CalibrationRefit.run(s, feedback, CalibrationRefit.Sources.standard(home), device,
          (step, steps, what) -> System.err.printf(Locale.ROOT, "refit %d/%d: %s%n", step, steps, what));
    } catch (CalibrationRefit.Refused e) {
      throw new UserException(e.getMessage());
    }
    System.out.printf(Locale.ROOT, "## %s: %d pairs from %d verdicts in %s (%d skipped: document no longer indexed)%n",
        o.modelId(), o.feedbackPairs(), o.verdicts(), layout.feedback(), o.skipped());
    System.out.println("held-out feedback (leave one feedback query out; queries with a fit and a rejection):");
    System.out.println("| class | queries | pairs | nDCG before (in use) | nDCG after (refit) |");
    System.out.println("|---|---|---|---|---|");
    for (FeedbackRefit.HeldOut h : o.heldOut()) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f |%n", h.queryClass(), h.queries(), h.pairs(),
          h.before(), h.after());
    }
    System.out.println("dev nDCG@10 (refit with feedback vs without; best simple baseline):");
    for (RefitCheck.Row r : o.devCheck().rows()) {
      System.out.printf(Locale.ROOT, "%s %-8s with %.4f  without %.4f  best baseline %.4f (%s)%n", r.ok() ? "ok  " : "FAIL",
          r.queryType(), r.with(), r.without(), r.bestBaseline(), r.baseline());
    }
    if (o.written() == null) {
      System.out.println("not written: the refit loses on the dev data; the calibration in use is unchanged");
      return 1;
    }
    System.out.println("wrote " + o.written() + " (" + o.refit().source() + ", " + o.refit().fittedAt() + "); this"
        + " index now uses it instead of the shipped calibration; a running server reloads it within seconds");
    return 0;
  }
}
