package dev.rolematch.ingest;

import java.util.List;

/**
 * The one title rule. A document's title is what it says it is (a {@code .jsonl} record's or an
 * upload's title), else its first non-empty line with Markdown heading marks and bold removed,
 * at most {@value #MAX_CHARS} characters ({@link #firstLine}); what is stored and shown is that
 * title made short ({@link #display}): at most {@value #DISPLAY_CHARS} characters, its first
 * sentence when that fits, else cut at a word with an ellipsis. A posting's display title is also
 * what its title vector embeds.
 */
public final class Titles {
  private Titles() {}

  public static final int MAX_CHARS = 120;
  public static final int DISPLAY_CHARS = 80;

  /** First non-empty line, heading marks and bold removed, at most {@value #MAX_CHARS} chars. */
  public static String firstLine(String text) {
    for (String line : text.split("\n")) {
      String t = line.strip().replaceFirst("^#{1,6}\\s*", "").replace("**", "").strip();
      if (!t.isEmpty()) {
        return cap(t);
      }
    }
    return "";
  }

  /** At most {@value #MAX_CHARS} characters, never cutting a surrogate pair. */
  public static String cap(String t) {
    if (t.length() <= MAX_CHARS) {
      return t;
    }
    int cut = MAX_CHARS;
    if (Character.isHighSurrogate(t.charAt(cut - 1))) {
      cut--;
    }
    return t.substring(0, cut).strip();
  }

  /** The title as stored and shown (see the class comment). */
  public static String display(String title) {
    String t = title == null ? "" : title.strip();
    if (t.length() <= DISPLAY_CHARS) {
      return t;
    }
    List<String> sentences = TextSplitter.sentences(t);
    if (!sentences.isEmpty() && sentences.get(0).length() <= DISPLAY_CHARS) {
      return sentences.get(0).replaceFirst("[.;:]$", "");
    }
    int cut = t.lastIndexOf(' ', DISPLAY_CHARS - 1);
    return t.substring(0, cut > 20 ? cut : DISPLAY_CHARS - 1) + "…";
  }
}
