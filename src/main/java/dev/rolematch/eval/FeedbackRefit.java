package dev.rolematch.eval;

import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackLabel;
import dev.rolematch.feedback.QueryType;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recruiters' feedback as judged pairs for the calibration: good fit = grade 3, shortlisted = 2,
 * rejected = 0, each pair's features computed by the index's own scorer exactly as a query would;
 * several users' verdicts on one pair are one pair ({@link #grade(List)}).
 * {@link #heldOut} measures, query by query, whether a refit that has not seen a feedback query
 * ranks that query's verdicts better than the calibration in use (leave-one-query-out).
 */
public final class FeedbackRefit {

  /** Query types of feedback pairs ({@link RankingEval#queryClass} knows them). */
  public static final String TOPIC_TYPE = "feedback-topic";
  public static final String POSTING_TYPE = "feedback-posting";

  private FeedbackRefit() {}

  /** What became of the verdicts: the pairs, and how many were skipped (document gone). */
  public record Converted(List<RankingEval.Pair> pairs, int skipped) {}

  public static int grade(FeedbackLabel label) {
    return switch (label) {
      case GOOD_FIT -> 3;
      case SHORTLIST -> 2;
      case REJECT -> 0;
    };
  }

  /**
   * One grade from several recruiters' verdicts on the same pair: the mean, rounded down, so a pair
   * counts as a fit (grade 2 or more) only when the verdicts say so on average.
   */
  static int grade(List<Feedback> verdicts) {
    int sum = 0;
    for (Feedback f : verdicts) {
      sum += grade(f.label());
    }
    return Math.floorDiv(sum, verdicts.size());
  }

  /** Scores every verdict's pair with the index's scorer; verdicts on removed documents are skipped. */
  public static Converted pairs(DocumentStore index, Matcher matcher, List<Feedback> feedback) throws IOException {
    Map<String, List<Feedback>> byQuery = new LinkedHashMap<>();
    for (Feedback f : feedback) {
      String q = f.key().queryType() == QueryType.TOPIC ? f.key().query().toLowerCase(java.util.Locale.ROOT)
          : f.key().query();
      byQuery.computeIfAbsent(f.key().queryType().wire() + "|" + q, k -> new ArrayList<>()).add(f);
    }
    List<RankingEval.Pair> out = new ArrayList<>();
    int skipped = 0;
    for (List<Feedback> group : byQuery.values()) {
      Feedback first = group.get(0);
      QueryProfile profile;
      if (first.key().queryType() == QueryType.TOPIC) {
        profile = matcher.topicProfile(first.key().query(), new ArrayList<>());
      } else {
        Optional<StoredDocument> posting = index.get(first.key().query(), true).filter(d -> d.kind() == DocKind.POSTING);
        if (posting.isEmpty()) {
          skipped += group.size();
          continue;
        }
        profile = Matcher.postingProfile(posting.get());
      }
      String type = first.key().queryType() == QueryType.TOPIC ? TOPIC_TYPE : POSTING_TYPE;
      Map<String, List<Feedback>> byCandidate = new LinkedHashMap<>();
      for (Feedback f : group) {
        byCandidate.computeIfAbsent(f.key().candidate(), k -> new ArrayList<>()).add(f);
      }
      for (var e : byCandidate.entrySet()) {
        Optional<StoredDocument> resume = index.get(e.getKey(), true).filter(d -> d.kind() == DocKind.RESUME);
        if (resume.isEmpty()) {
          skipped += e.getValue().size();
          continue;
        }
        var s = matcher.scorer().score(profile, CandidateProfile.of(resume.get()));
        out.add(new RankingEval.Pair(type, first.key().query(), e.getKey(), grade(e.getValue()), s.features(),
            Map.of(), s.evidence()));
      }
    }
    return new Converted(out, skipped);
  }

  /** Mean nDCG over held-out feedback queries of one class, before (calibration in use) and after (refit). */
  public record HeldOut(String queryClass, int queries, int pairs, double before, double after) {}

  /**
   * Leave-one-query-out over the feedback queries that tell fits from misfits (a shortlisted or
   * good-fit candidate and a rejected one):
   * each is ranked by the calibration in use ({@code before}) and by a model fitted on the labels
   * plus every other feedback query ({@code after}). nDCG over the query's judged candidates.
   */
  public static List<HeldOut> heldOut(List<RankingEval.Pair> labels, List<RankingEval.Pair> feedback, Calibration current) {
    Map<String, List<RankingEval.Pair>> byQuery = RankingEval.groupByQuery(feedback);
    Map<String, double[]> sums = new LinkedHashMap<>(); // class -> {queries, pairs, before, after}
    for (var held : byQuery.entrySet()) {
      List<RankingEval.Pair> q = held.getValue();
      if (q.stream().noneMatch(p -> p.grade() >= Metrics.RELEVANT) || q.stream().allMatch(p -> p.grade() >= Metrics.RELEVANT)) {
        continue; // no fit or no misfit: nothing for a ranking to get right
      }
      String cls = RankingEval.queryClass(q.get(0).type());
      List<RankingEval.Pair> train = new ArrayList<>();
      for (RankingEval.Pair p : labels) {
        if (RankingEval.queryClass(p.type()).equals(cls)) {
          train.add(p);
        }
      }
      for (var e : byQuery.entrySet()) {
        if (!e.getKey().equals(held.getKey()) && RankingEval.queryClass(e.getValue().get(0).type()).equals(cls)) {
          train.addAll(e.getValue());
        }
      }
      Calibration.Model refit = RankingEval.fitClass(train, cls);
      Calibration.Model now = current.forType(cls);
      double[] s = sums.computeIfAbsent(cls, k -> new double[4]);
      s[0]++;
      s[1] += q.size();
      s[2] += ndcg(q, now);
      s[3] += ndcg(q, refit);
    }
    List<HeldOut> out = new ArrayList<>();
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      out.add(new HeldOut(e.getKey(), (int) s[0], (int) s[1], s[2] / s[0], s[3] / s[0]));
    }
    return out;
  }

  static double ndcg(List<RankingEval.Pair> q, Calibration.Model m) {
    List<RankingEval.Pair> sorted = new ArrayList<>(q);
    Map<String, Double> score = new HashMap<>();
    for (RankingEval.Pair p : q) {
      score.put(p.doc(), m.probability(p.features()));
    }
    sorted.sort(java.util.Comparator.comparingDouble((RankingEval.Pair p) -> -score.get(p.doc()))
        .thenComparing(RankingEval.Pair::doc));
    Map<String, Integer> grades = new HashMap<>();
    for (RankingEval.Pair p : q) {
      grades.put(p.doc(), p.grade());
    }
    return Metrics.ndcg(sorted.stream().map(RankingEval.Pair::doc).toList(), grades, 10);
  }
}
