package dev.rolematch.refresh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure planning step of a refresh: from what the store holds (posting states and the resume
 * snapshots they were scored against) and what the index holds now, each posting's work. Reads
 * and writes nothing.
 *
 * @param work postings with something to score
 * @param fresh pairs whose stored score holds (counted, not scored)
 * @param pairs pairs to score
 */
record RefreshPlan(List<Work> work, long fresh, long pairs) {

  /**
   * One posting's work.
   *
   * @param toScore candidate ids to score, in id order
   * @param removed candidate ids gone since the posting's snapshot
   * @param full whether every candidate is scored (all rows of the posting are replaced)
   */
  record Work(RefreshInputs.Post post, Set<String> toScore, Set<String> removed, boolean full) {}

  static RefreshPlan of(RefreshInputs data, Map<String, ScoresStore.PostingState> states,
      Map<String, Snapshot> snapshots, Snapshot now, String model, String scorerVersion, String mode) {
    List<Work> out = new ArrayList<>();
    long fresh = 0;
    long pairs = 0;
    Set<String> all = new LinkedHashSet<>();
    for (RefreshInputs.Cand c : data.cands()) {
      all.add(c.id());
    }
    for (RefreshInputs.Post p : data.selected()) {
      ScoresStore.PostingState st = states.get(p.id());
      Snapshot old = Staleness.postingSideHolds(st, p.sha(), model, scorerVersion, mode)
          ? snapshots.get(st.snapshot()) : null;
      if (p.error() == null && old != null) {
        if (old.digest().equals(now.digest()) && st.failedIds().isEmpty()) {
          fresh += all.size();
          continue;
        }
        Set<String> toScore = new LinkedHashSet<>();
        for (RefreshInputs.Cand c : data.cands()) {
          if (!Staleness.candidateSideHolds(c.sha(), old.shaById().get(c.id()), st.failedIds().contains(c.id()))) {
            toScore.add(c.id());
          }
        }
        Set<String> gone = new LinkedHashSet<>(old.shaById().keySet());
        gone.removeAll(all);
        fresh += all.size() - toScore.size();
        pairs += toScore.size();
        out.add(new Work(p, toScore, gone, false));
      } else {
        pairs += all.size();
        out.add(new Work(p, all, Set.of(), true));
      }
    }
    return new RefreshPlan(out, fresh, pairs);
  }
}
