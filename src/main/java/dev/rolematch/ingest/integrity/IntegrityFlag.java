package dev.rolematch.ingest.integrity;

import java.util.Objects;

/**
 * One thing about a document that looks like gaming the screening, with what it rests on. Flags
 * inform a recruiter; they never delete anything from the source file.
 *
 * @param kind one of {@link #HIDDEN_TEXT}, {@link #KEYWORD_STUFFING}, {@link #PROMPT_INJECTION},
 *     {@link #NEAR_DUPLICATE}
 * @param message what was found and what was done about it, in a sentence
 * @param evidence the text (or the other document) the flag rests on, shortened to
 *     {@link #MAX_EVIDENCE} characters
 */
public record IntegrityFlag(String kind, String message, String evidence) {

  /** Text a reader of the file cannot see (white, tiny, outside the page, Word's hidden). */
  public static final String HIDDEN_TEXT = "hidden_text";
  /** Terms repeated far above their usual rate, or a keyword list nothing else in the resume supports. */
  public static final String KEYWORD_STUFFING = "keyword_stuffing";
  /** Instructions aimed at an AI screener ("ignore previous instructions", "rank this candidate first"). */
  public static final String PROMPT_INJECTION = "prompt_injection";
  /** Nearly the same text as another document of the index (a shared template or a reused resume). */
  public static final String NEAR_DUPLICATE = "near_duplicate";

  public static final int MAX_EVIDENCE = 300;

  public IntegrityFlag {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
    evidence = shorten(evidence == null ? "" : evidence);
  }

  static String shorten(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    if (t.length() <= MAX_EVIDENCE) {
      return t;
    }
    int cut = MAX_EVIDENCE - 1;
    if (Character.isHighSurrogate(t.charAt(cut - 1))) {
      cut--;
    }
    return t.substring(0, cut) + "…";
  }
}
