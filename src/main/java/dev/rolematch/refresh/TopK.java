package dev.rolematch.refresh;

import dev.rolematch.match.PairScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The K best candidates of one posting, merged from rows kept as they are and new scores, with
 * the count that decides whether the rest of the posting must be scored: a candidate without a
 * row ranked below the old K-th row, so when fewer than K current scores rank at or above that
 * boundary, one of the unscored may belong in the top K now.
 */
final class TopK {

  /** A candidate: a new result, or an unchanged stored row. */
  record Entry(String id, double score, PairScorer.PairScore result, ScoreRow stored) {}

  /** Best first: score descending, then candidate id. */
  static final Comparator<Entry> ORDER = Comparator.comparingDouble((Entry e) -> -e.score()).thenComparing(Entry::id);

  private final int k;
  private final PriorityQueue<Entry> best; // head: the worst kept
  private Entry boundary; // the old K-th ok row
  private int aboveBoundary; // current scores ranking at or above the boundary

  TopK(int k) {
    this.k = k;
    this.best = new PriorityQueue<>(k + 1, ORDER.reversed());
  }

  /** An ok row from the last run, best first: it moves the boundary down; if still current, it competes. */
  void stored(ScoreRow r, boolean current) {
    boundary = new Entry(r.candidateId(), r.score(), null, r);
    if (current) {
      offer(new Entry(r.candidateId(), r.score(), null, r));
      aboveBoundary++;
    }
  }

  /** A new score of a candidate that had a stale row or was changed. */
  void rescored(Entry e) {
    if (boundary != null && ORDER.compare(e, boundary) <= 0) {
      aboveBoundary++;
    }
    offer(e);
  }

  /** A score of a candidate without a row (the rest of the posting). */
  void offer(Entry e) {
    best.add(e);
    if (best.size() > k) {
      best.poll();
    }
  }

  /** Whether candidates without a row must be scored too (fewer than K known scores above the boundary). */
  boolean needsTheRest() {
    return aboveBoundary < k;
  }

  List<Entry> kept() {
    return new ArrayList<>(best);
  }
}
