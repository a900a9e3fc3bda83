package dev.rolematch.match;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dots}'s arithmetic with the incubating Vector API. Loaded only when the module is
 * present. The species is fixed at 8 float lanes so the lanes are {@link Dots}'s lanes on every
 * CPU; the tail (length not a multiple of 8) goes to lanes 0.. with {@link Math#fma}, as if one
 * more vector step had run, and the lanes are summed in {@link Dots#sumLanes}'s order.
 */
final class SimdDots {
  private SimdDots() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  /**
   * Where the accumulators' lanes are stored to be summed, one per thread. A new array per call
   * was not optimised away (the vector stores need real memory): 5 KB of garbage per scored pair,
   * two thirds of all a refresh allocated.
   */
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[8 * Dots.LANES]);

  static {
    if (S.length() != Dots.LANES) {
      throw new IllegalStateException("species lanes " + S.length());
    }
  }

  /** Whether the hardware has 256-bit vectors (else the API would emulate them, slower than scalar code). */
  static boolean fast() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= S.vectorBitSize();
  }

  static double dot(float[] a, float[] b) {
    int n = a.length;
    int end = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (int i = 0; i < end; i += S.length()) {
      acc = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), acc);
    }
    float[] lanes = LANES.get();
    acc.intoArray(lanes, 0);
    return finish(lanes, 0, a, b, end);
  }

  /** One query against four vectors: each query load serves four multiply-adds. */
  static void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, double[] out) {
    int n = q.length;
    int end = S.loopBound(n);
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int i = 0; i < end; i += S.length()) {
      FloatVector x = FloatVector.fromArray(S, q, i);
      s0 = x.fma(FloatVector.fromArray(S, a, i), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, i), s1);
      s2 = x.fma(FloatVector.fromArray(S, c, i), s2);
      s3 = x.fma(FloatVector.fromArray(S, d, i), s3);
    }
    // One store per accumulator (lane(j) one at a time cost more than the multiply-adds).
    float[] lanes = LANES.get();
    s0.intoArray(lanes, 0);
    s1.intoArray(lanes, Dots.LANES);
    s2.intoArray(lanes, 2 * Dots.LANES);
    s3.intoArray(lanes, 3 * Dots.LANES);
    out[0] = finish(lanes, 0, q, a, end);
    out[1] = finish(lanes, Dots.LANES, q, b, end);
    out[2] = finish(lanes, 2 * Dots.LANES, q, c, end);
    out[3] = finish(lanes, 3 * Dots.LANES, q, d, end);
  }

  /**
   * One query against eight vectors: eight independent accumulator chains keep both multiply-add
   * units busy (four leave them waiting on the add latency), and each query load serves eight.
   * Each chain is {@link #dot}'s arithmetic, so the results are its bits.
   */
  static void dot8(float[] q, float[][] v, int from, double[] out) {
    float[] a = v[from];
    float[] b = v[from + 1];
    float[] c = v[from + 2];
    float[] d = v[from + 3];
    float[] e = v[from + 4];
    float[] f = v[from + 5];
    float[] g = v[from + 6];
    float[] h = v[from + 7];
    int n = q.length;
    int end = S.loopBound(n);
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    for (int i = 0; i < end; i += S.length()) {
      FloatVector x = FloatVector.fromArray(S, q, i);
      s0 = x.fma(FloatVector.fromArray(S, a, i), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, i), s1);
      s2 = x.fma(FloatVector.fromArray(S, c, i), s2);
      s3 = x.fma(FloatVector.fromArray(S, d, i), s3);
      s4 = x.fma(FloatVector.fromArray(S, e, i), s4);
      s5 = x.fma(FloatVector.fromArray(S, f, i), s5);
      s6 = x.fma(FloatVector.fromArray(S, g, i), s6);
      s7 = x.fma(FloatVector.fromArray(S, h, i), s7);
    }
    float[] lanes = LANES.get();
    s0.intoArray(lanes, 0);
    s1.intoArray(lanes, Dots.LANES);
    s2.intoArray(lanes, 2 * Dots.LANES);
    s3.intoArray(lanes, 3 * Dots.LANES);
    s4.intoArray(lanes, 4 * Dots.LANES);
    s5.intoArray(lanes, 5 * Dots.LANES);
    s6.intoArray(lanes, 6 * Dots.LANES);
    s7.intoArray(lanes, 7 * Dots.LANES);
    out[0] = finish(lanes, 0, q, a, end);
    out[1] = finish(lanes, Dots.LANES, q, b, end);
    out[2] = finish(lanes, 2 * Dots.LANES, q, c, end);
    out[3] = finish(lanes, 3 * Dots.LANES, q, d, end);
    out[4] = finish(lanes, 4 * Dots.LANES, q, e, end);
    out[5] = finish(lanes, 5 * Dots.LANES, q, f, end);
    out[6] = finish(lanes, 6 * Dots.LANES, q, g, end);
    out[7] = finish(lanes, 7 * Dots.LANES, q, h, end);
  }

  /** Adds the tail from {@code from} (a multiple of 8) into its lanes, then sums the lanes in order. */
  private static double finish(float[] lanes, int off, float[] a, float[] b, int from) {
    double s = 0;
    for (int j = 0; j < Dots.LANES; j++) {
      float lane = lanes[off + j];
      int i = from + j;
      if (i < a.length) {
        lane = Math.fma(a[i], b[i], lane);
      }
      s += lane;
    }
    return s;
  }
}
