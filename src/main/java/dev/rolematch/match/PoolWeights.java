package dev.rolematch.match;

import dev.rolematch.ingest.RequirementKind;
import java.util.List;

/**
 * How much each query vector counts in the score, read off the calibration, so that the pool is
 * gathered and pre-scored by what the final score weighs: the weight of each need's MaxSim, of
 * the whole query's similarity to the whole resume and to its best chunk, and the same two for
 * the title. Mirrors {@link PairScorer}'s features: a kind with no needs, a missing whole-query or
 * title vector, passes its weight on the way the scorer passes on the feature's value. Negative
 * weights count as zero (the pool looks for good matches).
 *
 * @param needs per need, in the query's order
 */
record PoolWeights(double[] needs, double doc, double chunk, double title, double titleChunk) {

  static PoolWeights of(QueryProfile q, Calibration.Model model) {
    double[] w = new double[7];
    for (int i = 0; i < w.length && i < model.weights().length; i++) {
      w[i] = Math.max(0, model.weights()[i]);
    }
    List<QueryProfile.Need> needs = q.needs();
    int n = needs.size();
    int[] per = new int[3];
    for (QueryProfile.Need need : needs) {
      per[group(need.kind())]++;
    }
    double doc = w[PairScorer.DOC];
    double chunk = w[PairScorer.CHUNK];
    double title = w[PairScorer.TITLE];
    double titleChunk = w[PairScorer.TITLE_CHUNK];
    if (q.titleVector() == null) { // the title features are the whole query's
      doc += title;
      chunk += titleChunk;
      title = 0;
      titleChunk = 0;
    }
    double spread = 0; // weight of features that fall back to the mean over all needs
    if (q.docVector() == null) {
      spread += doc + chunk;
      doc = 0;
      chunk = 0;
    }
    for (int g = 0; g < 3; g++) {
      if (per[g] == 0) {
        spread += w[g];
      }
    }
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      int g = group(needs.get(j).kind());
      out[j] = w[g] / per[g] + (n > 0 ? spread / n : 0);
    }
    return new PoolWeights(out, doc, chunk, title, titleChunk);
  }

  /** The scorer's three need features: must-haves, duties and topics, nice-to-haves. */
  private static int group(RequirementKind kind) {
    return switch (kind) {
      case MUST -> 0;
      case NICE -> 2;
      default -> 1;
    };
  }

  /**
   * All the query's vectors in one, each weighted by what it counts: a chunk near it is near what
   * the score rewards as a whole (MaxSim per need is at least the best single chunk's share).
   * Null when nothing weighs.
   */
  float[] blend(QueryProfile q) {
    float[] b = null;
    for (int j = 0; j < needs.length; j++) {
      b = add(b, q.needs().get(j).vector(), needs[j]);
    }
    b = add(b, q.docVector(), doc + chunk);
    b = add(b, q.titleVector(), title + titleChunk);
    return b == null ? null : unit(b);
  }

  private static float[] add(float[] sum, float[] v, double w) {
    if (v == null || w <= 0) {
      return sum;
    }
    float[] s = sum == null ? new float[v.length] : sum;
    for (int i = 0; i < v.length; i++) {
      s[i] += (float) (w * v[i]);
    }
    return s;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    if (n == 0) {
      return null;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
