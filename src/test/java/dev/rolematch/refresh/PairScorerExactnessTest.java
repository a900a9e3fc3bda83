package dev.rolematch.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolematch.bench.RefreshBench;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RequirementKind;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The speed-ups inside {@link PairScorer} (four dot products at a time, snippet without a
 * regex) change no bit: similarities, features and snippets equal the straightforward computation.
 */
class PairScorerExactnessTest {

  private static final String[] PIECES = {"Built", " ", "  ", "\n", "\t", "\r\n", "PyTorch", "\u2003", "x", "\f", "\u000B", "é"};

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(120);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  /** The scorer's rules before the speed-ups: one sequential sum per chunk, regex snippet. */
  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static String snippet(String text) {
    String t = text.replaceAll("\\s+", " ").strip();
    return t.length() <= 280 ? t : t.substring(0, 279) + "…";
  }

  @Test
  void sameSimilaritiesFeaturesAndSnippetsAsTheSequentialComputation() {
    Random r = new Random(11);
    PairScorer scorer = new PairScorer(Fixtures.CALIBRATION);
    for (int trial = 0; trial < 300; trial++) {
      List<QueryProfile.Need> needs = new ArrayList<>();
      for (int i = 0; i < 1 + r.nextInt(6); i++) {
        needs.add(new QueryProfile.Need("need " + i, RequirementKind.values()[r.nextInt(4)], RefreshBench.unit(r),
            Set.of("python"), null));
      }
      List<IndexedChunk> chunks = new ArrayList<>();
      for (int i = 0; i < r.nextInt(12); i++) {
        chunks.add(new IndexedChunk(i, "", "", text(r), RefreshBench.unit(r)));
      }
      QueryProfile q = new QueryProfile("posting", "p", "P", needs, null);
      CandidateProfile c = new CandidateProfile("c", "C", chunks, Map.of("python", 2), null, Metadata.UNKNOWN);
      PairScorer.PairScore s = scorer.score(q, c);
      double mustSum = 0;
      int mustN = 0;
      double allSum = 0;
      for (int n = 0; n < needs.size(); n++) {
        int best = -1;
        double bestSim = -1;
        for (int i = 0; i < chunks.size(); i++) {
          double v = dot(needs.get(n).vector(), chunks.get(i).vector());
          if (v > bestSim) {
            bestSim = v;
            best = i;
          }
        }
        if (best < 0) {
          bestSim = 0;
        }
        allSum += bestSim;
        if (needs.get(n).kind() == RequirementKind.MUST) {
          mustSum += bestSim;
          mustN++;
        }
        Evidence e = s.evidence().get(n);
        assertEquals(Math.round(bestSim * 10000) / 10000.0, e.similarity());
        assertEquals(best < 0 ? "" : snippet(chunks.get(best).text()), e.snippet());
      }
      double expectedMust = mustN > 0 ? mustSum / mustN : allSum / needs.size();
      assertEquals(expectedMust, s.features()[0], 0.0, "bit-identical must feature, trial " + trial);
    }
  }
}
