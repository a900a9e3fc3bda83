package dev.rolematch.bench;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.refresh.RefreshOptions;
import dev.rolematch.refresh.RefreshProgress;
import dev.rolematch.refresh.RefreshSummary;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RequirementKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import dev.rolematch.refresh.Refresher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code rolematch bench refresh}: batch refresh throughput from stored vectors on generated data.
 * Resumes (8 chunks) and postings (20 requirements) get plausible texts and random unit vectors,
 * written straight into a temporary {@link RoleIndex} (no embedding model involved), then {@link
 * Refresher} scores every pair into an empty scores store and keeps the top K per posting.
 */
public final class RefreshBench {
  private RefreshBench() {}

  public static final int DIM = 384;
  public static final ModelIdentity MODEL = new ModelIdentity("bench", DIM, "0".repeat(64));

  private static final String[] SKILLS = {
    "Python", "PyTorch", "TensorFlow", "JAX", "CUDA", "C++", "Java", "Kotlin", "Go", "Rust", "SQL", "Spark",
    "Kafka", "Airflow", "Kubernetes", "Docker", "React", "TypeScript", "computer vision", "NLP",
    "transformers", "diffusion models", "reinforcement learning", "graph neural networks", "robotics",
    "SLAM", "LLM inference", "quantization", "distributed training", "data pipelines", "A/B testing",
    "statistics", "Bayesian optimisation", "time series", "recommendation systems", "information retrieval",
    "speech recognition", "medical imaging", "physics-informed neural networks", "explainable AI"};
  private static final String[] VERBS = {
    "Built", "Designed", "Trained", "Deployed", "Optimised", "Led", "Evaluated", "Maintained", "Published work on",
    "Scaled"};
  private static final String[] DEGREES = {"BS", "MS", "PhD"};
  private static final String[] CITIES = {"Berlin", "Paris", "Austin, TX", "Santa Clara, CA", "Zurich", "Tokyo"};

