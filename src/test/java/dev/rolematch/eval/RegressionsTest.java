package dev.rolematch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped regression files are well-formed, and the metrics and the cross-validated fit do what they say. */
class RegressionsTest {

  static final Set<String> METHODS = Set.of("bm25", "doc-cosine", "chunk-max", "rrf(bm25,doc-cosine)", "rolematch");

  @Test
  void shippedRegressionsNameKnownModelsMethodsAndMetrics() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/regressions"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertTrue(files.size() >= 2, files.toString());
    for (Path f : files) {
      RegressionSpec spec = RegressionSpec.read(f);
      assertFalse(spec.models().isEmpty(), f.toString());
      for (String m : spec.models()) {
        ModelCatalog.standard(Path.of(".")).resolve(m); // throws for an unknown model
        // Its own file, or (an int8 model) its float model's: a shipped model is never uncalibrated.
        assertTrue(Calibration.load(Path.of("data/calibration"), m).isCalibrated(), "calibration for " + m);
      }
      for (RegressionSpec.Expected e : spec.expected()) {
        assertTrue(METHODS.contains(e.method()), f + ": " + e);
        assertTrue(Set.of("ndcg@10", "mrr", "ap").contains(e.metric()), f + ": " + e);
        assertTrue(spec.models().contains(e.model()), f + ": " + e);
        assertTrue(e.tolerance() >= 0 && e.tolerance() < 0.05, f + ": " + e);
      }
    }
  }

  @Test
  void averagePrecisionAndNdcgByHand() {
    Map<String, Integer> grades = Map.of("a", 3, "b", 0, "c", 3, "d", 0);
    // relevant at ranks 1 and 3: AP = (1/1 + 2/3) / 2
    assertEquals((1 + 2.0 / 3) / 2, Metrics.averagePrecision(List.of("a", "b", "c", "d"), grades), 1e-12);
    double dcg = 7 / log2(2) + 7 / log2(4);
    double idcg = 7 / log2(2) + 7 / log2(3);
    assertEquals(dcg / idcg, Metrics.ndcg(List.of("a", "b", "c", "d"), grades, 10), 1e-12);
    assertEquals(0, Metrics.averagePrecision(List.of("b", "d"), Map.of("b", 0, "d", 0)));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * Relevance follows the whole-document feature; another feature is noise. The fitted scorer,
   * judged on queries it never saw, must rank as well as the signal and better than the noise.
   */
  @Test
  void crossValidatedFitLearnsTheSignalNotTheNoise() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    Random rnd = new Random(seed);
    List<RankingEval.Pair> pairs = new ArrayList<>();
    for (int q = 0; q < 8; q++) {
      String type = q % 2 == 0 ? "name" : "posting";
      for (int d = 0; d < 30; d++) {
        boolean relevant = d < 5;
        double[] f = new double[Calibration.FEATURES.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = rnd.nextDouble(); // noise everywhere ...
        }
        f[3] = (relevant ? 0.6 : 0.3) + 0.1 * rnd.nextDouble(); // ... but the whole-document similarity
        pairs.add(new RankingEval.Pair(type, "q" + q, "d" + d, relevant ? 3 : 0, f,
            Map.of("noise", f[0]), List.of()));
      }
    }
    Map<String, Double> cv = RankingEval.crossValidated(pairs);
    Map<String, Double> noise = RankingEval.scores(pairs, p -> p.baselines().get("noise"));
    List<RankingEval.Row> rows = RankingEval.table(pairs, Map.of("cv", cv, "noise", noise));
    for (RankingEval.Row r : rows) {
      if (r.method().equals("cv")) {
        assertEquals(1.0, r.ndcg10(), 1e-9, "seed " + seed + ": " + r);
        assertEquals(1.0, r.map(), 1e-9, "seed " + seed + ": " + r);
      } else {
        assertTrue(r.ndcg10() < 0.999, "seed " + seed + ": noise cannot be perfect: " + r);
      }
    }
    Calibration c = RankingEval.calibrate(pairs, "m", "synthetic");
    assertTrue(c.posting().weights()[3] > 0 && c.topic().weights()[3] > 0, "seed " + seed);
    assertEquals(0.0, c.posting().weights()[0], "must is not a posting feature");
    assertTrue(c.fitsScorer());
  }
}
