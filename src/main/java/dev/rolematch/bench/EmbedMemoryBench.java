package dev.rolematch.bench;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Memory over a long embedding run: embeds many short texts in fixed batches and samples the Java
 * heap (after a GC) and the process RSS (which includes native PyTorch memory) as it goes. Growth
 * is measured from the state after the first {@value #WARMUP_BATCHES} batches, once allocators
 * and kernel caches have warmed up; a leak of native tensors shows as RSS growing with texts done.
 */
public final class EmbedMemoryBench {

  public static final int WARMUP_BATCHES = 10;

  /**
   * One sample: texts embedded so far; Java heap used after a GC and committed; resident set size
   * (native PyTorch memory, the committed heap and the rest of the JVM); all in MB.
   */
  public record Sample(
      long textsDone, double heapMb, double heapCommittedMb, double rssMb, double textsPerSec) {}

  /** All samples; growth is end minus the state after the warm-up batches. */
  public record Result(Sample baseline, Sample end, List<Sample> samples) {
    public double heapGrowthMb() {
      return end.heapMb() - baseline.heapMb();
    }

    public double rssGrowthMb() {
      return end.rssMb() - baseline.rssMb();
    }
  }

  private static final String[] WORDS = {
    "senior", "junior", "java", "python", "engineer", "developer", "manager", "nurse", "teacher",
    "driver", "sales", "marketing", "remote", "hybrid", "office", "team", "lead", "data", "cloud",
    "kubernetes", "sql", "design", "product", "customer", "support", "finance", "audit", "legal",
    "warehouse", "logistics", "chef", "kitchen", "research", "lab", "security", "network", "linux",
    "experience", "years", "degree", "salary", "benefits", "full-time", "part-time", "contract",
    "with", "and", "for", "in", "the", "a", "of", "to", "we", "are", "hiring", "looking",
    "München", "café", "東京", "2024", "5+", "C++", "node.js"
  };

  private EmbedMemoryBench() {}

  /**
   * Deterministic short texts of varied length (2 to 40 words); text {@code i} is always the same
   * for a given seed, so runs are comparable.
   */
  public static List<String> texts(long first, int count, long seed) {
    List<String> out = new ArrayList<>(count);
    for (long i = first; i < first + count; i++) {
      Random r = new Random(seed * 1_000_003L + i);
      int words = 2 + r.nextInt(39);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      out.add(sb.append(" #").append(i).toString());
    }
    return out;
  }

  /** Java heap in use after a full GC, in MB. */
  public static double heapUsedMb() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.gc();
    return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
  }

  /**
   * A sample of the process now: GC, then a short pause so that G1 can hand uncommitted heap back
   * to the OS (it does so concurrently), then heap and RSS.
   */
  public static Sample sampleNow(long textsDone, double textsPerSec) {
    double heap = heapUsedMb();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    double committed = Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    // The embedder trims glibc's free pages every few seconds (NativeHeap); between trims RSS rides
    // up to ~110 MB above its floor. Trim now, so every sample reads the floor and growth means
    // memory that is still held (a leak or fragmentation), not where in that cycle a sample fell.
    dev.rolematch.embed.NativeHeap.trim();
    return new Sample(textsDone, heap, committed, rssMb(), textsPerSec);
  }

  /** Resident set size of this process from {@code /proc/self/status} (VmRSS), in MB; NaN if unknown. */
  public static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /**
   * Embeds {@code total} generated texts in batches of {@code batch}, calling {@code onSample} with
   * the baseline (after the warm-up batches) and about every {@code 1/reports} of the run. Texts per
   * second include the pauses for sampling.
   */
  public static Result run(Embedder embedder, int total, int batch, int reports, Consumer<Sample> onSample) {
    if (total < 1 || batch < 1) {
      throw new IllegalArgumentException("texts and batch must be positive");
    }
    long every = Math.max(batch, (long) Math.ceil(total / (double) Math.max(1, reports)));
    long nextReport = every;
    List<Sample> samples = new ArrayList<>();
    Sample baseline = null;
    long done = 0;
    int batches = 0;
    long t0 = System.nanoTime();
    while (done < total) {
      int n = (int) Math.min(batch, total - done);
      float[][] v = embedder.embed(texts(done, n, 1), Role.DOCUMENT);
      if (v.length != n) {
        throw new IllegalStateException("embedder returned " + v.length + " vectors for " + n + " texts");
      }
      done += n;
      batches++;
      boolean last = done >= total;
      if (baseline == null && (batches == WARMUP_BATCHES || last)) {
        baseline = sample(done, t0);
        samples.add(baseline);
        onSample.accept(baseline);
      } else if (done >= nextReport || last) {
        Sample s = sample(done, t0);
        samples.add(s);
        onSample.accept(s);
      }
      while (nextReport <= done) {
        nextReport += every;
      }
    }
    return new Result(baseline, samples.get(samples.size() - 1), samples);
  }

  private static Sample sample(long done, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    return sampleNow(done, done / Math.max(seconds, 1e-9));
  }

  public static String header() {
    return String.format(Locale.ROOT, "%10s %13s %18s %9s %12s",
        "texts_done", "heap_used_mb", "heap_committed_mb", "rss_mb", "texts_per_s");
  }

  public static String row(Sample s) {
    return String.format(Locale.ROOT, "%10d %13.1f %18.1f %9.1f %12.1f",
        s.textsDone(), s.heapMb(), s.heapCommittedMb(), s.rssMb(), s.textsPerSec());
  }

  public static String summary(Result r) {
    return String.format(
        Locale.ROOT, "heap_growth_mb=%.1f rss_growth_mb=%.1f", r.heapGrowthMb(), r.rssGrowthMb());
  }
}
