package dev.rolematch.refresh;

import java.util.ArrayList;
import java.util.List;

/**
 * How a refresh's work is handed to its threads: postings that are scored in full for a top K
 * (every candidate, no stored rows to merge, no pause between postings) go in groups that one
 * thread scores together ({@code Refresher}'s sweep); every other posting is a group of its own.
 * Groups are as even as they can be, at least one per thread, at most {@value #MAX} postings
 * each (their requirement vectors stay in the core's cache while the candidates stream past).
 */
final class Sweeps {
  private Sweeps() {}

  static final int MAX = 8;

  static List<List<RefreshPlan.Work>> of(List<RefreshPlan.Work> work, RefreshOptions o, int threads) {
    List<List<RefreshPlan.Work>> out = new ArrayList<>();
    List<RefreshPlan.Work> sweepable = new ArrayList<>();
    for (RefreshPlan.Work w : work) {
      if (o.top() > 0 && o.throttleMillis() == 0 && w.full() && w.post().error() == null
          && (sweepable.isEmpty() || w.toScore().equals(sweepable.get(0).toScore()))) {
        sweepable.add(w);
      } else {
        out.add(List.of(w));
      }
    }
    int n = sweepable.size();
    if (n == 0) {
      return out;
    }
    int t = Math.max(1, threads);
    int groups = Math.max(Math.min(t, n), (n + MAX - 1) / MAX);
    if (groups < n) {
      groups = Math.min(n, (groups + t - 1) / t * t); // a multiple of the threads: none idles at the end
    }
    for (int g = 0; g < groups; g++) {
      out.add(List.copyOf(sweepable.subList(g * n / groups, (g + 1) * n / groups)));
    }
    return out;
  }
}
