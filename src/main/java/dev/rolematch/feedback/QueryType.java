package dev.rolematch.feedback;

import java.util.Locale;

/** The query feedback belongs to: an indexed posting (by id) or a topic (by its text). */
public enum QueryType {
  POSTING, TOPIC;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QueryType parse(String s) {
    for (QueryType t : values()) {
      if (t.wire().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("'query_type' must be posting or topic, not '" + s + "'"
        + " (feedback on a pasted posting is not kept: index the posting first)");
  }

  /** Topics: trimmed, inner whitespace collapsed; posting ids: trimmed. */
  static String normalize(QueryType type, String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("'query' is required: the posting id or the topic text");
    }
    String q = query.strip();
    return type == QueryType.TOPIC ? q.replaceAll("\\s+", " ") : q;
  }
}
