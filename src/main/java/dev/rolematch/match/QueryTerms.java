package dev.rolematch.match;

import dev.rolematch.index.CorpusStats;

/**
 * A query's terms with their idf under one corpus snapshot, each in its set's iteration order (so
 * sums over them add in the same order as over the sets). The idf (a map lookup and a logarithm)
 * depends only on the query and the snapshot, yet was computed for every term of every pair;
 * {@link PairScorer} keeps the last {@value #RECENT} queries' per thread, and a batch scores a few
 * queries at a time.
 */
final class QueryTerms {

  final QueryProfile query;
  final CorpusStats stats;
  final String[][] needTerms;
  final double[][] needIdf;
  final String[] allTerms;
  final double[] allIdf;
  /** {@code needAt[k][i]}: index in {@link #allTerms} of need k's term i (-1: not among them). */
  final int[][] needAt;

  private QueryTerms(QueryProfile query, CorpusStats stats) {
    this.query = query;
    this.stats = stats;
    int n = query.needs().size();
    needTerms = new String[n][];
    needIdf = new double[n][];
    for (int i = 0; i < n; i++) {
      needTerms[i] = query.needs().get(i).terms().toArray(new String[0]);
      needIdf[i] = idf(needTerms[i], stats);
    }
    allTerms = query.allTerms().toArray(new String[0]);
    allIdf = idf(allTerms, stats);
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < allTerms.length; i++) {
      index.putIfAbsent(allTerms[i], i);
    }
    needAt = new int[n][];
    for (int k = 0; k < n; k++) {
      needAt[k] = new int[needTerms[k].length];
      for (int i = 0; i < needTerms[k].length; i++) {
        needAt[k][i] = index.getOrDefault(needTerms[k][i], -1);
      }
    }
  }

  private static double[] idf(String[] terms, CorpusStats stats) {
    double[] w = new double[terms.length];
    for (int i = 0; i < terms.length; i++) {
      w[i] = stats.idf(terms[i]);
    }
    return w;
  }

  /** Queries remembered per thread: a refresh sweeps up to eight postings over each candidate. */
  static final int RECENT = 16;

  /**
   * This query's terms under these statistics from {@code recent} (most recent first), else new
   * ones, which then go first.
   */
  static QueryTerms of(QueryProfile query, CorpusStats stats, QueryTerms[] recent) {
    for (int i = 0; i < recent.length; i++) {
      QueryTerms t = recent[i];
      if (t == null) {
        break;
      }
      if (t.query == query && t.stats == stats) {
        return t;
      }
    }
    QueryTerms t = new QueryTerms(query, stats);
    if (recent[0] != null && recent[0].stats != stats) {
      java.util.Arrays.fill(recent, null); // a new snapshot: the old one is not kept alive
    }
    System.arraycopy(recent, 0, recent, 1, recent.length - 1);
    recent[0] = t;
    return t;
  }

}
