package dev.rolematch.refresh;

/**
 * What to refresh; checked when made (errors name the setting, in the words the CLI and the API
 * share: {@code threads}, {@code top}, {@code throttle}).
 *
 * @param postings posting ids, or null for all
 * @param top K best candidates stored per posting, or 0 for every pair
 * @param threads postings scored in parallel
 * @param commitEveryPostings commit after this many postings ...
 * @param commitEveryMillis ... or this much time, whichever comes first
 * @param throttleMillis pause before each posting (0: none), so a batch on a serving machine leaves
 *     it room for queries
 */
public record RefreshOptions(java.util.List<String> postings, int top, int threads, int commitEveryPostings,
    long commitEveryMillis, long throttleMillis) {

  public static final int DEFAULT_TOP = 50;

  public RefreshOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1 (got " + threads + ")");
    }
    if (top < 0) {
      throw new IllegalArgumentException("top must be 0 (every pair) or more (got " + top + ")");
    }
    if (throttleMillis < 0 || throttleMillis > 60_000) {
      throw new IllegalArgumentException("throttle must be 0 to 60000 ms (got " + throttleMillis + ")");
    }
    if (commitEveryPostings < 1 || commitEveryMillis < 0) {
      throw new IllegalArgumentException("commit interval must be at least one posting and not negative in time");
    }
    postings = postings == null ? null : java.util.List.copyOf(postings);
  }

  public static RefreshOptions defaults() {
    return new RefreshOptions(null, DEFAULT_TOP, Runtime.getRuntime().availableProcessors(), 10, 2000, 0);
  }

  public RefreshOptions withPostings(java.util.List<String> ids) {
    return new RefreshOptions(ids, top, threads, commitEveryPostings, commitEveryMillis, throttleMillis);
  }

  public RefreshOptions withTop(int k) {
    return new RefreshOptions(postings, k, threads, commitEveryPostings, commitEveryMillis, throttleMillis);
  }

  public RefreshOptions allPairs() {
    return withTop(0);
  }

  public RefreshOptions withThreads(int n) {
    return new RefreshOptions(postings, top, n, commitEveryPostings, commitEveryMillis, throttleMillis);
  }

  public RefreshOptions withCommitEvery(int postingCount, long millis) {
    return new RefreshOptions(postings, top, threads, postingCount, millis, throttleMillis);
  }

  public RefreshOptions withThrottle(long millis) {
    return new RefreshOptions(postings, top, threads, commitEveryPostings, commitEveryMillis, millis);
  }

  /** As stored in a posting's state: {@code all} or {@code top:K}. */
  public String mode() {
    return top <= 0 ? "all" : "top:" + top;
  }
}
