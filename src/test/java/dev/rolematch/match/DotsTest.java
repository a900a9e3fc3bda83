package dev.rolematch.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolematch.TestSeeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vector path ({@link SimdDots}, called directly whatever {@link Dots#SIMD} chose on this CPU)
 * and the scalar fallback give the same bits, so a score does not depend on the vector module.
 * Lengths cover the tail (not a multiple of 8); inputs as in {@link PairScorerExactnessTest}.
 */
@ExtendWith(TestSeeds.class)
class DotsTest {

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        () -> what + ": expected " + expected + " but was " + actual);
  }

  private static int length(Random r, int trial) {
    return trial < 70 ? trial : r.nextInt(3) == 0 ? 384 + r.nextInt(9) - 4 : r.nextInt(1100);
  }

  @Test
  void vectorDotIsTheScalarDotBitForBit() {
    Random r = TestSeeds.random("simd-dot");
    for (int trial = 0; trial < 3000; trial++) {
      int n = length(r, trial);
      float[] a = PairScorerExactnessTest.vector(r, n);
      float[] b = PairScorerExactnessTest.vector(r, n);
      assertSameBits(Dots.scalarDot(a, b), SimdDots.dot(a, b), "length " + n + ", trial " + trial);
    }
  }

  @Test
  void vectorDot4IsFourScalarDotsBitForBit() {
    Random r = TestSeeds.random("simd-dot4");
    double[] out = new double[4];
    for (int trial = 0; trial < 3000; trial++) {
      int n = length(r, trial);
      float[] q = PairScorerExactnessTest.vector(r, n);
      float[][] v = new float[4][];
      for (int j = 0; j < 4; j++) {
        v[j] = PairScorerExactnessTest.vector(r, n);
      }
      SimdDots.dot4(q, v[0], v[1], v[2], v[3], out);
      for (int j = 0; j < 4; j++) {
        assertSameBits(Dots.scalarDot(q, v[j]), out[j], "slot " + j + ", length " + n + ", trial " + trial);
      }
    }
  }

  @Test
  void vectorDot8IsEightScalarDotsBitForBit() {
    Random r = TestSeeds.random("simd-dot8");
    double[] out = new double[8];
    for (int trial = 0; trial < 3000; trial++) {
      int n = length(r, trial);
      float[] q = PairScorerExactnessTest.vector(r, n);
      float[][] v = new float[10][];
      for (int j = 0; j < 10; j++) {
        v[j] = PairScorerExactnessTest.vector(r, n);
      }
      int from = trial % 3;
      SimdDots.dot8(q, v, from, out);
      for (int j = 0; j < 8; j++) {
        assertSameBits(Dots.scalarDot(q, v[from + j]), out[j], "slot " + j + ", length " + n + ", trial " + trial);
      }
    }
  }

  @Test
  void theOrderIsTheDocumentedOne() {
    // Lane j gets 1e8 then 1: in float 1e8 + 1 is 1e8 (its ulp is 8), so the lanes sum to exactly 8e8,
    // where a double sum of the products in index order would give 8e8 + 8.
    float[] a = new float[16];
    float[] b = new float[16];
    for (int j = 0; j < 8; j++) {
      a[j] = 1e8f;
      b[j] = 1f;
      a[8 + j] = 1f;
      b[8 + j] = 1f;
    }
    assertSameBits(8e8, Dots.scalarDot(a, b), "scalar");
    assertSameBits(8e8, SimdDots.dot(a, b), "vector");
  }
}
