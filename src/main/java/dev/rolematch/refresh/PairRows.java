package dev.rolematch.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.match.PairScorer;

/** The stored rows of one run: every row carries the model and scorer version it was computed with. */
record PairRows(String model, String scorerVersion) {

  private static final ObjectMapper EVIDENCE_JSON = new ObjectMapper();

  ScoreRow ok(RefreshInputs.Post p, RefreshInputs.Cand c, PairScorer.PairScore s, String now) {
    String evidence;
    try {
      evidence = EVIDENCE_JSON.writeValueAsString(s.evidence());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new ScoreRow(p.id(), c.id(), s.score(), ScoreRow.OK, null, s.mustHaves().met(), s.mustHaves().unmet(),
        s.mustHaves().unknown(), evidence, p.sha(), c.sha(), model, scorerVersion, now);
  }

  ScoreRow failed(RefreshInputs.Post p, RefreshInputs.Cand c, String reason, String now) {
    return new ScoreRow(p.id(), c.id(), null, ScoreRow.FAILED, reason, 0, 0, 0, null, p.sha(), c.sha(), model,
        scorerVersion, now);
  }
}
