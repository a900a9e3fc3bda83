package dev.rolematch.feedback;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a recruiter said about a candidate for a query; one label per (user, query, candidate). */
public enum FeedbackLabel {
  SHORTLIST, REJECT, GOOD_FIT;

  /** The JSON and CSV spelling: {@code shortlist}, {@code reject}, {@code good_fit}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; the message lists the allowed values. */
  public static FeedbackLabel parse(String s) {
    for (FeedbackLabel l : values()) {
      if (l.wire().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("'label' must be one of " + allowed() + ", not '" + s + "'");
  }

  static String allowed() {
    return Arrays.stream(values()).map(FeedbackLabel::wire).collect(Collectors.joining(", "));
  }
}
