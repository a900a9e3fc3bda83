package dev.rolematch.app;

import dev.rolematch.eval.Dataset;
import dev.rolematch.eval.ExternalEval;
import dev.rolematch.eval.Labels;
import dev.rolematch.eval.RankingEval;
import dev.rolematch.eval.RegressionSpec;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.pipeline.Indexer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every judged pair of a labelled data set under one model, with the features the product's scorer
 * gives it: the data set is indexed into its own evaluation index (built once under {@code
 * evalIndexes}, reused after) and each labelled query is run there. Used by {@code eval run}, {@code
 * eval calibrate} and the feedback refit (CLI and server), so all of them fit and check on the same
 * pairs.
 */
public final class JudgedPairs {

  private JudgedPairs() {}

  /** The pairs, and the calibration the evaluation index scored them with. */
  public record Judged(List<RankingEval.Pair> pairs, Calibration calibration) {}

  /** Where {@code eval} keeps its evaluation indexes: {@code target/eval-index/} under the home. */
  public static Path standardIndexes(Path home) {
    return home.resolve("target").resolve("eval-index");
  }

  public static Judged of(Path home, Path evalIndexes, RegressionSpec spec, String m, String device)
      throws IOException {
    IndexLayout layout = new IndexLayout(evalIndexes.resolve(spec.name() + "-" + m + "-c" + Indexer.DEFAULT_CHUNK_TOKENS));
    try (Session s = Session.forWrites(layout, m, device, false)) {
      Indexer indexer = new Indexer(s.writer(), s.embedder, Indexer.DEFAULT_CHUNK_TOKENS);
      List<ExternalEval.JudgedQuery> queries;
      if (spec.isOwnData()) {
        Path data = home.resolve("data");
        report(indexer.add(List.of(data.resolve("postings")), DocKind.POSTING, null, x -> {}));
        report(indexer.add(List.of(data.resolve("resumes")), DocKind.RESUME, null, x -> {}));
        Path labels = home.resolve(spec.data().labels() != null ? spec.data().labels() : "data/labels");
        queries = ExternalEval.ownQueries(s.index, s.matcher(), s.embedder, Labels.read(labels.resolve("postings.tsv")),
            Labels.read(labels.resolve("topics.tsv")));
      } else {
        Dataset ds = Dataset.read(spec.name(), home.resolve(spec.data().corpus()), home.resolve(spec.data().queries()),
            home.resolve(spec.data().qrels()));
        ExternalEval.index(s.writer(), indexer, ds);
        if (spec.reverse()) {
          return new Judged(pairs(ExternalEval.reverse(s.writer(), indexer, s.matcher(), ds)),
              s.matcher().scorer().calibration());
        }
        queries = ExternalEval.queries(ds, s.matcher(), s.embedder);
      }
      return new Judged(pairs(ExternalEval.score(s.index, s.matcher(), queries)), s.matcher().scorer().calibration());
    }
  }

  private static List<RankingEval.Pair> pairs(List<ExternalEval.Judged> judged) {
    List<RankingEval.Pair> pairs = new ArrayList<>();
    for (ExternalEval.Judged j : judged) {
      pairs.add(new RankingEval.Pair(j.type(), j.query(), j.doc(), j.grade(), j.product().features(), j.baselines(),
          j.product().evidence()));
    }
    return pairs;
  }

  private static void report(Indexer.Report r) {
    for (Indexer.Failure f : r.failed()) {
      System.err.println("eval: not indexed: " + f.path() + ": " + f.reason());
    }
  }
}
