package dev.rolematch.cli;

import dev.rolematch.app.Home;
import dev.rolematch.app.Json;
import dev.rolematch.app.JudgedPairs;
import dev.rolematch.app.Session;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.eval.RefitCheck;
import dev.rolematch.eval.RegressionSpec;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.match.Calibration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rolematch eval run FILE...}: regressions as data (after Anserini). Each file names a data
 * set, the models and the expected metrics; every table puts the product's ranking beside BM25,
 * whole-document cosine, best-chunk cosine and their fusion, computed in the same run from the
 * same index.
 */
@Command(mixinStandardHelpOptions = true, name = "run",
    description = {"Run regression files: the product's ranking beside BM25 and whole-document cosine, same run.",
        "Exit 1 when a metric misses its expected value by more than its tolerance."})
final class EvalRunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "regression files (JSON; see src/main/resources/regressions)")
  List<Path> files;

  @Option(names = "--model", paramLabel = "ID", description = "only this model (default: every model the file names)")
  String model;

  @Option(names = "--device", defaultValue = "auto") String device;

  @Option(names = "--json", description = "print the rows as JSON") boolean json;

  @Option(names = "--dump", paramLabel = "FILE", description = "also write every judged pair's features (TSV)")
  Path dump;

  /** The regressions shipped with rolematch. */
  static Path regressionsDir() {
    return Home.regressionsDir();
  }

  record Check(String regression, String model, String method, String queryType, String metric, double expected,
      double actual, double tolerance, boolean ok) {}

  record Output(String regression, String model, List<RankingEval.Row> rows, List<Check> checks) {}

  @Override
  public Integer call() throws Exception {
    return run(files, model, device, json, dump);
  }

  static int run(List<Path> files, String onlyModel, String device, boolean json, Path dump) throws Exception {
    Path home = Session.home();
    List<Output> outputs = new ArrayList<>();
    boolean failed = false;
    try (PrintWriter out = dump == null ? null
        : new PrintWriter(Files.newBufferedWriter(dump, StandardCharsets.UTF_8))) {
      if (out != null) {
        out.println("regression\tmodel\ttype\tquery\tdoc\tgrade\t" + String.join("\t", Calibration.FEATURES));
      }
      for (Path f : files) {
        RegressionSpec spec = RegressionSpec.read(f);
        if (!spec.available(home)) {
          System.err.println("eval: skipping " + spec.name() + ": its data is not at "
              + home.resolve(spec.data().corpus()).normalize());
          continue;
        }
        for (String m : onlyModel != null ? List.of(onlyModel) : spec.models()) {
          JudgedPairs.Judged j = judged(home, spec, m, device);
          if (out != null) {
            dump(out, spec.name(), m, j.pairs());
          }
          Map<String, Map<String, Double>> methods = methods(j.pairs());
          methods.put("rolematch", RankingEval.scores(j.pairs(), p -> j.calibration()
              .forType(RankingEval.queryClass(p.type())).probability(p.features())));
          List<RankingEval.Row> rows = RankingEval.table(j.pairs(), methods);
          List<Check> checks = checks(spec, m, rows);
          if (spec.beatsBaselines() != null && spec.beatsBaselines().contains(m)) {
            checks.addAll(beatsBaselines(spec, m, rows));
          }
          failed |= checks.stream().anyMatch(c -> !c.ok());
          outputs.add(new Output(spec.name(), m, rows, checks));
          if (!json) {
            System.out.println("## " + spec.name() + " · " + m + " (calibration: " + j.calibration().source() + ", "
                + j.calibration().fittedAt() + ")");
            System.out.print(RankingEval.format(rows));
            for (Check c : checks) {
              if (c.method().startsWith("rolematch >= ")) {
                System.out.printf(Locale.ROOT, "%s %s %s on %s: %.4f vs %.4f%n", c.ok() ? "ok  " : "FAIL", c.model(),
                    c.method(), c.queryType(), c.actual(), c.expected());
              } else {
                System.out.printf(Locale.ROOT, "%s %s %s %s %s=%.4f expected %.4f ± %.4f%n", c.ok() ? "ok  " : "FAIL",
                    c.model(), c.method(), c.queryType(), c.metric(), c.actual(), c.expected(), c.tolerance());
              }
            }
            System.out.println();
          }
        }
      }
    }
    if (json) {
      Json.print(System.out, outputs);
    }
    return failed ? 1 : 0;
  }

  /** The simple baselines, each computed from the same index in the same run. */
  static Map<String, Map<String, Double>> methods(List<RankingEval.Pair> pairs) {
    return RefitCheck.baselines(pairs);
  }

  private static List<Check> checks(RegressionSpec spec, String model, List<RankingEval.Row> rows) {
    List<Check> out = new ArrayList<>();
    for (RegressionSpec.Expected e : spec.expected() == null ? List.<RegressionSpec.Expected>of() : spec.expected()) {
      if (!e.model().equals(model)) {
        continue;
      }
      for (RankingEval.Row r : rows) {
        if (r.method().equals(e.method()) && r.queries().equals(e.queryType())) {
          double actual = switch (e.metric()) {
            case "ndcg@10" -> r.ndcg10();
            case "mrr" -> r.mrr();
            case "ap" -> r.map();
            default -> throw new IllegalArgumentException(spec.name() + ": unknown metric '" + e.metric()
                + "' (ndcg@10, mrr, ap)");
          };
          out.add(new Check(spec.name(), model, e.method(), e.queryType(), e.metric(), e.value(), actual,
              e.tolerance(), Math.abs(actual - e.value()) <= e.tolerance() + 1e-9));
        }
      }
    }
    return out;
  }

  /** rolematch's nDCG@10 against the best simple baseline of each query type. */
  private static List<Check> beatsBaselines(RegressionSpec spec, String model, List<RankingEval.Row> rows) {
    List<Check> out = new ArrayList<>();
    Map<String, RankingEval.Row> best = new LinkedHashMap<>();
    Map<String, RankingEval.Row> ours = new LinkedHashMap<>();
    for (RankingEval.Row r : rows) {
      if (r.method().equals("rolematch")) {
        ours.put(r.queries(), r);
      } else if (!best.containsKey(r.queries()) || r.ndcg10() > best.get(r.queries()).ndcg10()) {
        best.put(r.queries(), r);
      }
    }
    for (var e : ours.entrySet()) {
      RankingEval.Row b = best.get(e.getKey());
      out.add(new Check(spec.name(), model, "rolematch >= " + b.method(), e.getKey(), "ndcg@10", b.ndcg10(),
          e.getValue().ndcg10(), 0, e.getValue().ndcg10() >= b.ndcg10() - 1e-9));
    }
    return out;
  }

  private static void dump(PrintWriter out, String name, String model, List<RankingEval.Pair> pairs) {
    for (RankingEval.Pair p : pairs) {
      StringBuilder sb = new StringBuilder();
      sb.append(name).append('\t').append(model).append('\t').append(p.type()).append('\t').append(p.query())
          .append('\t').append(p.doc()).append('\t').append(p.grade());
      for (double v : p.features()) {
        sb.append('\t').append(String.format(Locale.ROOT, "%.6f", v));
      }
      out.println(sb);
    }
  }

  /** Every judged pair of a regression's data set under one model, from its eval index (built once, then reused). */
  static JudgedPairs.Judged judged(Path home, RegressionSpec spec, String m, String device) throws IOException {
    return JudgedPairs.of(home, JudgedPairs.standardIndexes(home), spec, m, device);
  }

  static List<Path> shipped() throws IOException {
    Path dir = regressionsDir();
    if (!Files.isDirectory(dir)) {
      throw new UserException("no regressions at " + dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "regressions",
      description = {"Run every shipped regression (src/main/resources/regressions) whose data is present.",
          "Exit 1 when a metric misses its expected value."})
  static final class Regressions implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "ID", description = "only this model") String model;

    @Option(names = "--device", defaultValue = "auto") String device;

    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
      return run(shipped(), model, device, json, null);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "ranking",
      description = "Ranking quality on the project's own labeled sample data (the own_labels regression).")
  static final class Ranking implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "ID", description = "only this model") String model;

    @Option(names = "--device", defaultValue = "auto") String device;

    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
      return run(List.of(regressionsDir().resolve("own_labels.json")), model, device, json, null);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "calibrate",
      description = {"Fit the 0-100 score on external labels (category_dev, when present) and the project's own",
          "labels; print the leave-one-query-out table beside the baselines; write data/calibration/<model>.json."})
  static final class Calibrate implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "ID", defaultValue = Session.DEFAULT_MATCH_MODEL,
        description = "embedding model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--device", defaultValue = "auto") String device;

    @Option(names = "--own-only", description = "fit on the project's own labels alone (not recommended)")
    boolean ownOnly;

    @Option(names = "--feedback", description = {"also fit on the recruiters' feedback stored in --index; report",
        "before/after nDCG on held-out feedback; write only if category_dev does not lose"})
    boolean feedback;

    @Option(names = "--index", paramLabel = "DIR", description = "the index whose feedback --feedback uses"
        + " (default: $ROLEMATCH_INDEX, else ./" + IndexLayout.DEFAULT_DIR + ")")
    Path index;

    @Override
    public Integer call() throws Exception {
      Path home = Session.home();
      if (feedback) {
        if (ownOnly) {
          throw new UserException("--feedback and --own-only exclude each other: a feedback refit is checked on"
              + " category_dev");
        }
        return FeedbackCalibrate.run(home, model, device, IndexLayout.resolve(index));
      }
      List<RankingEval.Pair> pairs = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (String name : ownOnly ? List.of("own_labels") : List.of("category_dev", "own_labels")) {
        RegressionSpec spec = RegressionSpec.read(regressionsDir().resolve(name + ".json"));
        if (!spec.available(home)) {
          System.err.println("eval calibrate: " + name + " is not available here; fitting without it");
          continue;
        }
        pairs.addAll(judged(home, spec, model, device).pairs());
        sources.add(spec.isOwnData() ? "data/labels" : spec.data().corpus().replace("../shared/data/", "shared/"));
      }
      String modelId = Home.modelCatalog().resolve(model).id();
      Map<String, Map<String, Double>> methods = methods(pairs);
      methods.put("rolematch (cross-validated)", RankingEval.crossValidated(pairs));
      System.out.println("## " + modelId + ": leave-one-query-out (each query ranked by a model fitted without it)");
      System.out.print(RankingEval.format(RankingEval.table(pairs, methods)));
      Calibration c = RankingEval.calibrate(pairs, modelId, String.join(" + ", sources));
      c.save(Home.calibrationDir());
      System.out.println("wrote " + Calibration.fileFor(Home.calibrationDir(), modelId) + " from " + pairs.size()
          + " pairs (" + c.source() + ")");
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
