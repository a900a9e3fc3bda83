package dev.rolematch.match;

/**
 * The scorer's dot products, with one documented arithmetic whatever the JVM runs with: eight
 * float lanes, element {@code i} added to lane {@code i % 8} by a fused multiply-add ({@link
 * Math#fma(float, float, float)}, one rounding per element, in index order), then the eight lanes
 * widened to double and summed from lane 0 to lane 7.
 *
 * <p>With the vector module ({@code --add-modules jdk.incubator.vector}) and 256-bit vectors in
 * hardware, {@link SimdDots} computes exactly those lanes with a fixed 8-lane species (never the
 * preferred one, whose width varies by CPU) and sums them in the same order (never {@code
 * reduceLanes}, whose order is unspecified); otherwise the scalar code here emulates them. Both
 * give the same bits, so a stored score does not depend on JVM flags or the CPU.
 */
final class Dots {
  private Dots() {}

  /** Lanes of the arithmetic (a 256-bit float vector). */
  static final int LANES = 8;

  /** Whether {@link SimdDots} does the work (a speed choice only: the bits are the same). */
  static final boolean SIMD = simdUsable();

  private static boolean simdUsable() {
    if (Boolean.getBoolean("rolematch.scalarDots")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return SimdDots.fast();
    } catch (LinkageError e) { // the module resolved but unusable here
      return false;
    }
  }

  /** {@code a · b} over {@code a.length} elements. */
  static double dot(float[] a, float[] b) {
    return SIMD ? SimdDots.dot(a, b) : scalarDot(a, b);
  }

  /** {@link #dot} of {@code q} with four vectors at once (MaxSim over four chunks). */
  static void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, double[] out) {
    if (SIMD) {
      SimdDots.dot4(q, a, b, c, d, out);
    } else {
      out[0] = scalarDot(q, a);
      out[1] = scalarDot(q, b);
      out[2] = scalarDot(q, c);
      out[3] = scalarDot(q, d);
    }
  }

  /** {@link #dot} of {@code q} with {@code v[from .. from + 7]} into {@code out[0 .. 7]}. */
  static void dot8(float[] q, float[][] v, int from, double[] out) {
    if (SIMD) {
      SimdDots.dot8(q, v, from, out);
    } else {
      for (int j = 0; j < 8; j++) {
        out[j] = scalarDot(q, v[from + j]);
      }
    }
  }

  /**
   * {@link #dot} of {@code q} with every vector of {@code v} into {@code out[0 .. v.length - 1]}:
   * eight at a time, then four, then one ({@code scratch}: at least 8 doubles).
   */
  static void dotAll(float[] q, float[][] v, double[] out, double[] scratch) {
    int i = 0;
    for (; i + 8 <= v.length; i += 8) {
      dot8(q, v, i, scratch);
      System.arraycopy(scratch, 0, out, i, 8);
    }
    for (; i + 4 <= v.length; i += 4) {
      dot4(q, v[i], v[i + 1], v[i + 2], v[i + 3], scratch);
      System.arraycopy(scratch, 0, out, i, 4);
    }
    for (; i < v.length; i++) {
      out[i] = dot(q, v[i]);
    }
  }

  /** The arithmetic in plain Java: the fallback, and the reference {@link SimdDots} must match. */
  static double scalarDot(float[] a, float[] b) {
    // Eight independent chains (lane j: elements j, j+8, ...), kept in locals for speed.
    float l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
    int n = a.length;
    int end = n - n % LANES;
    for (int i = 0; i < end; i += LANES) {
      l0 = Math.fma(a[i], b[i], l0);
      l1 = Math.fma(a[i + 1], b[i + 1], l1);
      l2 = Math.fma(a[i + 2], b[i + 2], l2);
      l3 = Math.fma(a[i + 3], b[i + 3], l3);
      l4 = Math.fma(a[i + 4], b[i + 4], l4);
      l5 = Math.fma(a[i + 5], b[i + 5], l5);
      l6 = Math.fma(a[i + 6], b[i + 6], l6);
      l7 = Math.fma(a[i + 7], b[i + 7], l7);
    }
    float[] lanes = {l0, l1, l2, l3, l4, l5, l6, l7};
    for (int i = end; i < n; i++) {
      lanes[i - end] = Math.fma(a[i], b[i], lanes[i - end]);
    }
    return sumLanes(lanes);
  }

  /** The lanes' total: widened to double, added from lane 0 up. */
  static double sumLanes(float[] lanes) {
    double s = 0;
    for (int j = 0; j < LANES; j++) {
      s += lanes[j];
    }
    return s;
  }
}
