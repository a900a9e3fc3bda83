package dev.rolematch.embed;

import java.util.Locale;

/**
 * Which forward pass runs an {@code onnx-bert} model: {@code ops} (the op-by-op {@link
 * BertEncoder} in DJL NDArrays, the oracle) or {@code fused} (the same encoder written as a
 * TorchScript module calling PyTorch's fused kernels, {@link FusedBertForward}). Chosen with
 * {@code --encoder} or the system property {@value #PROPERTY}; the kernel of the fused encoder with
 * {@value #KERNEL_PROPERTY} ({@code onednn}, the default | {@code sdpa} | {@code layer}).
 */
public enum EncoderChoice {
  OPS,
  FUSED;

  public static final String PROPERTY = "rolematch.encoder";
  public static final String KERNEL_PROPERTY = "rolematch.fused.kernel";

  /**
   * The encoder used when nothing is chosen: fused, since it matches the op-by-op encoder to 1e-12
   * cosine, runs faster, and keeps RSS flat over long runs (README, Speed); ops stays the oracle.
   */
  public static final EncoderChoice DEFAULT = FUSED;

  public static EncoderChoice parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown encoder '" + s + "' (expected ops or fused)");
    }
  }

  /** From {@value #PROPERTY}, else {@link #DEFAULT}. */
  public static EncoderChoice configured() {
    String s = System.getProperty(PROPERTY);
    return s == null || s.isBlank() ? DEFAULT : parse(s);
  }

  /**
   * The fused encoder's kernel: {@code onednn} unless {@value #KERNEL_PROPERTY} names another. It
   * was 1.6–2× the {@code sdpa} kernel's throughput on the AMD development machine, where MKL's
   * GEMM (behind {@code aten::linear}) runs its generic code path (README, Speed).
   */
  static FusedBertWriter.Kernel kernel() {
    String s = System.getProperty(KERNEL_PROPERTY);
    return s == null || s.isBlank() ? FusedBertWriter.Kernel.ONEDNN : FusedBertWriter.Kernel.parse(s);
  }
}
