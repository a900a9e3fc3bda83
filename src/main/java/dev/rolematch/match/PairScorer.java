package dev.rolematch.match;

import dev.rolematch.index.CorpusStats;
import dev.rolematch.ingest.Degrees;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.TermSets;
import dev.rolematch.ingest.RoleProfile;
import java.util.List;

/**
 * The one place that decides a score. For each need, MaxSim over the candidate's chunks gives the
 * similarity and the evidence; nine features summarise the pair (see {@link Calibration#FEATURES}):
 * mean similarity of must-haves, of duties and topics, of nice-to-haves, whole-text similarity,
 * the best chunk's similarity to the whole query, the same two for the posting's title,
 * idf-weighted lexical coverage of each need's terms, BM25 of all terms, and how well the role's
 * level and family ({@link RoleProfile}) agree. Lexical statistics come from the searched corpus's frozen
 * snapshot ({@link CorpusStats}), so a score does not drift as unrelated documents come and go.
 * The calibration maps the features to 0–100.
 *
 * <p>A resume's bare keyword lists ({@link CandidateProfile#listChunks()}) are claims, not
 * evidence: every similarity feature counts a list at most {@value #LIST_MARGIN} above the
 * resume's best other passage for the same query (experience, projects, education), and the
 * whole-resume similarities at most that much above it too. A list that repeats what the
 * experience says changes nothing; a list nothing else supports cannot carry the score.
 */
public final class PairScorer {

  /** Bumped whenever scoring changes, so stored scores know they are stale. */
  public static final String VERSION = "5";

  /** How far above the best non-list passage a keyword list's similarity may count. */
  static final double LIST_MARGIN = 0.03;

  private static final int SNIPPET_CHARS = 280;

  /** Indexes into the feature vector (see {@link Calibration#FEATURES}). */
  static final int DOC = 3;
  static final int CHUNK = 4;
  static final int TITLE = 5;
  static final int TITLE_CHUNK = 6;


  private final Calibration calibration;
  private final CorpusStats stats;
  /** Idf of the queries being scored, per thread. */
  private final ThreadLocal<QueryTerms[]> recentQueries = ThreadLocal.withInitial(() -> new QueryTerms[QueryTerms.RECENT]);

  /** A scorer with no corpus statistics (every term weighs the same): tests and benchmarks. */
  public PairScorer(Calibration calibration) {
    this(calibration, CorpusStats.EMPTY);
  }

  public PairScorer(Calibration calibration, CorpusStats stats) {
    this.calibration = calibration;
    this.stats = stats;
  }

  public Calibration calibration() {
    return calibration;
  }

  public CorpusStats stats() {
    return stats;
  }

  /** Features, probability and evidence for one pair. */
  public record PairScore(double score, double[] features, MustHaves mustHaves, List<Evidence> evidence) {}

