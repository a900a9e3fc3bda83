package dev.rolematch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.MatchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The page's CSV exports (columns documented in README): the shortlist and other feedback, and the
 * current results. Cells a spreadsheet would run as a formula ({@code = + - @} first) get a
 * leading apostrophe: resume text is not trusted.
 */
final class Csv {

  static final List<String> FEEDBACK_COLUMNS = List.of(
      "query_type", "query", "candidate", "candidate_title", "label", "reason", "user", "at");

  static final List<String> RESULT_COLUMNS = List.of(
      "rank", "id", "title", "score", "must_met", "must_unmet", "must_unknown", "unmet_must_haves", "top_evidence",
      "feedback", "reason", "location", "years_experience", "highest_degree", "level", "family");

  /** How many evidence lines the results export (and the page's card) shows: the strongest. */
  static final int TOP_EVIDENCE = 3;

  private static final CsvMapper CSV = new CsvMapper();

  private Csv() {}

  static String feedback(List<Feedback> rows, Function<String, String> titles) throws JsonProcessingException {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Feedback f : rows) {
      out.add(List.of(f.key().queryType().wire(), f.key().query(), f.key().candidate(),
          titles.apply(f.key().candidate()), f.label().wire(), f.reason() == null ? "" : f.reason().wire(),
          f.key().user(), f.at().toString()));
    }
    return write(FEEDBACK_COLUMNS, out);
  }

  static String results(MatchResponse r, Map<String, Feedback> feedback) throws JsonProcessingException {
    List<List<Object>> out = new ArrayList<>(r.results().size());
    for (MatchResult m : r.results()) {
      Feedback f = feedback.get(m.id());
      MatchResult.Metadata md = m.metadata();
      String unmet = m.evidence().stream().filter(e -> "unmet".equals(e.status())).map(Evidence::requirement)
          .collect(Collectors.joining(" | "));
      String top = strongest(m.evidence()).stream().map(e -> e.requirement() + " → " + e.snippet())
          .collect(Collectors.joining(" | "));
      out.add(List.of(m.rank(), m.id(), nz(m.title()), m.score(), m.mustHaves().met(), m.mustHaves().unmet(),
          m.mustHaves().unknown(), unmet, top, f == null ? "" : f.label().wire(),
          f == null || f.reason() == null ? "" : f.reason().wire(), md == null ? "" : nz(md.location()),
          md == null ? "" : nz(md.yearsExperience()), md == null ? "" : nz(md.highestDegree()),
          md == null ? "" : nz(md.level()), md == null ? "" : nz(md.family())));
    }
    return write(RESULT_COLUMNS, out);
  }

  /** The strongest evidence lines, most similar first (the same rule as the page's cards). */
  static List<Evidence> strongest(List<Evidence> evidence) {
    return evidence.stream().sorted(Comparator.comparingDouble(Evidence::similarity).reversed())
        .limit(TOP_EVIDENCE).toList();
  }

  private static Object nz(Object v) {
    return v == null ? "" : v;
  }

  private static String write(List<String> columns, List<List<Object>> rows) throws JsonProcessingException {
    CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
    columns.forEach(b::addColumn);
    List<List<Object>> safe = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      safe.add(row.stream().map(Csv::defuse).toList());
    }
    return CSV.writer(b.build()).writeValueAsString(safe);
  }

  static Object defuse(Object cell) {
    if (cell instanceof String s && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return cell;
  }
}
