package dev.rolematch.index;

import org.apache.lucene.util.VectorUtil;

/**
 * Dot products for ranking candidates before they are scored (the matcher's pool): Lucene's
 * SIMD kernels where the JVM has the vector module. Not for stored scores: its rounding depends
 * on JVM flags (the scorer keeps its own plain loop).
 */
public final class VectorMath {
  private VectorMath() {}

  public static float dot(float[] a, float[] b) {
    return VectorUtil.dotProduct(a, b);
  }
}
