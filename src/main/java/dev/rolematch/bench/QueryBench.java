package dev.rolematch.bench;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.WritableStore;
import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.embed.Role;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.TermSets;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RequirementKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.index.Filters;
import dev.rolematch.match.MatchResult;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import dev.rolematch.match.Taxonomy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Query latency and HNSW recall on generated data: resumes made of clustered unit vectors (each
 * resume draws its chunks around two of {@link #CLUSTERS} topic centroids, with words from those
 * topics' vocabularies), postings and topics drawn the same way. No model is needed: the vectors
 * are the data. Recall compares the HNSW path with exact search over every candidate.
 */
public final class QueryBench {

  static final int DIM = 384;
  static final int CLUSTERS = 200;
  static final int CHUNKS_PER_RESUME = 4;
  static final int NEEDS_PER_POSTING = 20;
  static final float NOISE = 0.6f;

  /** kNN depth whose first 10 are compared with exact nearest resumes (knn_recall): the old per-need depth of a topic. */
  static final int KNN_RECALL_K = 100;

  public record Row(int candidates, String format, double buildSeconds, double matchP50, double matchP99,
      double topicP50, double topicP99, double knnRecall, double matchRecall, double topicRecall) {}

  private final Random random = new Random(42);
  private final float[][] centroids = new float[CLUSTERS][];

  public QueryBench() {
    for (int c = 0; c < CLUSTERS; c++) {
      centroids[c] = unit(gaussian());
    }
  }

  /** The identity of the generated vectors (no model makes them). */
  public static final ModelIdentity MODEL = new ModelIdentity("bench-synthetic", DIM, "0".repeat(64));

  /** Queries run before measuring (from their own seed: none of them is measured), so the JIT has compiled the query path. */
  private int warmup = 100;

  /** Sets the warm-up query count ({@code --warmup}); 0 measures a cold JVM. */
  public QueryBench warmup(int n) {
    this.warmup = n;
    return this;
  }

  public Row run(Path dir, int n, boolean quantize, int queries) throws IOException {
    IndexLayout layout = new IndexLayout(dir);
    long t0 = System.nanoTime();
    try (RoleIndexWriter index = RoleIndexWriter.open(layout, dev.rolematch.pipeline.Stores.wanted(MODEL, quantize), 1024)) {
      build(index, n);
    }
    double build = (System.nanoTime() - t0) / 1e9;
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      return measure(index, n, quantize ? "int8" : "float", build, queries);
    }
  }

  /** Measures an index an earlier {@link #run} built and kept (the same generated data: seeds are fixed). */
  public Row measureKept(Path dir, int n, boolean quantize, int queries) throws IOException {
    try (RoleIndex index = RoleIndex.openForRead(new IndexLayout(dir))) {
      if (index.stats().resumes() != n) {
        throw new IllegalStateException(dir + " holds " + index.stats().resumes() + " resumes, not " + n);
      }
      return measure(index, n, quantize ? "int8" : "float", 0, queries);
    }
  }

  /**
   * The same generated candidates and queries on another store opened for writing (the
   * SolrCloud backend): built into it, then measured through it.
   */
  public Row run(WritableStore store, String format, int n, int queries) throws IOException {
    long t0 = System.nanoTime();
    build(store, n);
    double build = (System.nanoTime() - t0) / 1e9;
    return measure(store, n, format, build, queries);
  }

  private void build(WritableStore index, int n) throws IOException {
    // Generate in order (deterministic), index on every core (stores are thread-safe).
    int threads = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      Random r = new Random(7);
      List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StoredDocument doc = resume(i, r);
        pending.add(pool.submit(() -> {
          index.upsert(doc);
          return null;
        }));
        if (pending.size() >= 1000) {
          for (var f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (var f : pending) {
        f.get();
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IOException("indexing generated candidates failed: " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
    index.commit();
  }

  private Row measure(DocumentStore index, int n, String format, double build, int queries) throws IOException {
    ModelIdentity model = MODEL;
    {
      Calibration cal = Calibration.uncalibrated("bench-synthetic");
      PairScorer scorer = new PairScorer(cal);
      Matcher matcher = new Matcher(index, new NoEmbedder(model), scorer, new Taxonomy(List.of()));
      Random qr = new Random(99);
      List<QueryProfile> postings = new ArrayList<>();
      List<QueryProfile> topics = new ArrayList<>();
      for (int q = 0; q < queries; q++) {
        postings.add(query("posting", q, NEEDS_PER_POSTING, qr));
        topics.add(query("topic", q, 2, qr));
      }
      // Warm-up, on queries of their own: the first searches load the graph and vector files into
      // the page cache, and the first thousands of candidates run before the JIT has compiled the
      // scoring code. A server answers from a warm JVM; --warmup 0 shows the cold one.
      Random wr = new Random(98);
      for (int q = 0; q < warmup; q++) {
        matcher.matchPosting(query("posting", q, NEEDS_PER_POSTING, wr), Filters.NONE, 10, new ArrayList<>());
        matcher.topic("t", query("topic", q, 2, wr), Filters.NONE, 10, new ArrayList<>());
      }
      List<Double> matchMs = new ArrayList<>();
      List<Double> topicMs = new ArrayList<>();
      List<List<String>> matchTop = new ArrayList<>();
      List<List<String>> topicTop = new ArrayList<>();
      for (int q = 0; q < queries; q++) {
        long s = System.nanoTime();
        var m = matcher.matchPosting(postings.get(q), Filters.NONE, 10, new ArrayList<>());
        matchMs.add((System.nanoTime() - s) / 1e6);
        matchTop.add(m.results().stream().map(MatchResult::id).toList());
        s = System.nanoTime();
        var t = matcher.topic("t", topics.get(q), Filters.NONE, 10, new ArrayList<>());
        topicMs.add((System.nanoTime() - s) / 1e6);
        topicTop.add(t.results().stream().map(MatchResult::id).toList());
      }
      // Exact search: every candidate, full MaxSim scoring, and exact per-need nearest parents.
      List<CandidateProfile> all = index.all(DocKind.RESUME, true).stream().map(CandidateProfile::of).toList();
      double matchRecall = 0;
      double topicRecall = 0;
      double knnRecall = 0;
      int knnQueries = 0;
      int exactQueries = Math.min(queries, 10);
      for (int q = 0; q < exactQueries; q++) {
        QueryProfile p = postings.get(q);
        List<String> exact = exactTop(all, scorer, p);
        matchRecall += overlap(exact, matchTop.get(q));
        topicRecall += overlap(exactTop(all, scorer, topics.get(q)), topicTop.get(q));
        for (QueryProfile.Need need : topics.get(q).needs()) {
          List<String> exactKnn = exactNearestParents(all, need.vector(), 10);
          List<String> hnsw = knnParents(index, need.vector(), KNN_RECALL_K).subList(0, 10);
          knnRecall += overlap(exactKnn, hnsw);
          knnQueries++;
        }
      }
      return new Row(n, format, build, pct(matchMs, 0.5), pct(matchMs, 0.99),
          pct(topicMs, 0.5), pct(topicMs, 0.99), knnRecall / knnQueries, matchRecall / exactQueries,
          topicRecall / exactQueries);
    }
  }

  /**
   * The exact top 10 for a query: every candidate scored once (both cores), ties broken as the
   * matcher breaks them; the sort makes the order independent of the threads.
   */
  private static List<String> exactTop(List<CandidateProfile> all, PairScorer scorer, QueryProfile p) {
    return all.parallelStream()
        .map(c -> {
          PairScorer.PairScore ps = scorer.score(p, c);
          return new Object[] {c.id(), ps.score(), meanSim(ps.features())};
        })
        .sorted(Comparator.comparingDouble((Object[] o) -> -(double) o[1]).thenComparingDouble(o -> -(double) o[2]))
        .limit(10).map(o -> (String) o[0]).toList();
  }

  private static double meanSim(double[] f) {
    return (f[0] + f[1] + f[2]) / 3;
  }

  /** The product's kNN path: {@code k} nearest resumes (one chunk each), best first. */
  private static List<String> knnParents(DocumentStore index, float[] v, int k) throws IOException {
    return index.nearest(DocKind.RESUME, v, k, null).stream().map(DocumentStore.Hit::id).toList();
  }

  private static List<String> exactNearestParents(List<CandidateProfile> all, float[] v, int k) {
    return all.stream()
        .map(c -> {
          double best = -2;
          for (IndexedChunk ch : c.chunks()) {
            double d = 0;
            for (int i = 0; i < v.length; i++) {
              d += v[i] * ch.vector()[i];
            }
            best = Math.max(best, d);
          }
          return new Object[] {c.id(), best};
        })
        .sorted(Comparator.comparingDouble(o -> -(double) o[1]))
        .limit(k).map(o -> (String) o[0]).toList();
  }

  private static double overlap(List<String> exact, List<String> got) {
    Set<String> e = new HashSet<>(exact);
    int hit = 0;
    for (String g : got) {
      if (e.contains(g)) {
        hit++;
      }
    }
    return exact.isEmpty() ? 1 : hit / (double) exact.size();
  }

  private StoredDocument resume(int i, Random r) {
    int a = r.nextInt(CLUSTERS);
    int b = r.nextInt(CLUSTERS);
    List<IndexedChunk> chunks = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    float[] mean = new float[DIM];
    for (int c = 0; c < CHUNKS_PER_RESUME; c++) {
      int cluster = c % 2 == 0 ? a : b;
      float[] v = near(centroids[cluster], r);
      String t = words(cluster, 25, r);
      chunks.add(new IndexedChunk(c, "experience", "", t, v));
      text.append(t).append('\n');
      for (int d = 0; d < DIM; d++) {
        mean[d] += v[d];
      }
    }
    String body = text.toString();
    return new StoredDocument("bench-r" + i, DocKind.RESUME, "Generated resume " + i, "", body,
        Integer.toHexString(body.hashCode()), new Metadata(null, r.nextInt(15), null, null), List.of(),
        unit(mean), chunks);
  }

  private QueryProfile query(String type, int q, int needs, Random r) {
    int[] clusters = {r.nextInt(CLUSTERS), r.nextInt(CLUSTERS)};
    List<QueryProfile.Need> list = new ArrayList<>();
    RequirementKind[] kinds = {RequirementKind.MUST, RequirementKind.DUTY, RequirementKind.NICE, RequirementKind.TOPIC};
    for (int i = 0; i < needs; i++) {
      int cluster = clusters[i % 2];
      String t = words(cluster, 8, r);
      list.add(new QueryProfile.Need(t, type.equals("topic") ? RequirementKind.TOPIC : kinds[i % kinds.length],
          near(centroids[cluster], r), TermSets.of(t), null));
    }
    return new QueryProfile(type, type + q, type + " " + q, list, type.equals("posting") ? near(centroids[clusters[0]], r) : null);
  }

  private static String words(int cluster, int n, Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      // Zipf-ish: a few frequent words per topic, a long tail, and shared filler words.
      int w = (int) Math.floor(Math.pow(r.nextDouble(), 2) * 60);
      sb.append(r.nextInt(5) == 0 ? "skill" + r.nextInt(40) : "topic" + cluster + "word" + w).append(' ');
    }
    return sb.toString();
  }

  private float[] near(float[] centroid, Random r) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = centroid[i] + NOISE * (float) r.nextGaussian() / (float) Math.sqrt(DIM) * 2;
    }
    return unit(v);
  }

  private float[] gaussian() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static double pct(List<Double> v, double p) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return EmbedBench.percentile(a, p);
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%10s %6s %8s %10s %10s %10s %10s %11s %13s %13s%n",
        "candidates", "format", "build_s", "match_p50", "match_p99", "topic_p50", "topic_p99", "knn_recall", "match_recall",
        "topic_recall"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%10d %6s %8.1f %10.1f %10.1f %10.1f %10.1f %11.3f %13.3f %13.3f%n",
          r.candidates(), r.format(), r.buildSeconds(), r.matchP50(), r.matchP99(), r.topicP50(), r.topicP99(),
          r.knnRecall(), r.matchRecall(), r.topicRecall()));
    }
    return sb.toString();
  }

  /** The bench's queries carry their vectors; nothing is embedded. */
  private record NoEmbedder(ModelIdentity identity) implements Embedder {
    @Override public int maxTokens() { return 512; }
    @Override public int countTokens(String text) { return text.split("\\s+").length + 2; }
    @Override public float[][] embed(List<String> texts, Role role) {
      throw new UnsupportedOperationException("the query benchmark embeds nothing");
    }
    @Override public long truncatedCount() { return 0; }
    @Override public long embeddedCount() { return 0; }
    @Override public void close() {}
  }
}
