package dev.rolematch.refresh;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One stored (posting, candidate) row of the scores store. Field names are the export and {@code
 * --json} contract (snake_case on the wire).
 *
 * @param score 0–100 as {@code match} prints it; null for a failed row
 * @param status {@code ok} or {@code failed}
 * @param error why scoring failed; null for ok rows
 * @param evidence the per-requirement breakdown: the scorer's evidence list as a JSON array, in the
 *     posting's requirement order (each: requirement, kind, snippet, similarity, status)
 * @param postingSha256 SHA-256 of the posting text the score was computed from
 * @param resumeSha256 SHA-256 of the resume text the score was computed from
 * @param modelFingerprint fingerprint of the model that made the stored vectors
 * @param scorerVersion {@link dev.rolematch.match.PairScorer#VERSION} + hash of the calibration
 * @param computedAt ISO-8601 instant
 */
@JsonPropertyOrder({"posting_id", "candidate_id", "score", "status", "error", "must_met", "must_unmet",
    "must_unknown", "evidence", "posting_sha256", "resume_sha256", "model_fingerprint", "scorer_version",
    "computed_at"})
public record ScoreRow(
    String postingId,
    String candidateId,
    Double score,
    String status,
    String error,
    int mustMet,
    int mustUnmet,
    int mustUnknown,
    @JsonRawValue String evidence,
    String postingSha256,
    String resumeSha256,
    String modelFingerprint,
    String scorerVersion,
    String computedAt) {

  public static final String OK = "ok";
  public static final String FAILED = "failed";

  public boolean ok() {
    return OK.equals(status);
  }

  /** The store's key of a pair. */
  public static String key(String postingId, String candidateId) {
    return postingId + "\u0000" + candidateId;
  }
}
