package dev.rolematch.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.TestSeeds;
import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RequirementKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The speed-ups inside {@link PairScorer} (vector dot products, snippet without a regex, evidence
 * built when read) change no bit, checked against computations written here from the documented
 * rules, not copied from the scorer: {@link Dots} bit for bit over random vectors, then for random
 * pairs every feature named in {@link Calibration#FEATURES}, the score, and the evidence.
 *
 * <p>Features are looked up by name, so the test follows the feature list as it changes; a feature
 * with no computation here is reported by {@link #everyFeatureHasAnIndependentComputation} (as a
 * skipped test: add its computation to {@link #ORACLES}). Inputs are random: a failure names its
 * {@code -Dtests.seed}.
 */
@ExtendWith(TestSeeds.class)
class PairScorerExactnessTest {

  // ---- dot products ----

  /**
   * The documented rule ({@link Dots}), built another way: lane {@code j} is a float chain of fused
   * multiply-adds over elements {@code j, j+8, j+16, ...} in index order; the eight lanes are then
   * widened and summed in double from lane 0 to lane 7.
   */
  static double referenceDot(float[] a, float[] b) {
    assertEquals(a.length, b.length, "vector lengths");
    return IntStream.range(0, 8).mapToDouble(j -> { // a sequential stream: lanes in order
      float lane = 0f;
      for (int i = j; i < a.length; i += 8) {
        lane = Math.fma(a[i], b[i], lane);
      }
      return lane;
    }).reduce(0.0, Double::sum);
  }

  /** The exact real-number dot product of the float inputs, to check the rule is a dot product. */
  static BigDecimal exactDot(float[] a, float[] b) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = 0; i < a.length; i++) {
      s = s.add(new BigDecimal(a[i]).multiply(new BigDecimal(b[i])));
    }
    return s;
  }

  private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 383, 384, 385, 768, 1024};

  /** Gaussian entries, sometimes with zeros, signed zeros, subnormals, huge and tiny magnitudes. */
  static float[] vector(Random r, int n) {
    float[] v = new float[n];
    int style = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      float x = (float) r.nextGaussian();
      if (style == 1 && r.nextInt(8) == 0) {
        float[] odd = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, 1e-20f, -3e17f, 65504f};
        x = odd[r.nextInt(odd.length)];
      } else if (style == 2) {
        x *= (float) Math.pow(10, r.nextInt(13) - 6);
      }
      v[i] = x;
    }
    return v;
  }

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        () -> what + ": expected " + expected + " but was " + actual);
  }

  @Test
  void dotIsEightFusedFloatLanesSummedInOrder() {
    Random r = TestSeeds.random("dot");
    for (int trial = 0; trial < 2000; trial++) {
      int n = trial < LENGTHS.length ? LENGTHS[trial] : LENGTHS[r.nextInt(LENGTHS.length)] + r.nextInt(3);
      float[] a = vector(r, n);
      float[] b = vector(r, n);
      double got = Dots.dot(a, b);
      assertSameBits(referenceDot(a, b), got, "dot, length " + n + ", trial " + trial);
      assertSameBits(got, Dots.scalarDot(a, b), "scalar fallback, length " + n + ", trial " + trial);
      // and that rule is a dot product: within one float rounding per element of a lane, then 8 double additions
      double magnitude = 0;
      for (int i = 0; i < n; i++) {
        magnitude += Math.abs((double) a[i] * b[i]);
      }
      double bound = magnitude * ((n / 8 + 1) * Math.ulp(1f) + 8 * Math.ulp(1.0)) + Float.MIN_VALUE * n;
      double error = exactDot(a, b).subtract(new BigDecimal(got)).abs().doubleValue();
      assertTrue(error <= bound, "dot is off the exact value by " + error + " (bound " + bound + "), trial " + trial);
    }
  }

  @Test
  void dot4IsFourDotsBitForBit() {
    Random r = TestSeeds.random("dot4");
    double[] out = new double[4];
    for (int trial = 0; trial < 2000; trial++) {
      int n = trial < LENGTHS.length ? LENGTHS[trial] : LENGTHS[r.nextInt(LENGTHS.length)] + r.nextInt(3);
      float[] q = vector(r, n);
      float[][] v = {vector(r, n), vector(r, n), vector(r, n), vector(r, n)};
      if (r.nextInt(5) == 0) {
        v[1 + r.nextInt(3)] = v[0]; // the same chunk vector twice
      }
      Arrays.fill(out, Double.NaN);
      Dots.dot4(q, v[0], v[1], v[2], v[3], out);
      for (int j = 0; j < 4; j++) {
        assertSameBits(referenceDot(q, v[j]), out[j], "dot4 slot " + j + ", length " + n + ", trial " + trial);
      }
    }
  }

  // ---- whole pairs ----

  private static final String[] PIECES = {"Built", " ", "  ", "\n", "\t", "\r\n", "PyTorch", "\u2003", "x", "\f",
      "\u000B", "é"};
  private static final String[] TERMS = {"python", "pytorch", "spark", "sql", "nlp", "cuda", "java", "go", "react",
      "kafka", "docker", "rust"};

  /** One random pair and the calibration it is scored with. */
  record Pair(QueryProfile query, CandidateProfile candidate, Calibration calibration, CorpusStats stats) {}

  /**
   * Independent computations of the features, by name. MaxSim: the best {@link #referenceDot} of a
   * need over the chunks (the first chunk on a tie; 0 with no chunks); a mean over needs of a kind,
   * or over all needs when there is none of that kind.
   */
  static final Map<String, ToDoubleFunction<Pair>> ORACLES = new LinkedHashMap<>();

  static {
    ORACLES.put("must", p -> meanOf(p, k -> k == RequirementKind.MUST));
    ORACLES.put("core", p -> meanOf(p, k -> k != RequirementKind.MUST && k != RequirementKind.NICE));
    ORACLES.put("nice", p -> meanOf(p, k -> k == RequirementKind.NICE));
    ORACLES.put("doc", p -> p.query().docVector() != null && p.candidate().docVector() != null
        ? referenceDot(p.query().docVector(), p.candidate().docVector())
        : meanOf(p, k -> true));
    ORACLES.put("chunk", p -> p.query().docVector() != null ? bestChunk(p, p.query().docVector()) : meanOf(p, k -> true));
    ORACLES.put("title", p -> p.query().titleVector() != null && p.candidate().docVector() != null
        ? referenceDot(p.query().titleVector(), p.candidate().docVector())
        : ORACLES.get("doc").applyAsDouble(p));
    ORACLES.put("title_chunk", p -> p.query().titleVector() != null ? bestChunk(p, p.query().titleVector())
        : ORACLES.get("chunk").applyAsDouble(p));
    ORACLES.put("lexical", PairScorerExactnessTest::lexical);
    ORACLES.put("level", p -> p.query().role().level() == null || p.candidate().role().level() == null ? 0.5
        : 1 - Math.abs(p.query().role().level().ordinal() - p.candidate().role().level().ordinal()) / 4.0);
    ORACLES.put("family", p -> p.query().role().family() == null || p.candidate().role().family() == null ? 0.5
        : p.query().role().family() == p.candidate().role().family() ? 1.0 : 0.0);
    ORACLES.put("bm25", PairScorerExactnessTest::bm25);
  }

  /** The whole query's (or title's) best chunk similarity; with no chunks, the mean MaxSim of all needs. */
  static double bestChunk(Pair p, float[] query) {
    if (p.candidate().chunks().isEmpty()) {
      return meanOf(p, k -> true);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (IndexedChunk ch : p.candidate().chunks()) {
      best = Math.max(best, referenceDot(query, ch.vector()));
    }
    return best;
  }

  /** Best similarity and its chunk (-1 with no chunks). */
  record Best(double similarity, int chunk) {}

  static Best maxSim(QueryProfile.Need need, List<IndexedChunk> chunks) {
    int best = -1;
    double sim = 0;
    for (int i = 0; i < chunks.size(); i++) {
      double s = referenceDot(need.vector(), chunks.get(i).vector());
      if (best < 0 || s > sim) {
        best = i;
        sim = s;
      }
    }
    return new Best(sim, best);
  }

  static double meanOf(Pair p, java.util.function.Predicate<RequirementKind> kinds) {
    double sum = 0;
    int n = 0;
    for (QueryProfile.Need need : p.query().needs()) {
      if (kinds.test(need.kind())) {
        sum += maxSim(need, p.candidate().chunks()).similarity();
        n++;
      }
    }
    return n > 0 ? sum / n : meanOf(p, k -> true);
  }

  /** Mean over needs of the share of the need's idf mass that the candidate's terms contain. */
  static double lexical(Pair p) {
    double sum = 0;
    for (QueryProfile.Need need : p.query().needs()) {
      double total = 0;
      double hit = 0;
      for (String t : need.terms()) {
        total += p.stats().idf(t);
        hit += p.candidate().terms().containsKey(t) ? p.stats().idf(t) : 0;
      }
      sum += total == 0 ? 0 : hit / total;
    }
    return sum / Math.max(1, p.query().needs().size());
  }

  /** BM25 (k1 = 1.2, b = 0.75) of the query's distinct terms with the corpus snapshot's idf and mean length, over its maximum. */
  static double bm25(Pair p) {
    double k1 = 1.2;
    double b = 0.75;
    Map<String, Integer> tf = p.candidate().terms();
    int length = tf.values().stream().mapToInt(Integer::intValue).sum();
    double avg = p.stats().averageLength() > 0 ? p.stats().averageLength() : Math.max(1, length);
    double score = 0;
    double max = 0;
    for (String t : p.query().allTerms()) {
      double idf = p.stats().idf(t);
      max += idf * (k1 + 1);
      Integer f = tf.get(t);
      if (f != null) {
        score += idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * (length / avg)));
      }
    }
    return max == 0 ? 0 : score / max;
  }

  static float[] unit(Random r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      n += (double) v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (v[i] / Math.sqrt(n));
    }
    return v;
  }

  /** A unit vector near {@code v}: similarities across the met/unmet thresholds. */
  static float[] near(Random r, float[] v) {
    float[] w = unit(r, v.length);
    double mix = r.nextDouble() * 1.5;
    double n = 0;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * mix + w[i] * (1 - mix / 1.5));
      n += (double) out[i] * out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (out[i] / Math.sqrt(n));
    }
    return out;
  }

  static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(r.nextInt(10) == 0 ? 400 : 60);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  static Set<String> terms(Random r) {
    Set<String> s = new LinkedHashSet<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      s.add(TERMS[r.nextInt(TERMS.length)]);
    }
    return s;
  }

  static Pair pair(Random r) {
    int dim = r.nextBoolean() ? 384 : 16 + r.nextInt(40);
    List<QueryProfile.Need> needs = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(7); i < n; i++) {
      needs.add(new QueryProfile.Need("need " + i, RequirementKind.values()[r.nextInt(RequirementKind.values().length)],
          unit(r, dim), terms(r), null));
    }
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0, n = r.nextInt(14); i < n; i++) {
      float[] v = r.nextInt(3) == 0 ? near(r, needs.get(r.nextInt(needs.size())).vector())
          : !chunks.isEmpty() && r.nextInt(8) == 0 ? chunks.get(r.nextInt(chunks.size())).vector() // a tie
          : unit(r, dim);
      chunks.add(new IndexedChunk(i, "", "", text(r), v));
    }
    Map<String, Integer> tf = new HashMap<>();
    for (String t : terms(r)) {
      tf.put(t, 1 + r.nextInt(6));
    }
    float[] qDoc = r.nextInt(4) == 0 ? null : unit(r, dim);
    float[] cDoc = r.nextInt(4) == 0 ? null : r.nextBoolean() && qDoc != null ? near(r, qDoc) : unit(r, dim);
    String type = r.nextInt(3) == 0 ? "topic" : "posting";
    float[] qTitle = r.nextInt(3) == 0 ? null : unit(r, dim);
    QueryProfile q = new QueryProfile(type, "q", "Q", needs, qDoc, qTitle);
    CandidateProfile c = new CandidateProfile("c", "C", chunks, tf, cDoc, Metadata.UNKNOWN);
    Map<String, Integer> df = new HashMap<>();
    for (String t : TERMS) {
      if (r.nextBoolean()) {
        df.put(t, 2 + r.nextInt(48));
      }
    }
    double avgLength = r.nextInt(4) == 0 ? 0 : 1 + r.nextDouble() * 20;
    return new Pair(q, c, Calibration.uncalibrated("test"), new CorpusStats(50, avgLength, "test", "test", df));
  }

  static String snippet(String text) {
    String t = text.replaceAll("\\s+", " ").strip();
    return t.length() <= 280 ? t : t.substring(0, 279) + "…";
  }

  @Test
  void everyFeatureScoreAndEvidenceEqualTheStraightforwardComputation() {
    Random r = TestSeeds.random("pairs");
    int checked = 0;
    for (int trial = 0; trial < 500; trial++) {
      Pair p = pair(r);
      PairScorer.PairScore s = new PairScorer(p.calibration(), p.stats()).score(p.query(), p.candidate());
      String where = "trial " + trial;
      double[] f = s.features();
      assertEquals(Calibration.FEATURES.length, f.length, "one value per named feature, " + where);
      for (int i = 0; i < f.length; i++) {
        ToDoubleFunction<Pair> oracle = ORACLES.get(Calibration.FEATURES[i]);
        if (oracle == null) {
          continue; // reported by everyFeatureHasAnIndependentComputation
        }
        String name = Calibration.FEATURES[i];
        double expected = oracle.applyAsDouble(p);
        if (name.equals("lexical") || name.equals("bm25")) {
          // written from the formula, not in the scorer's operation order
          assertEquals(expected, f[i], 1e-12, "feature " + name + ", " + where);
        } else {
          assertSameBits(expected, f[i], "feature " + name + ", " + where);
        }
        checked++;
      }

      // The score: 100 · sigmoid(bias + Σ wᵢ·fᵢ) in tenths, over all features whatever they are.
      Calibration.Model m = p.calibration().forType(p.query().type());
      double z = m.bias();
      for (int i = 0; i < Math.min(m.weights().length, f.length); i++) {
        z += m.weights()[i] * f[i];
      }
      assertEquals(Math.round(1000.0 / (1.0 + Math.exp(-z))) / 10.0, s.score(), 1e-9, "score, " + where);

      // Evidence: one per need, in order, with the best chunk's similarity, snippet and must-have status.
      assertEquals(p.query().needs().size(), s.evidence().size(), where);
      int met = 0;
      int unmet = 0;
      int unknown = 0;
      for (int n = 0; n < p.query().needs().size(); n++) {
        QueryProfile.Need need = p.query().needs().get(n);
        Best best = maxSim(need, p.candidate().chunks());
        Evidence e = s.evidence().get(n);
        assertEquals(need.text(), e.requirement(), where);
        assertEquals(need.kind().name(), e.kind(), where);
        assertEquals(Math.round(best.similarity() * 10000) / 10000.0, e.similarity(), "similarity, need " + n + ", " + where);
        assertEquals(best.chunk() < 0 ? "" : snippet(p.candidate().chunks().get(best.chunk()).text()), e.snippet(),
            "snippet, need " + n + ", " + where);
        String status = "";
        if (need.kind() == RequirementKind.MUST) {
          status = best.similarity() >= m.metThreshold() ? "met"
              : best.similarity() < m.unmetThreshold() ? "unmet" : "unknown";
          switch (status) {
            case "met" -> met++;
            case "unmet" -> unmet++;
            default -> unknown++;
          }
        }
        assertEquals(status, e.status(), "status, need " + n + ", " + where);
      }
      assertEquals(new MustHaves(met, unmet, unknown), s.mustHaves(), where);
    }
    assertTrue(checked > 0, "no feature of " + Arrays.toString(Calibration.FEATURES) + " has a computation here");
  }

  @Test
  void everyFeatureHasAnIndependentComputation() {
    Set<String> missing = new TreeSet<>(Arrays.asList(Calibration.FEATURES));
    missing.removeAll(ORACLES.keySet());
    assertTrue(missing.isEmpty(), "features with no independent computation in PairScorerExactnessTest (add one to"
        + " ORACLES): " + missing);
  }
}
