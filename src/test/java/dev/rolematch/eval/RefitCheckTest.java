package dev.rolematch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.match.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule of every feedback refit (CLI and server): a refit that loses on the dev data is not
 * written.
 */
class RefitCheckTest {

  static List<RankingEval.Pair> dev() {
    Random rnd = new Random(5);
    List<RankingEval.Pair> out = new ArrayList<>();
    for (String type : List.of("name", "posting")) {
      for (int q = 0; q < 4; q++) {
        for (int d = 0; d < 10; d++) {
          boolean good = d < 2;
          double[] f = new double[Calibration.FEATURES.length];
          for (int i = 0; i < f.length; i++) {
            f[i] = (good ? 0.7 : 0.3) + 0.25 * rnd.nextDouble();
          }
          out.add(new RankingEval.Pair(type, type + q, "d" + d, good ? 3 : 0, f,
              Map.of("bm25", rnd.nextDouble(), "doc-cosine", rnd.nextDouble(), "chunk-max", rnd.nextDouble()), List.of()));
        }
      }
    }
    return out;
  }

  static Calibration.Model negated(Calibration.Model m) {
    double[] w = m.weights().clone();
    for (int i = 0; i < w.length; i++) {
      w[i] = -w[i];
    }
    return new Calibration.Model(-m.bias(), w, m.metThreshold(), m.unmetThreshold());
  }

  @Test
  void aRefitThatLosesOnDevIsRefusedAndAnEqualOneIsNot() {
    List<RankingEval.Pair> dev = dev();
    Calibration without = RankingEval.calibrate(dev, "m", "dev");
    RefitCheck.Result same = RefitCheck.check(dev, without, without);
    assertTrue(same.ok(), same.toString());
    assertEquals(3, same.rows().size(), "all, name, posting");
    Calibration worse = new Calibration("m", negated(without.posting()), without.topic(), 1, "3", "dev + feedback", "");
    RefitCheck.Result reversed = RefitCheck.check(dev, without, worse);
    assertFalse(reversed.ok(), "posting ranking reversed");
    assertTrue(reversed.rows().stream().anyMatch(r -> r.queryType().equals("posting") && !r.ok()), reversed.toString());
  }
}
