package dev.rolematch.refresh;

import java.util.ArrayList;
import java.util.List;

/**
 * When a stored score no longer holds: the one predicate behind refresh's plan (what to rescore)
 * and the scores view (which rows to mark stale). A score holds while the posting and resume texts
 * (hashes), the model fingerprint and the scorer version are those it was computed with.
 */
final class Staleness {
  private Staleness() {}

  /**
   * Why a stored row is stale now; empty when it is fresh.
   *
   * @param postingSha the posting's text hash now, null if it is gone
   * @param resumeSha the resume's text hash now, null if it is gone
   */
  static List<String> reasons(ScoreRow r, String postingSha, String resumeSha, String model, String scorerVersion) {
    List<String> why = new ArrayList<>();
    if (postingSha == null) {
      why.add("posting removed");
    } else if (!postingSha.equals(r.postingSha256())) {
      why.add("posting changed");
    }
    if (resumeSha == null) {
      why.add("resume removed");
    } else if (!resumeSha.equals(r.resumeSha256())) {
      why.add("resume changed");
    }
    if (!model.equals(r.modelFingerprint())) {
      why.add("model changed");
    }
    if (!scorerVersion.equals(r.scorerVersion())) {
      why.add("scorer changed");
    }
    if (!r.ok()) {
      why.add("failed: " + r.error());
    }
    return why;
  }

  /**
   * Whether a posting's stored rows were computed from this posting text, model, scorer and mode,
   * so that only candidates whose resume changed need scoring again.
   */
  static boolean postingSideHolds(ScoresStore.PostingState st, String postingSha, String model, String scorerVersion,
      String mode) {
    return st != null && ScoreRow.OK.equals(st.status()) && postingSha.equals(st.postingSha())
        && model.equals(st.model()) && scorerVersion.equals(st.scorer()) && mode.equals(st.mode());
  }

  /** Whether a candidate's score in a posting's snapshot still holds for the resume as it is now. */
  static boolean candidateSideHolds(String resumeShaNow, String resumeShaScored, boolean failedLastTime) {
    return resumeShaNow.equals(resumeShaScored) && !failedLastTime;
  }
}
