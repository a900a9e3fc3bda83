package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stored-vector checks: the four-chain sum decides as the one-chain sum it replaced. */
class VectorCodecTest {

  /** {@code problem} as it was: the oracle. */
  private static String oracle(float[] v, boolean normalized) {
    double sq = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return "has a non-finite value (" + x + ")";
      }
      sq += (double) x * x;
    }
    double norm = Math.sqrt(sq);
    if (normalized && Math.abs(norm - 1) > VectorCodec.NORM_TOLERANCE) {
      return String.format(Locale.ROOT, "has norm %.4g", norm);
    }
    return null;
  }

  @Test
  void decidesAsTheOneChainSum() {
    Random r = new Random(21);
    for (int t = 0; t < 20_000; t++) {
      float[] v = new float[1 + r.nextInt(400)];
      double n = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
        n += (double) v[i] * v[i];
      }
      // unit, slightly off, far off, or with a non-finite value somewhere
      float scale = (float) (1 / Math.sqrt(n) * (r.nextInt(3) == 0 ? 1 + (r.nextDouble() - 0.5) * 0.004 : 1));
      for (int i = 0; i < v.length; i++) {
        v[i] *= r.nextInt(10) == 0 ? 148 : scale;
      }
      if (r.nextInt(8) == 0) {
        v[r.nextInt(v.length)] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[r.nextInt(3)];
      }
      for (boolean normalized : new boolean[] {true, false}) {
        assertEquals(oracle(v, normalized), VectorCodec.problem(v, normalized), () -> java.util.Arrays.toString(v));
      }
    }
  }

  @Test
  void namesTheFirstNonFiniteValueAndTheNorm() {
    assertEquals("has a non-finite value (NaN)", VectorCodec.problem(new float[] {0.5f, Float.NaN, Float.NEGATIVE_INFINITY}, false));
    assertEquals("has norm 2.000", VectorCodec.problem(new float[] {2, 0, 0, 0, 0}, true));
    assertNull(VectorCodec.problem(new float[] {0.6f, 0.8f, 0, 0, 0}, true));
    assertNull(VectorCodec.problem(new float[] {2, 0, 0, 0, 0}, false));
  }
}
