package dev.rolematch.cli;

import dev.rolematch.index.IndexStats;
import dev.rolematch.app.Home;
import dev.rolematch.app.Session;
import dev.rolematch.bench.EmbedBench;
import dev.rolematch.bench.EmbedMemoryBench;
import dev.rolematch.bench.OnnxRuntimeForward;
import dev.rolematch.bench.ServeBench;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.server.RoleServer;
import dev.rolematch.server.ServerConfig;
import java.net.URLEncoder;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.EncoderChoice;
import dev.rolematch.embed.ModelDescriptor;
import dev.rolematch.embed.TransformerEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rolematch bench ...}: speed measurements that print a table. */
@Command(
    mixinStandardHelpOptions = true,
    name = "bench",
    description = "Measure speed and memory; prints a table.",
    subcommands = {BenchCommand.Embed.class, BenchCommand.Memory.class, BenchCommand.Query.class,
      BenchCommand.Serve.class, RefreshCommands.BenchRefresh.class})
final class BenchCommand extends CommandGroup {


  @Command(
      mixinStandardHelpOptions = true,
      name = "embed",
      description = "DJL PyTorch (op-by-op and fused encoders) vs ONNX Runtime on the same ONNX file and texts, batch 1 and 32.")
  static final class Embed implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--texts", defaultValue = "512", description = "texts per run (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--data", paramLabel = "FILE|DIR",
        description = "a file or folder of texts, split into sentences (default: data/)")
    Path data;

    @Option(names = "--encoders", split = ",", paramLabel = "ops|fused|int8",
        description = "DJL encoders to run, interleaved with ONNX Runtime: ops, fused, int8 (the fused encoder "
            + "with int8 linear layers, beside ONNX Runtime's own int8 model when its artifact is here) "
            + "(default: the one --encoder names, else ops,fused,int8)")
    List<String> encoders;