  public PairScore score(QueryProfile q, CandidateProfile c) {
    Calibration.Model model = calibration.forType(q.type());
    QueryTerms terms = QueryTerms.of(q, stats, recentQueries.get());
    int needs = q.needs().size();
    int[] bestChunks = new int[needs]; // the evidence, built only when read (EvidenceList)
    double[] bestSims = new double[needs];
    String[] statuses = new String[needs];
    int k = 0;
    double mustSum = 0, coreSum = 0, niceSum = 0, allSum = 0, lexSum = 0;
    int mustN = 0, coreN = 0, niceN = 0;
    int met = 0, unmet = 0, unknown = 0;
    double[] sims = new double[8];
    java.util.BitSet lists = c.listChunks();
    List<IndexedChunk> chunks = c.chunks();
    float[][] vectors = new float[chunks.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = chunks.get(i).vector();
    }
    double[] chunkSims = new double[vectors.length]; // one requirement's similarity to each chunk
    // Each distinct query term looked up once per pair; the needs' terms read the result.
    Integer[] found = new Integer[terms.allTerms.length];
    for (int i = 0; i < found.length; i++) {
      found[i] = c.terms().get(terms.allTerms[i]);
    }
    for (QueryProfile.Need need : q.needs()) {
      int best = -1;
      double bestSim = -1;
      double bestProse = -1; // best chunk that is not a bare list
      Dots.dotAll(need.vector(), vectors, chunkSims, sims);
      for (int i = 0; i < vectors.length; i++) { // in chunk order: the first of equal bests wins
        double s = chunkSims[i];
        if (s > bestSim) {
          bestSim = s;
          best = i;
        }
        if (s > bestProse && !lists.get(i)) {
          bestProse = s;
        }
      }
      if (best < 0) {
        bestSim = 0;
      } else if (!lists.isEmpty()) {
        bestSim = supported(bestSim, bestProse);
      }
      allSum += bestSim;
      lexSum += weightedCoverage(terms.needTerms[k], terms.needIdf[k], terms.needAt[k], found, c.terms());
      String status = "";
      switch (need.kind()) {
        case MUST -> {
          mustSum += bestSim;
          mustN++;
          status = mustStatus(need, bestSim, c, model);
          switch (status) {
            case "met" -> met++;
            case "unmet" -> unmet++;
            default -> unknown++;
          }
        }
        case NICE -> {
          niceSum += bestSim;
          niceN++;
        }
        default -> {
          coreSum += bestSim;
          coreN++;
        }
      }
      bestChunks[k] = best;
      bestSims[k] = bestSim;
      statuses[k++] = status;
    }
    List<Evidence> evidence = new EvidenceList(q.needs(), c.chunks(), bestChunks, bestSims, statuses);
    int n = Math.max(1, q.needs().size());
    double all = allSum / n;
    double[] docChunks = q.docVector() != null
        ? bestChunk(q.docVector(), c, vectors, chunkSims, sims, all) : new double[] {all, all};
    double[] titleChunks = q.titleVector() != null
        ? bestChunk(q.titleVector(), c, vectors, chunkSims, sims, all) : null;
    double[] f = {
      mustN > 0 ? mustSum / mustN : all,
      coreN > 0 ? coreSum / coreN : all,
      niceN > 0 ? niceSum / niceN : all,
      q.docVector() != null && c.docVector() != null ? wholeText(Dots.dot(q.docVector(), c.docVector()), docChunks, c) : all,
      docChunks[0],
      q.titleVector() != null && c.docVector() != null
          ? wholeText(Dots.dot(q.titleVector(), c.docVector()), titleChunks, c) : Double.NaN,
      titleChunks != null ? titleChunks[0] : Double.NaN,
      lexSum / n,
      bm25(terms.allIdf, found, c),
      RoleProfile.levelMatch(q.role().level(), c.role().level()),
      RoleProfile.familyMatch(q.role().family(), c.role().family())
    };
    // No title (topics, untitled postings): the title features are the whole query's.
    if (Double.isNaN(f[TITLE])) {
      f[TITLE] = f[DOC];
    }
    if (Double.isNaN(f[TITLE_CHUNK])) {
      f[TITLE_CHUNK] = f[CHUNK];
    }
    double score = Math.round(model.probability(f) * 1000) / 10.0;
    return new PairScore(score, f, new MustHaves(met, unmet, unknown), evidence);
  }

  /**
   * The whole query's similarity to the candidate's best chunk (its whole vector sees only the
   * head), a keyword list counted as {@link #supported}; and the best non-list chunk's (-1: none).
   */
  private static double[] bestChunk(float[] query, CandidateProfile c, float[][] vectors, double[] chunkSims,
      double[] scratch, double fallback) {
    if (vectors.length == 0) {
      return new double[] {fallback, fallback};
    }
    Dots.dotAll(query, vectors, chunkSims, scratch);
    double best = -1;
    double prose = -1;
    for (int i = 0; i < vectors.length; i++) {
      double s = chunkSims[i];
      best = Math.max(best, s);
      if (!c.listChunks().get(i)) {
        prose = Math.max(prose, s);
      }
    }
    return new double[] {c.listChunks().isEmpty() ? best : supported(best, prose), prose};
  }


  /**
   * A similarity that a keyword list may have earned: at most {@link #LIST_MARGIN} above the best
   * non-list chunk's ({@code prose}). A resume that is nothing but lists ({@code prose} -1) has
   * nothing to hold them against and keeps its similarity (its flag still tells).
   */
  static double supported(double best, double prose) {
    if (prose < 0) {
      return best;
    }
    return best <= prose ? best : Math.min(best, prose + LIST_MARGIN);
  }

