package dev.rolematch.bench;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embedding throughput and latency of engines on fixed texts: each batch size runs the texts in
 * consecutive slices after a warm-up, timing every call, the engines interleaved round by round.
 */
public final class EmbedBench {

  public record Row(String engine, int batch, int texts, double sentencesPerSec, double tokensPerSec,
      double p50Ms, double p99Ms) {}

  private EmbedBench() {}

  /**
   * Several engines on the same texts, interleaved: each of {@code rounds} rounds runs every engine
   * once over the texts, so load from other processes on a shared machine falls on all of them
   * alike. One warm-up per engine first; rows in the order of {@code engines}.
   */
  public static List<Row> runInterleaved(
      java.util.LinkedHashMap<String, Embedder> engines, List<String> texts, int batch, long tokens,
      int rounds) {
    java.util.Map<String, List<Double>> latencies = new java.util.LinkedHashMap<>();
    java.util.Map<String, Long> nanos = new java.util.LinkedHashMap<>();
    for (var e : engines.entrySet()) {
      e.getValue().embed(texts.subList(0, Math.min(texts.size(), Math.max(batch, 8))), Role.DOCUMENT);
      latencies.put(e.getKey(), new ArrayList<>());
      nanos.put(e.getKey(), 0L);
    }
    for (int round = 0; round < rounds; round++) {
      for (var e : engines.entrySet()) {
        long t0 = System.nanoTime();
        for (int i = 0; i < texts.size(); i += batch) {
          List<String> slice = texts.subList(i, Math.min(texts.size(), i + batch));
          long s = System.nanoTime();
          e.getValue().embed(slice, Role.DOCUMENT);
          latencies.get(e.getKey()).add((System.nanoTime() - s) / 1e6);
        }
        nanos.merge(e.getKey(), System.nanoTime() - t0, Long::sum);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (String name : engines.keySet()) {
      double seconds = nanos.get(name) / 1e9;
      double[] l = latencies.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      rows.add(new Row(name, batch, texts.size() * rounds, texts.size() * rounds / seconds,
          tokens * rounds / seconds, percentile(l, 0.50), percentile(l, 0.99)));
    }
    return rows;
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