    @Option(names = "--rounds", defaultValue = "2",
        description = "rounds over the texts, engines interleaved in each (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
      List<String> texts = EmbedBench.cycle(sampleTexts(data), count);
      ModelDescriptor d = modelOptions.descriptor();
      List<String> chosen =
          encoders != null ? encoders.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).distinct().toList()
              : modelOptions.encoder != null ? List.of(modelOptions.encoder.trim().toLowerCase(Locale.ROOT))
              : List.of("ops", "fused", "int8");
      int single = Math.min(128, texts.size());
      java.util.LinkedHashMap<String, dev.rolematch.embed.Embedder> engines = new java.util.LinkedHashMap<>();
      List<EmbedBench.Row> rows = new ArrayList<>();
      try {
        DeviceChoice device = DeviceChoice.parse(modelOptions.device);
        for (String encoder : chosen) {
          if (encoder.equals("int8")) {
            engines.put("djl-int8", Embedders.open(d.int8Variant(), DeviceChoice.CPU, EncoderChoice.FUSED));
          } else {
            engines.put("djl-" + encoder, Embedders.open(d, device, EncoderChoice.parse(encoder)));
          }
        }
        engines.put("onnxruntime", OnnxRuntimeForward.open(d));
        ModelDescriptor ortInt8 = OnnxRuntimeForward.int8Peer(d);
        if (chosen.contains("int8") && ortInt8 != null) {
          try {
            engines.put("onnxruntime-int8", OnnxRuntimeForward.open(ortInt8));
          } catch (java.io.IOException | RuntimeException e) {
            System.out.println("(no onnxruntime-int8 row: " + e.getMessage() + ")");
          }
        }
        dev.rolematch.embed.Embedder first = engines.values().iterator().next();
        long tokens = texts.stream().mapToLong(t -> Math.min(first.countTokens(t), first.maxTokens())).sum();
        System.out.printf(Locale.ROOT, "model=%s device=%s texts=%d tokens=%d threads=%d rounds=%d%n",
            d.id(), ((TransformerEmbedder) first).device(), texts.size(), tokens,
            Runtime.getRuntime().availableProcessors(), rounds);
        rows.addAll(EmbedBench.runInterleaved(engines, texts.subList(0, single), 1,
            tokens * single / texts.size(), rounds));
        rows.addAll(EmbedBench.runInterleaved(engines, texts, 32, tokens, rounds));
      } finally {
        for (dev.rolematch.embed.Embedder e : engines.values()) {
          e.close();
        }
      }
      System.out.print(EmbedBench.table(rows));
      printDistanceToPeak(rows, d);
      for (EmbedBench.Row r : rows) {
        if (r.engine().startsWith("onnxruntime")) {
          continue;
        }
        System.out.printf(Locale.ROOT, "ratio %s/onnxruntime batch %d=%.2f (p50 latency ratio %.2f)%s%n",
            r.engine(), r.batch(), r.sentencesPerSec() / peer(rows, "onnxruntime", r.batch()).sentencesPerSec(),
            r.p50Ms() / peer(rows, "onnxruntime", r.batch()).p50Ms(),
            r.engine().equals("djl-int8") && has(rows, "onnxruntime-int8")
                ? String.format(Locale.ROOT, "; vs onnxruntime-int8 %.2f",
                    r.sentencesPerSec() / peer(rows, "onnxruntime-int8", r.batch()).sentencesPerSec())
                : "");
      }
      // The summary line: the default float encoder at batch 32 (throughput) and batch 1 (p50).
      String main = "djl-" + EncoderChoice.configured().name().toLowerCase(Locale.ROOT);
      if (!has(rows, main)) {
        main = rows.get(0).engine();
      }
      if (!main.startsWith("onnxruntime")) {
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT,
            "ratio djl/onnxruntime=%.2f engine=%s batch1_p50_ratio=%.2f",
            ratio(rows, main, "onnxruntime", 32), main, latency(rows, main, "onnxruntime", 1)));
        if (has(rows, "djl-int8")) {
          last.append(String.format(Locale.ROOT, " int8/onnxruntime=%.2f", ratio(rows, "djl-int8", "onnxruntime", 32)));
        }
        System.out.println(last);
      }
      return 0;
    }
  }

  private static boolean has(List<EmbedBench.Row> rows, String engine) {
    return rows.stream().anyMatch(r -> r.engine().equals(engine));
  }

  private static EmbedBench.Row peer(List<EmbedBench.Row> rows, String engine, int batch) {
    return rows.stream().filter(p -> p.engine().equals(engine) && p.batch() == batch).findFirst().orElseThrow();
  }

  /** Throughput of {@code a} over {@code b} at a batch size. */
  private static double ratio(List<EmbedBench.Row> rows, String a, String b, int batch) {
    return peer(rows, a, batch).sentencesPerSec() / peer(rows, b, batch).sentencesPerSec();
  }

  /** p50 latency of {@code a} over {@code b} at a batch size (below 1: {@code a} answers sooner). */
  private static double latency(List<EmbedBench.Row> rows, String a, String b, int batch) {
    return peer(rows, a, batch).p50Ms() / peer(rows, b, batch).p50Ms();
  }

  /**
   * Each row's useful arithmetic (tokens/s × flops per token, padding not counted) beside the
   * machine's fp32 peak: how far the engine runs from the physics.
   */
  static void printDistanceToPeak(List<EmbedBench.Row> rows, ModelDescriptor d) {
    dev.rolematch.bench.MachinePeak peak = dev.rolematch.bench.MachinePeak.detect();
    dev.rolematch.embed.EncoderSize size;
    try {
      size = dev.rolematch.embed.EncoderSize.of(d);
    } catch (java.io.IOException | RuntimeException e) {
      System.out.println("(no GFLOP/s: " + e.getMessage() + ")");
      return;
    }
    System.out.printf(Locale.ROOT, "peak fp32 %.0f GFLOP/s: %s; encoder %.1fM weights, %d layers x %d: %.1f MFLOP/token"
        + " at 32 tokens%n", peak.gflops(), peak.source(), size.encoderWeights() / 1e6, size.layers(), size.hidden(),
        size.flopsPerToken(32) / 1e6);
    System.out.printf(Locale.ROOT, "%-14s %5s %11s %9s %8s%n", "engine", "batch", "tokens/s", "GFLOP/s", "of_peak");
    for (EmbedBench.Row r : rows) {
      double length = r.sentencesPerSec() > 0 ? r.tokensPerSec() / r.sentencesPerSec() : 0;
      double gflops = r.tokensPerSec() * size.flopsPerToken(length) / 1e9;
      System.out.printf(Locale.ROOT, "%-14s %5d %11.0f %9.1f %7.0f%%%n", r.engine(), r.batch(), r.tokensPerSec(),
          gflops, peak.gflops() > 0 ? 100 * gflops / peak.gflops() : Double.NaN);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "query",
      description = "match/topic latency and HNSW recall@10 vs exact search on generated candidates, float and int8.")
  static final class Query implements Callable<Integer> {
    @Option(names = "--candidates", split = ",", defaultValue = "10000,100000",
        description = "candidate counts (default: ${DEFAULT-VALUE})")
    List<Integer> candidates;

    @Option(names = "--formats", split = ",", defaultValue = "float,int8") List<String> formats;

    @Option(names = "--queries", defaultValue = "30") int queries;

    @Option(names = "--warmup", defaultValue = "100",
        description = "queries of each type run before measuring, none of them measured (default: ${DEFAULT-VALUE};"
            + " 0: a cold JVM)")
    int warmup;

    @Option(names = "--dir", description = "where to build the bench indexes (default: target/bench-query)")
    Path dir;

    @Option(names = "--keep", description = "keep the built indexes in --dir and measure one found there again"
        + " instead of rebuilding it (its build_s is then 0)")
    boolean keep;

    @Option(names = "--backend", defaultValue = "lucene", paramLabel = "lucene|solr",
        description = "solr: also the SolrCloud backend on a local 2-node cluster (format 'solr'), beside the"
            + " embedded index in the same run (default: ${DEFAULT-VALUE})")
    String backend;

    @Override
    public Integer call() throws Exception {
      if (!backend.equals("lucene") && !backend.equals("solr")) {
        throw new UserException("--backend must be lucene or solr, not " + backend);
      }
      Path root = dir != null ? dir : Session.home().resolve("target").resolve("bench-query");
      if (warmup < 0) {
        throw new UserException("--warmup must be 0 or more, not " + warmup);
      }
      dev.rolematch.bench.QueryBench bench = new dev.rolematch.bench.QueryBench().warmup(warmup);
      List<dev.rolematch.bench.QueryBench.Row> rows = new ArrayList<>();
      for (int n : candidates) {
        for (String f : formats) {
          Path d = root.resolve(n + "-" + f);
          if (keep && dev.rolematch.index.RoleIndex.exists(new dev.rolematch.index.IndexLayout(d))) {
            System.err.printf("measuring the kept index of %d generated candidates (%s)...%n", n, f);
            rows.add(bench.measureKept(d, n, f.equals("int8"), queries));
            continue;
          }
          IndexCommands.deleteTree(d);
          System.err.printf("building %d generated candidates (%s)...%n", n, f);
          rows.add(bench.run(d, n, f.equals("int8"), queries));
          if (!keep) {
            IndexCommands.deleteTree(d);
          }
        }
        if (backend.equals("solr")) {
          rows.add(onSolr(bench, root.resolve(n + "-solr"), n));
        }
      }
      System.out.print(dev.rolematch.bench.QueryBench.table(rows));
      return 0;
    }

    /** The same candidates and queries on a fresh local SolrCloud (2 nodes, 2 shards × 2 replicas). */
    private dev.rolematch.bench.QueryBench.Row onSolr(dev.rolematch.bench.QueryBench bench, Path d, int n)
        throws Exception {
      IndexCommands.deleteTree(d);
      System.err.printf("starting a local SolrCloud for %d generated candidates...%n", n);
      Path configset = dev.rolematch.solr.SolrConfigset.write(d.resolve("configset"),
          dev.rolematch.bench.QueryBench.MODEL.dimension());
      try (var cluster = dev.rolematch.solr.LocalSolrCluster.start(Home.dir(), d.resolve("cluster").toAbsolutePath(),
              configset, "bench", d.resolve("solr.log").toAbsolutePath());
          var store = dev.rolematch.solr.SolrStore.openForWrite(cluster.target(),
              new dev.rolematch.index.IndexLayout(d.resolve("state")),
              dev.rolematch.pipeline.Stores.wanted(dev.rolematch.bench.QueryBench.MODEL, false))) {
        System.err.printf("building %d generated candidates (solr)...%n", n);
        return bench.run(store, "solr", n, queries);
      } finally {
        IndexCommands.deleteTree(d);
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "serve",
      description = "HTTP load on an in-process server (loopback, random port): topic and match GETs from C clients.")
  static final class Serve implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;

    @Option(names = "--clients", split = ",", paramLabel = "C",
        description = "concurrent clients, e.g. 1,8,32 (default: 1, 8 and 32)")
    List<Integer> clients;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds per level (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--max-requests", defaultValue = "20000",
        description = "hard cap on requests per level (default: ${DEFAULT-VALUE})")
    int maxRequests;

    @Override
    public Integer call() throws Exception {
      List<Integer> levels = clients == null || clients.isEmpty() ? List.of(1, 8, 32) : clients;
      for (int c : levels) {
        if (c < 1 || c > 256) {
          throw new UserException("--clients must be from 1 to 256, not " + c);
        }
      }
      if (seconds < 1 || seconds > 600 || maxRequests < 1) {
        throw new UserException("--seconds must be 1..600 and --max-requests at least 1");
      }
      boolean sample = indexOptions.index == null && System.getenv("ROLEMATCH_INDEX") == null;
      String model = indexOptions.model;
      IndexLayout layout = indexOptions.layout();
      if (sample) {
        model = model != null ? model : Session.DEFAULT_MATCH_MODEL;
        layout = new IndexLayout(Path.of(System.getProperty("java.io.tmpdir"), "rolematch-bench-serve-" + model));
      }
      try (Session s = Session.forWrites(layout, model, indexOptions.device, false)) {
        if (sample) {
          System.out.println("sample index " + layout.root() + " from data/ (unchanged files are skipped)");
          Path data = Session.home().resolve("data");
          Indexer indexer = new Indexer(s.writer(), s.embedder, Indexer.DEFAULT_CHUNK_TOKENS);
          indexer.add(List.of(data.resolve("postings")), DocKind.POSTING, null, f -> {});
          indexer.add(List.of(data.resolve("resumes")), DocKind.RESUME, null, f -> {});
        }
        List<String> paths = new ArrayList<>();
        List<String> postings = s.index.all(DocKind.POSTING, false).stream().map(d -> d.id()).toList();
        List<String> topics = s.matcher().taxonomy().topics().stream().map(t -> t.name()).toList();
        if (topics.isEmpty()) {
          topics = List.of("NLP", "computer vision", "data engineering");
        }
        for (int i = 0; i < Math.max(postings.size(), topics.size()); i++) {
          paths.add("/api/topic?top=10&q=" + URLEncoder.encode(topics.get(i % topics.size()), StandardCharsets.UTF_8));
          if (!postings.isEmpty()) {
            paths.add("/api/match?top=10&posting=" + URLEncoder.encode(postings.get(i % postings.size()), StandardCharsets.UTF_8));
          }
        }
        IndexStats st = s.index.stats();
        try (RoleServer server = new RoleServer(s, ServerConfig.localhost(0)).start()) {
          String base = "http://127.0.0.1:" + server.port();
          System.out.printf(Locale.ROOT, "model=%s device=%s resumes=%d postings=%d; mix: topic and match GETs"
              + " alternating over %d topics and %d postings; %ds per level, cap %d requests; %d cores%n",
              st.info().modelId(), s.embedder.device(), st.resumes(), st.postings(), topics.size(), postings.size(),
              seconds, maxRequests, Runtime.getRuntime().availableProcessors());
          ServeBench.run(base, paths, 2, java.time.Duration.ofSeconds(5), 500); // JIT warm-up, not reported
          List<ServeBench.Row> rows = new ArrayList<>();
          for (int c : levels) {
            rows.add(ServeBench.run(base, paths, c, java.time.Duration.ofSeconds(seconds), maxRequests));
          }
          System.out.print(ServeBench.table(rows));
        }
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "memory",
      description = "Embed many short generated texts in batches; report heap (after GC) and RSS as it"
          + " goes, and their growth after the first " + EmbedMemoryBench.WARMUP_BATCHES + " batches.")
  static final class Memory implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--texts", defaultValue = "50000", description = "texts to embed (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "256", description = "texts per embed call (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
      if (count < 1 || batch < 1) {
        throw new UserException("--texts and --batch must be positive");
      }
      ModelDescriptor d = modelOptions.descriptor();
      try (TransformerEmbedder embedder = modelOptions.open()) {
        System.out.printf(Locale.ROOT, "model=%s device=%s texts=%d batch=%d max_heap_mb=%d%n",
            d.id(), embedder.device(), count, batch, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(EmbedMemoryBench.header());
        System.out.println(EmbedMemoryBench.row(EmbedMemoryBench.sampleNow(0, 0))); // model loaded
        EmbedMemoryBench.Result r = EmbedMemoryBench.run(embedder, count, batch, 10, s -> {
          System.out.println(EmbedMemoryBench.row(s));
          System.out.flush();
        });
        System.out.println(EmbedMemoryBench.summary(r));
      }
      return 0;
    }
  }

  /** Sentences of at least five words from the given file or folder (default: data/). */
  static List<String> sampleTexts(Path source) throws IOException {
    Path root = source != null ? source : Home.dir().resolve("data");
    List<String> lines = new ArrayList<>();
    if (Files.isRegularFile(root)) {
      addLines(root, lines);
    } else if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(f -> f.toString().matches(".*\\.(txt|md)$")).sorted().toList()) {
          addLines(p, lines);
        }
      }
    }
    if (lines.isEmpty()) {
      throw new UserException("no texts found in " + root + "; pass --data FILE with one text per line");
    }
    return lines;
  }

  /** Sentences of at least five words: a flattened posting is one line but many sentences. */
  private static void addLines(Path p, List<String> out) throws IOException {
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      for (String sentence : dev.rolematch.ingest.TextSplitter.sentences(line)) {
        String t = sentence.strip();
        if (t.split("\\s+").length >= 5) {
          out.add(t);
        }
      }
    }
  }
}
