package dev.rolematch.embed;

import ai.djl.Device;
import java.util.Locale;

/** {@code --device auto|cpu|gpu}: auto takes the first GPU the PyTorch engine sees, else the CPU. */
public enum DeviceChoice {
  AUTO,
  CPU,
  GPU;

  public static DeviceChoice parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown device '" + s + "' (expected auto, cpu or gpu)");
    }
  }

  /**
   * Resolves the choice against the number of GPUs the engine reports.
   *
   * @throws IllegalStateException if a GPU is required and none is visible
   */
  public Device resolve(int gpuCount) {
    return switch (this) {
      case CPU -> Device.cpu();
      case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
      case GPU -> {
        if (gpuCount <= 0) {
          throw new IllegalStateException(
              "--device gpu was requested but the PyTorch engine sees no GPU (CUDA natives and a"
                  + " driver are needed); use --device auto or cpu");
        }
        yield Device.gpu(0);
      }
    };
  }
}
