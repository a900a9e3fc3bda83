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

  /**
   * As above for a decoded vector. The squares are summed in four chains (one chain waits on each
   * add: every stored vector of a refresh passes here); a non-finite value makes the sum
   * non-finite, and only then is the vector searched for it.
   */
  public static String problem(float[] v, boolean normalized) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= v.length; i += 4) {
      s0 += (double) v[i] * v[i];
      s1 += (double) v[i + 1] * v[i + 1];
      s2 += (double) v[i + 2] * v[i + 2];
      s3 += (double) v[i + 3] * v[i + 3];
    }
    for (; i < v.length; i++) {
      s0 += (double) v[i] * v[i];
    }
    double sq = (s0 + s1) + (s2 + s3);
    if (!Double.isFinite(sq)) {
      for (float x : v) {
        if (!Float.isFinite(x)) {
          return "has a non-finite value (" + x + ")";
        }
      }
    }
    double norm = Math.sqrt(sq);
    if (normalized && Math.abs(norm - 1) > NORM_TOLERANCE) {
      return String.format(Locale.ROOT, "has norm %.4g", norm);
    }
    return null;
  }
}
