package dev.rolematch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's fp32 peak, from what the CPU says of itself (Linux {@code /proc/cpuinfo}):
 * cores × fp32 lanes per vector unit (16 with AVX-512, 8 with AVX/AVX2, 4 with SSE) × 2 flops per
 * fused multiply-add (1 without FMA) × 2 vector units per core (every x86 core with AVX2 since
 * Haswell issues two FMAs a cycle) × clock. The clock is the nominal one in the model name when
 * it states one, else the current one. An estimate of the ceiling, printed beside every row so a
 * row says how far it is from the physics.
 */
public record MachinePeak(int cores, int lanes, boolean fma, double ghz, String source) {

  private static final Pattern NOMINAL = Pattern.compile("@\\s*([0-9.]+)\\s*GHz");

  public double gflops() {
    return cores * lanes * (fma ? 2 : 1) * 2 * ghz;
  }

  /** The peak of this machine; {@code ghz} 0 (and peak 0) where the CPU does not say. */
  public static MachinePeak detect() {
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return new MachinePeak(cores, 8, true, 0, "no /proc/cpuinfo");
    }
    return parse(cores, lines);
  }

  static MachinePeak parse(int cores, List<String> cpuinfo) {
    String flags = "";
    String model = "";
    double mhz = 0;
    for (String l : cpuinfo) {
      int colon = l.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = l.substring(0, colon).strip();
      String value = l.substring(colon + 1).strip();
      switch (key) {
        case "flags" -> flags = " " + value + " ";
        case "model name" -> model = value;
        case "cpu MHz" -> mhz = Math.max(mhz, parseDouble(value));
        default -> { }
      }
    }
    int lanes = flags.contains(" avx512f ") ? 16 : flags.contains(" avx ") || flags.contains(" avx2 ") ? 8 : 4;
    boolean fma = flags.contains(" fma ");
    Matcher m = NOMINAL.matcher(model);
    double ghz = m.find() ? parseDouble(m.group(1)) : mhz / 1000;
    String source = String.format(Locale.ROOT, "%d cores, %s%s, %.2f GHz (%s)", cores,
        lanes == 16 ? "AVX-512" : lanes == 8 ? "AVX2" : "SSE", fma ? "+FMA" : "", ghz,
        m.find(0) ? "nominal" : "current clock");
    return new MachinePeak(cores, lanes, fma, ghz, source);
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