  /** Random unit vector. */
  public static float[] unit(Random r) {
    float[] v = new float[DIM];
    double n = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < DIM; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static String pick(Random r, String[] a) {
    return a[r.nextInt(a.length)];
  }

  /** A resume with 8 chunks of bullet-like sentences. */
  public static StoredDocument resume(String id, Random r) {
    List<IndexedChunk> chunks = new ArrayList<>();
    StringBuilder text = new StringBuilder("Candidate " + id + "\n" + pick(r, CITIES) + "\n");
    for (int i = 0; i < 8; i++) {
      String t = "- " + pick(r, VERBS) + " " + pick(r, SKILLS) + " systems with " + pick(r, SKILLS) + " and "
          + pick(r, SKILLS) + " for " + (2 + r.nextInt(40)) + " teams (" + (2015 + r.nextInt(10)) + ")";
      chunks.add(new IndexedChunk(i, i < 2 ? "Education" : "Experience", "", t, unit(r)));
      text.append(t).append('\n');
    }
    String degree = pick(r, DEGREES);
    text.append(degree).append(" in Computer Science\n");
    return new StoredDocument(id, DocKind.RESUME, "Candidate " + id, id + ".txt", text.toString(),
        Indexer.sha256(text.toString()), new Metadata(pick(r, CITIES), r.nextInt(12), degree, 2015 + r.nextInt(12)),
        List.of(), unit(r), chunks);
  }

  /** A posting with 20 requirements: 6 must-haves, 4 nice-to-haves, 8 duties, 2 topics. */
  public static StoredDocument posting(String id, Random r) {
    List<IndexedChunk> chunks = new ArrayList<>();
    StringBuilder text = new StringBuilder("Research Intern " + id + "\n");
    for (int i = 0; i < 20; i++) {
      RequirementKind kind = i < 6 ? RequirementKind.MUST : i < 10 ? RequirementKind.NICE
          : i < 18 ? RequirementKind.DUTY : RequirementKind.TOPIC;
      String t = switch (kind) {
        case MUST -> i == 0 ? "Pursuing a PhD or MS in Computer Science or a related field"
            : "Strong experience with " + pick(r, SKILLS) + " and " + pick(r, SKILLS);
        case NICE -> "Publications or open-source work in " + pick(r, SKILLS);
        case DUTY -> pick(r, VERBS) + " " + pick(r, SKILLS) + " models for " + pick(r, SKILLS);
        case TOPIC -> pick(r, SKILLS);
      };
      chunks.add(new IndexedChunk(i, kind.name(), kind.name(), t, unit(r)));
      text.append("- ").append(t).append('\n');
    }
    return new StoredDocument(id, DocKind.POSTING, "Research Intern " + id, id + ".txt", text.toString(),
        Indexer.sha256(text.toString()), Metadata.UNKNOWN, List.of(), unit(r), chunks);
  }

  /** Adds resumes {@code r<from>..r<to-1>} and postings {@code p0..p<postings-1>} (ids zero-padded). */
  public static void generate(IndexLayout layout, int fromResume, int toResume, int postings, long seed)
      throws IOException {
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(MODEL, false))) {
      for (int i = 0; i < postings; i++) {
        index.upsert(posting(String.format(Locale.ROOT, "p%04d", i), new Random(seed * 31 + i)));
      }
      for (int i = fromResume; i < toResume; i++) {
        index.upsert(resume(String.format(Locale.ROOT, "r%06d", i), new Random(seed * 17 + i)));
      }
      index.commit();
    }
  }

  /**
   * One measurement. {@code cpuSeconds} is the process CPU time the refresh took (all threads): on
   * a machine shared with other work, {@code pairs / cpuSeconds} is what one core delivers.
   */
  public record Row(int resumes, int postings, long pairs, double seconds, double loadSeconds, double pairsPerSec,
      double cpuSeconds, long heapStartMb, long heapEndMb, long rssStartMb, long rssEndMb) {}

  /** Runs the benchmark for each resume count (one growing index), printing as it goes. */
  public static List<Row> run(List<Integer> resumeCounts, int postings, int threads, int top, Path work,
      java.io.PrintStream out) throws IOException {
    return run(resumeCounts, postings, threads, top, work, false, out);
  }

  /**
   * With {@code reuse}, an index kept in {@code work} by an earlier run is grown, not rebuilt: it
   * must hold resumes {@code r0..} and the same number of postings (generation is deterministic).
   */
  public static List<Row> run(List<Integer> resumeCounts, int postings, int threads, int top, Path work,
      boolean reuse, java.io.PrintStream out) throws IOException {
    IndexLayout layout = new IndexLayout(work);
    List<Row> rows = new ArrayList<>();
    int have = 0;
    if (reuse && RoleIndex.exists(layout)) {
      try (RoleIndex index = RoleIndex.openForRead(layout)) {
        int kept = index.sha256s(DocKind.POSTING).size();
        if (kept != postings) {
          throw new IllegalArgumentException("the index kept in " + work + " has " + kept + " postings, not "
              + postings + ": use the same --postings or another --dir");
        }
        have = index.sha256s(DocKind.RESUME).size();
      }
      out.printf(Locale.ROOT, "reusing the index in %s: %d resumes, %d postings%n", work, have, postings);
    }
    out.printf(Locale.ROOT, "threads=%d top=%d dim=%d chunks/resume=8 requirements/posting=20%n", threads, top, DIM);
    for (int n : resumeCounts.stream().sorted().toList()) {
      if (n < have) {
        throw new IllegalArgumentException("the index kept in " + work + " already has " + have
            + " resumes; ask for at least that many or use another --dir");
      }
      long g0 = System.nanoTime();
      generate(layout, have, n, have == 0 && !RoleIndex.exists(layout) ? postings : 0, 42);
      have = n;
      out.printf(Locale.ROOT, "generated %d resumes, %d postings in %.1f s%n", n, postings, (System.nanoTime() - g0) / 1e9);
      dev.rolematch.index.Generations.deleteTree(layout.scores());
      System.gc();
      long heap0 = heapMb();
      long rss0 = rssMb();
      long cpu0 = cpuNanos();
      RefreshSummary s;
      try (RoleIndex index = RoleIndex.openForRead(layout)) {
        Refresher r = new Refresher(index, new PairScorer(Calibration.uncalibrated(MODEL.id())));
        s = r.run(RefreshOptions.defaults().withTop(top).withThreads(threads), RefreshProgress.NONE);
      }
      long pairs = s.scored();
      double cpu = (cpuNanos() - cpu0) / 1e9;
      rows.add(new Row(n, postings, pairs, s.seconds(), s.loadSeconds(), pairs / s.seconds(), cpu, heap0, heapMb(),
          rss0, rssMb()));
    }
    out.print(table(rows));
    if (rows.size() >= 2) {
      Row a = rows.get(0);
      Row b = rows.get(rows.size() - 1);
      out.printf(Locale.ROOT, "growth %s/%s time ratio=%.1fx%n", k(b.resumes()), k(a.resumes()), b.seconds() / a.seconds());
    }
    return rows;
  }

  private static String k(int n) {
    return n % 1000 == 0 ? (n / 1000) + "k" : Integer.toString(n);
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%8s %4s %9s %8s %7s %10s %7s %12s %13s %13s%n",
        "N", "M", "pairs", "seconds", "load s", "pairs/s", "CPU s", "pairs/CPU-s", "heap MB s/e", "RSS MB s/e"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%8d %4d %9d %8.2f %7.2f %10.0f %7.2f %12.0f %6d/%-6d %6d/%-6d%n",
          r.resumes(), r.postings(), r.pairs(), r.seconds(), r.loadSeconds(), r.pairsPerSec(), r.cpuSeconds(),
          r.pairs() / Math.max(1e-9, r.cpuSeconds()), r.heapStartMb(), r.heapEndMb(), r.rssStartMb(), r.rssEndMb()));
    }
    return sb.toString();
  }

  static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  static long heapMb() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  /** Resident set size from /proc/self/status (Linux), or -1. */
  static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux
    }
    return -1;
  }

}
