package dev.rolematch.bench;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embedding throughput and latency of one engine on fixed texts: each batch size runs the texts in
 * consecutive slices after a warm-up, timing every call.
 */
public final class EmbedBench {

  public record Row(String engine, int batch, int texts, double sentencesPerSec, double tokensPerSec,
      double p50Ms, double p99Ms) {}

  private EmbedBench() {}

  public static Row run(String engine, Embedder embedder, List<String> texts, int batch, long tokens) {
    // Warm-up: first calls pay for allocator growth and kernel selection.
    embedder.embed(texts.subList(0, Math.min(texts.size(), Math.max(batch, 8))), Role.DOCUMENT);
    List<Double> latencies = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i += batch) {
      List<String> slice = texts.subList(i, Math.min(texts.size(), i + batch));
      long s = System.nanoTime();
      embedder.embed(slice, Role.DOCUMENT);
      latencies.add((System.nanoTime() - s) / 1e6);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Row(engine, batch, texts.size(), texts.size() / seconds, tokens / seconds,
        percentile(l, 0.50), percentile(l, 0.99));
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-14s %5s %6s %12s %11s %9s %9s%n",
        "engine", "batch", "texts", "sentences/s", "tokens/s", "p50_ms", "p99_ms"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-14s %5d %6d %12.1f %11.0f %9.2f %9.2f%n",
          r.engine(), r.batch(), r.texts(), r.sentencesPerSec(), r.tokensPerSec(), r.p50Ms(), r.p99Ms()));
    }
    return sb.toString();
  }

  /** Cycles the given sentences up to n texts. */
  public static List<String> cycle(List<String> pool, int n) {
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("no texts to benchmark");
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(pool.get(i % pool.size()));
    }
    return out;
  }

}
