package dev.rolematch.cli;

import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.eval.StsEval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import dev.rolematch.eval.Labels;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.Indexer;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.Calibration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rolematch eval ...}: quality measurements. */
@Command(
    mixinStandardHelpOptions = true,
    name = "eval",
    description = "Measure quality.",
    subcommands = {EvalCommand.Sts.class, EvalCommand.Ranking.class, EvalCommand.Calibrate.class, ParserEvalCommand.class})
final class EvalCommand extends CommandGroup {


  @Command(
      mixinStandardHelpOptions = true,
      name = "sts", description = "Spearman correlation of cosine vs gold on STS-B data.")
  static final class Sts implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--data", required = true, paramLabel = "FILE",
        description = "STS-B tab-separated file (genre, file, year, id, score, s1, s2)")
    Path data;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    record Output(String model, int pairs, double spearman, double seconds) {}

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(data)) {
        throw new UserException("no such STS file: " + data);
      }
      try (TransformerEmbedder embedder = modelOptions.open()) {
        StsEval.Result r = StsEval.run(embedder, data);
        if (json) {
          Json.print(System.out, new Output(embedder.identity().id(), r.pairs(), r.spearman(), r.seconds()));
        } else {
          System.out.printf(Locale.ROOT, "model=%s pairs=%d skipped=%d embed_seconds=%.1f%n",
              embedder.identity().id(), r.pairs(), r.skipped(), r.seconds());
          System.out.printf(Locale.ROOT, "spearman=%.4f%n", r.spearman());
        }
      }
      return 0;
    }
  }

  /** Options shared by ranking and calibrate: the labeled sample data in its own index. */
  static final class LabeledData {
    @Option(names = "--model", paramLabel = "ID|FILE", defaultValue = Session.DEFAULT_MATCH_MODEL,
        description = "embedding model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--device", defaultValue = "auto") String device;

    @Option(names = "--labels", paramLabel = "DIR",
        description = "folder with postings.tsv and topics.tsv (default: data/labels)")
    Path labels;

    @Option(names = "--index", paramLabel = "DIR",
        description = "eval index, built from data/ when missing (default: target/eval-index/<model>)")
    Path index;

    @Option(names = "--chunk-tokens", defaultValue = "" + Indexer.DEFAULT_CHUNK_TOKENS) int chunkTokens;

    RankingEval.CorpusStats corpus;

    /** Indexes data/ (unchanged files are skipped) and collects every labeled pair. */
    List<RankingEval.Pair> pairs() throws Exception {
      Path home = Session.home();
      Path labelDir = labels != null ? labels : home.resolve("data").resolve("labels");
      Labels postings = Labels.read(labelDir.resolve("postings.tsv"));
      Labels topics = Labels.read(labelDir.resolve("topics.tsv"));
      IndexLayout layout = new IndexLayout(index != null ? index
          : home.resolve("target").resolve("eval-index").resolve(model + "-c" + chunkTokens));
      try (Session s = Session.forWrites(layout, model, device, false)) {
        Indexer indexer = new Indexer(s.index, s.embedder, chunkTokens);
        Path data = home.resolve("data");
        report(indexer.add(List.of(data.resolve("postings")), DocKind.POSTING, null, f -> {}));
        report(indexer.add(List.of(data.resolve("resumes")), DocKind.RESUME, null, f -> {}));
        corpus = RankingEval.corpusStats(s.index);
        Calibration base = Calibration.uncalibrated(s.embedder.identity().id())
            .withIdf(corpus.docs(), corpus.averageLength(), corpus.idf());
        return RankingEval.collect(s.index, s.matcher, postings, topics, base);
      }
    }

    private static void report(Indexer.Report r) {
      if (!r.failed().isEmpty()) {
        for (Indexer.Failure f : r.failed()) {
          System.err.println("eval: not indexed: " + f.path() + ": " + f.reason());
        }
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "ranking", description = "nDCG@10, MRR, P@5 of BM25, semantic and hybrid on the labeled sample data.")
  static final class Ranking implements Callable<Integer> {
    @picocli.CommandLine.Mixin LabeledData data;

    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
      List<RankingEval.Row> rows = RankingEval.evaluate(data.pairs());
      if (json) {
        Json.print(System.out, rows);
      } else {
        System.out.println("model=" + data.model + " chunk_tokens=" + data.chunkTokens
            + " (learned methods: leave-one-query-out cross-validation)");
        System.out.print(RankingEval.table(rows));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "calibrate", description = "Fit the 0-100 score on all labeled pairs; writes data/calibration/<model>.json.")
  static final class Calibrate implements Callable<Integer> {
    @picocli.CommandLine.Mixin LabeledData data;

    @Override
    public Integer call() throws Exception {
      List<RankingEval.Pair> pairs = data.pairs();
      String modelId = pairs.isEmpty() ? data.model : dev.rolematch.embed.ModelCatalog.standard().resolve(data.model).id();
      Calibration c = RankingEval.calibrate(pairs, modelId)
          .withIdf(data.corpus.docs(), data.corpus.averageLength(), data.corpus.idf());
      c.save(Calibration.standardDir());
      System.out.println("wrote " + Calibration.fileFor(Calibration.standardDir(), modelId) + " from " + pairs.size()
          + " pairs (" + c.idf().size() + " idf terms over " + c.idfDocs() + " documents)");
      for (String type : List.of("posting", "topic")) {
        Calibration.Model m = c.forType(type);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.weights().length; i++) {
          sb.append(String.format(Locale.ROOT, " %s=%.3f", Calibration.FEATURES[i], m.weights()[i]));
        }
        System.out.printf(Locale.ROOT, "%s: bias=%.3f%s met>=%.3f unmet<%.3f%n", type, m.bias(), sb,
            m.metThreshold(), m.unmetThreshold());
      }
      return 0;
    }
  }
}
