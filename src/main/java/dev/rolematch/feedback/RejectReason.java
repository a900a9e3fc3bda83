package dev.rolematch.feedback;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a candidate was rejected: a short fixed list, so feedback can be counted and learned from. */
public enum RejectReason {
  WRONG_LEVEL, MISSING_MUST_HAVE, WRONG_FIELD, OTHER;

  /** The JSON and CSV spelling, e.g. {@code wrong_level}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; null or blank is no reason. The message lists the allowed values. */
  public static RejectReason parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    for (RejectReason r : values()) {
      if (r.wire().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("'reason' must be one of "
        + Arrays.stream(values()).map(RejectReason::wire).collect(Collectors.joining(", ")) + ", not '" + s + "'");
  }
}
