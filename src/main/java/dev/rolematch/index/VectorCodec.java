package dev.rolematch.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.apache.lucene.util.BytesRef;

/** float[] ↔ little-endian bytes for stored vectors, and the check every stored vector must pass. */
public final class VectorCodec {
  private VectorCodec() {}

  /** How far a normalised vector's L2 norm may be from 1 (float rounding is ~1e-6). */
  public static final double NORM_TOLERANCE = 1e-3;

  public static byte[] encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  public static float[] decode(BytesRef ref) {
    float[] v = new float[ref.length / 4];
    ByteBuffer.wrap(ref.bytes, ref.offset, ref.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /**
   * What is wrong with a stored vector, or null: a byte length that is no whole number of floats
   * or not the index's dimension, a non-finite value, or (for normalised models) a norm off 1.
   *
   * @param dimension the index's dimension (0: unknown, not checked)
   */
  public static String problem(BytesRef ref, int dimension, boolean normalized) {
    String length = lengthProblem(ref, dimension);
    return length != null ? length : problem(decode(ref), normalized);
  }

  /** A byte length that is no whole number of floats or not the index's dimension (0: unknown), or null. */
  public static String lengthProblem(BytesRef ref, int dimension) {
    if (ref.length % 4 != 0 || (dimension > 0 && ref.length != 4 * dimension)) {
      return "has " + ref.length + " bytes, not " + (dimension > 0 ? dimension + " floats" : "whole floats");
    }
    return null;
  }

  /** As above for a decoded vector. */
  public static String problem(float[] v, boolean normalized) {
    double sq = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return "has a non-finite value (" + x + ")";
      }
      sq += (double) x * x;
    }
    double norm = Math.sqrt(sq);
    if (normalized && Math.abs(norm - 1) > NORM_TOLERANCE) {
      return String.format(Locale.ROOT, "has norm %.4g", norm);
    }
    return null;
  }
}