  /** The whole resume's similarity, where it has lists: at most a margin above its best non-list chunk. */
  private static double wholeText(double sim, double[] chunks, CandidateProfile c) {
    return c.listChunks().isEmpty() || chunks.length < 2 ? sim : supported(sim, chunks[1]);
  }

  /**
   * Share of the query terms' idf mass ({@code idf[i]} of {@code query[i]}) that the document
   * contains. {@code at[i]} is the index of {@code query[i]} in {@code found} (the document's
   * frequencies of the query's distinct terms, null where absent), or -1 to look it up in {@code doc}.
   */
  static double weightedCoverage(String[] query, double[] idf, int[] at, Integer[] found,
      java.util.Map<String, Integer> doc) {
    double total = 0;
    double hit = 0;
    for (int i = 0; i < query.length; i++) {
      double w = idf[i];
      total += w;
      if (at[i] >= 0 && at[i] < found.length ? found[at[i]] != null : doc.containsKey(query[i])) {
        hit += w;
      }
    }
    return total == 0 ? 0 : hit / total;
  }

  /**
   * BM25 of the query's distinct terms ({@code found[i]}: the document's frequency of term i, null
   * where absent) against the document with the corpus snapshot's idf and mean length, divided by
   * its maximum so it lies in [0, 1) and compares across queries.
   */
  double bm25(double[] idf, Integer[] found, CandidateProfile c) {
    final double k1 = 1.2;
    final double b = 0.75;
    int length = c.length(); // summed once per candidate
    double avg = stats.averageLength() > 0 ? stats.averageLength() : Math.max(1, length);
    double norm = k1 * (1 - b + b * length / avg);
    double score = 0;
    double max = 0;
    for (int i = 0; i < idf.length; i++) {
      double w = idf[i];
      max += w * (k1 + 1);
      Integer tf = found[i];
      if (tf != null) {
        score += w * tf * (k1 + 1) / (tf + norm);
      }
    }
    return max == 0 ? 0 : score / max;
  }

  private static String mustStatus(QueryProfile.Need need, double sim, CandidateProfile c, Calibration.Model m) {
    if (need.degree() != null && c.metadata() != null && c.metadata().highestDegree() != null) {
      return Degrees.rank(c.metadata().highestDegree()) >= Degrees.rank(need.degree()) ? "met" : "unmet";
    }
    if (sim >= m.metThreshold()) {
      return "met";
    }
    return sim < m.unmetThreshold() ? "unmet" : "unknown";
  }

  /** The lowest degree a requirement accepts ("BS, MS or PhD" → BS), or null if it names none ({@link Degrees}). */
  public static String requiredDegree(String requirement) {
    return Degrees.lowestNamed(requirement);
  }

  /**
   * Where the snippet holds the requirement's words, as {@code [start, end)} offsets into the
   * snippet: the same analysed terms ({@link TermSets}: stemmed, stop words out) as the lexical
   * features. Not part of the score; computed only when evidence is shown (see {@link
   * Evidence#matchOffsets}), since analysing every snippet of every scored pair would cost refresh
   * more than the scoring does.
   */
  public static List<int[]> matchOffsets(String requirement, String snippet) {
    return TermSets.offsets(snippet, TermSets.of(requirement));
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  static String snippet(String text) {
    String t = collapseWhitespace(text).strip();
    return t.length() <= SNIPPET_CHARS ? t : t.substring(0, SNIPPET_CHARS - 1) + "…";
  }

  /**
   * {@code text.replaceAll("\\s+", " ")} without a regex (it ran for every requirement of every
   * pair): {@code \s} is {@code [ \t\n\x0B\f\r]}; text with no run to collapse is returned as is.
   */
  static String collapseWhitespace(String text) {
    int n = text.length();
    int i = 0;
    for (; i < n; i++) {
      char ch = text.charAt(i);
      if (isSpace(ch) && (ch != ' ' || (i + 1 < n && isSpace(text.charAt(i + 1))))) {
        break;
      }
    }
    if (i == n) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n).append(text, 0, i);
    boolean inRun = false;
    for (; i < n; i++) {
      char ch = text.charAt(i);
      if (isSpace(ch)) {
        if (!inRun) {
          sb.append(' ');
          inRun = true;
        }
      } else {
        sb.append(ch);
        inRun = false;
      }
    }
    return sb.toString();
  }

  private static boolean isSpace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r';
  }

}
