package dev.rolematch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.feedback.FeedbackLabel;
import dev.rolematch.match.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Held-out feedback: when recruiters' verdicts follow a feature the labels do not reward, the
 * calibration in use ranks a held-out feedback query badly and a refit that saw the other feedback
 * queries ranks it better; when feedback agrees with the labels, the refit does not get worse.
 */
class FeedbackRefitTest {

  /** A topic pair whose features (core, doc, bm25) are given; the rest 0. */
  static RankingEval.Pair pair(String type, String query, String doc, int grade, double core, double docSim,
      double bm25) {
    double[] f = new double[Calibration.FEATURES.length];
    f[1] = core;
    f[3] = docSim;
    f[8] = bm25;
    return new RankingEval.Pair(type, query, doc, grade, f, Map.of(), List.of());
  }

  /** Queries whose good candidates are high on feature {@code core} (labels) or {@code doc} (feedback). */
  static List<RankingEval.Pair> queries(String type, String prefix, int queries, boolean byDoc, Random rnd) {
    List<RankingEval.Pair> out = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      for (int d = 0; d < 8; d++) {
        boolean good = d < 2;
        double signal = good ? 0.8 + 0.1 * rnd.nextDouble() : 0.3 + 0.2 * rnd.nextDouble();
        double noise = 0.3 + 0.5 * rnd.nextDouble();
        double core = byDoc ? 1.1 - signal : signal; // feedback: the labels' favourite feature misleads
        double doc = byDoc ? signal : noise;
        out.add(pair(type, prefix + q, "d" + d, good ? 3 : 0, core, doc, 0.2 * rnd.nextDouble()));
      }
    }
    return out;
  }

  /** Topic labels, plus a few posting-class ones (a calibration has a model for each class). */
  static List<RankingEval.Pair> labels(int topicQueries, Random rnd) {
    List<RankingEval.Pair> out = queries("name", "label-", topicQueries, false, rnd);
    out.addAll(queries("onet", "posting-label-", 2, true, rnd));
    return out;
  }

  @Test
  void feedbackThatDisagreesWithTheLabelsIsLearnedOnHeldOutQueries() {
    Random rnd = new Random(7);
    List<RankingEval.Pair> labels = labels(3, rnd);
    List<RankingEval.Pair> feedback = queries(FeedbackRefit.TOPIC_TYPE, "fb-", 8, true, rnd);
    Calibration current = RankingEval.calibrate(labels, "m", "labels");
    List<FeedbackRefit.HeldOut> h = FeedbackRefit.heldOut(labels, feedback, current);
    assertEquals(1, h.size());
    assertEquals("topic", h.get(0).queryClass(), "feedback on topics refits the topic model");
    assertEquals(8, h.get(0).queries());
    assertTrue(h.get(0).after() > h.get(0).before() + 0.1, h.toString());
  }

  @Test
  void feedbackThatAgreesKeepsTheRanking() {
    Random rnd = new Random(11);
    List<RankingEval.Pair> labels = labels(6, rnd);
    List<RankingEval.Pair> feedback = queries(FeedbackRefit.TOPIC_TYPE, "fb-", 4, false, rnd);
    FeedbackRefit.HeldOut h = FeedbackRefit.heldOut(labels, feedback, RankingEval.calibrate(labels, "m", "labels")).get(0);
    assertTrue(h.after() >= h.before() - 1e-9, h.toString());
  }

  @Test
  void queriesWithOneGradeTellNothingAndAreLeftOut() {
    List<RankingEval.Pair> feedback = List.of(pair(FeedbackRefit.TOPIC_TYPE, "all-good", "a", 3, 0.5, 0.5, 0.1),
        pair(FeedbackRefit.TOPIC_TYPE, "all-good", "b", 2, 0.4, 0.4, 0.1));
    List<RankingEval.Pair> labels = labels(2, new Random(3));
    assertEquals(List.of(), FeedbackRefit.heldOut(labels, feedback, RankingEval.calibrate(labels, "m", "l")));
    assertEquals(3, FeedbackRefit.grade(FeedbackLabel.GOOD_FIT));
    assertEquals(2, FeedbackRefit.grade(FeedbackLabel.SHORTLIST));
    assertEquals(0, FeedbackRefit.grade(FeedbackLabel.REJECT));
    assertEquals("topic", RankingEval.queryClass(FeedbackRefit.TOPIC_TYPE));
    assertEquals("posting", RankingEval.queryClass(FeedbackRefit.POSTING_TYPE));
  }

  /** Several users on one pair are one grade: their mean, rounded down (a fit only if they agree on average). */
  @Test
  void severalUsersVerdictsOnOnePairAreTheirMeanRoundedDown() {
    assertEquals(3, FeedbackRefit.grade(List.of(verdict("ann", FeedbackLabel.GOOD_FIT))));
    assertEquals(2, FeedbackRefit.grade(List.of(verdict("ann", FeedbackLabel.GOOD_FIT),
        verdict("rob", FeedbackLabel.SHORTLIST))));
    assertEquals(1, FeedbackRefit.grade(List.of(verdict("ann", FeedbackLabel.SHORTLIST),
        verdict("rob", FeedbackLabel.REJECT))));
    assertEquals(1, FeedbackRefit.grade(List.of(verdict("ann", FeedbackLabel.GOOD_FIT),
        verdict("rob", FeedbackLabel.REJECT))));
  }

  static dev.rolematch.feedback.Feedback verdict(String user, FeedbackLabel label) {
    return new dev.rolematch.feedback.Feedback(new dev.rolematch.feedback.FeedbackKey(user,
        dev.rolematch.feedback.QueryType.TOPIC, "nlp", "c1"), label, null, java.time.Instant.EPOCH);
  }
}
