package dev.rolematch.feedback;

import java.util.Locale;

/**
 * Whose feedback on which candidate for which query. Topic text is compared without regard to
 * case and runs of spaces ({@code "NLP"} and {@code " nlp "} are one query); posting ids exactly.
 */
public record FeedbackKey(String user, QueryType queryType, String query, String candidate) {

  public FeedbackKey {
    query = QueryType.normalize(queryType, query);
  }

  /** The identity used for lookups: topics case-folded. */
  String identity() {
    String q = queryType == QueryType.TOPIC ? query.toLowerCase(Locale.ROOT) : query;
    return user + '\u0000' + queryType.wire() + '\u0000' + q + '\u0000' + candidate;
  }
}
