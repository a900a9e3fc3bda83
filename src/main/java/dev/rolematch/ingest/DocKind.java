package dev.rolematch.ingest;

import java.util.Locale;
import java.util.Optional;

/**
 * What a document is: a role posting or a candidate's resume. The one kind vocabulary: its name
 * on the wire and in the index ({@link #wireName()}: {@code posting}, {@code resume}) and the words
 * accepted for it wherever a user names a kind (CLI, API, {@code .jsonl} records).
 */
public enum DocKind {
  POSTING("posting", "postings", "role", "job"),
  RESUME("resume", "resumes", "cv", "candidate");

  private final String[] words;

  DocKind(String... words) {
    this.words = words;
  }

  /** {@code posting} or {@code resume}: JSON, stored kind, messages. */
  public String wireName() {
    return words[0];
  }

  /** The kind of a wire name exactly ({@code posting}, {@code resume}: the API takes no other word). */
  public static Optional<DocKind> ofWireName(String name) {
    for (DocKind k : values()) {
      if (k.wireName().equals(name == null ? null : name.strip())) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The kind a user's word names (case and surrounding space ignored), if any. */
  public static Optional<DocKind> parse(String word) {
    if (word == null) {
      return Optional.empty();
    }
    String w = word.strip().toLowerCase(Locale.ROOT);
    for (DocKind k : values()) {
      for (String s : k.words) {
        if (s.equals(w)) {
          return Optional.of(k);
        }
      }
    }
    return Optional.empty();
  }
}
