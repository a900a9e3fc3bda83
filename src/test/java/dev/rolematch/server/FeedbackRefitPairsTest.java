package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.eval.FeedbackRefit;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackKey;
import dev.rolematch.feedback.FeedbackLabel;
import dev.rolematch.feedback.QueryType;
import dev.rolematch.feedback.RejectReason;
import dev.rolematch.match.Calibration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verdicts become judged pairs whose features are exactly what a query scores: the calibration
 * applied to a pair's features gives the score the API shows for that candidate.
 */
class FeedbackRefitPairsTest {

  static Feedback verdict(QueryType type, String query, String candidate, FeedbackLabel label, RejectReason reason) {
    return new Feedback(new FeedbackKey("default", type, query, candidate), label, reason, Instant.now());
  }

  @Test
  void verdictsArePairsWithTheQuerysOwnFeatures() throws Exception {
    TestServer ts = TestServer.get();
    List<Feedback> feedback = List.of(
        verdict(QueryType.TOPIC, "NLP", "jana-novak", FeedbackLabel.GOOD_FIT, null),
        verdict(QueryType.TOPIC, "NLP", "marco-bellini", FeedbackLabel.REJECT, RejectReason.WRONG_FIELD),
        verdict(QueryType.TOPIC, "NLP", "someone-removed", FeedbackLabel.SHORTLIST, null),
        verdict(QueryType.POSTING, "nlp-intern", "lukas-weber", FeedbackLabel.SHORTLIST, null),
        verdict(QueryType.POSTING, "posting-removed", "lukas-weber", FeedbackLabel.SHORTLIST, null));
    FeedbackRefit.Converted c = FeedbackRefit.pairs(ts.session.index, ts.session.matcher(), feedback);
    assertEquals(2, c.skipped());
    assertEquals(3, c.pairs().size());
    Calibration cal = ts.session.matcher().scorer().calibration();
    JsonNode topic = json(ts.get("/api/topic?q=NLP&top=10"));
    JsonNode match = json(ts.get("/api/match?posting=nlp-intern&top=10"));
    for (RankingEval.Pair p : c.pairs()) {
      JsonNode results = p.type().equals(FeedbackRefit.TOPIC_TYPE) ? topic : match;
      double shown = -1;
      for (JsonNode r : results.get("results")) {
        if (r.get("id").asText().equals(p.doc())) {
          shown = r.get("score").asDouble();
        }
      }
      double fromFeatures = Math.round(cal.forType(RankingEval.queryClass(p.type())).probability(p.features()) * 1000)
          / 10.0;
      assertEquals(shown, fromFeatures, 1e-9, p.doc());
    }
    assertEquals(List.of(3, 0, 2), c.pairs().stream().map(RankingEval.Pair::grade).toList());
  }
}
