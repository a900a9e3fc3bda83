package dev.rolematch.feedback;

import java.time.Instant;

/**
 * One recruiter's current verdict on a candidate for a query.
 *
 * @param reason only for {@link FeedbackLabel#REJECT}, optional there; null otherwise
 * @param at when it was given (server time)
 */
public record Feedback(FeedbackKey key, FeedbackLabel label, RejectReason reason, Instant at) {

  public Feedback {
    if (reason != null && label != FeedbackLabel.REJECT) {
      throw new IllegalArgumentException("'reason' is for label reject only, not for " + label.wire());
    }
  }
}
