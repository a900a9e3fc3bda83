package dev.rolematch.ingest.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a bare list of keywords ("Python, PyTorch, LLMs, RAG, diffusion models") from text that
 * says what someone did. A sentence or line is a list when it splits on {@code , ; | · •} into at
 * least {@value #MIN_ITEMS} items averaging at most {@value #MAX_MEAN_WORDS} words and names no year
 * (a line with a year is a dated record: a degree, a job, a certificate); a chunk is
 * list-only when at least {@value #LIST_SHARE} of its words sit in such lists, or when it sits
 * under a skills-like heading (Skills, Technologies, Tools, Competencies, Expertise, Keywords).
 * Shape, not vocabulary: the same rule holds for any field and any language that uses these
 * separators.
 */
public final class ListText {

  private ListText() {}

  static final int MIN_ITEMS = 4;
  static final double MAX_MEAN_WORDS = 3.5;
  static final double LIST_SHARE = 0.5;

  private static final Pattern SEPARATORS = Pattern.compile("\\s*[,;|·•]\\s*");
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+(?=\\p{Lu})|\\n");
  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•·]|\\d+[.)])\\s+");
  private static final Pattern SKILLS_HEADING = Pattern.compile(
      "(?i).*\\b(skills?|technolog(y|ies)|tools|tool\\s?kit|competenc(e|es|ies)|expertise|keywords|tech\\s+stack|proficienc(y|ies))\\b.*");
  private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}\\b");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}+#.'-]*");

  /** Whether a chunk (its text and the heading it sits under) is a bare list. */
  public static boolean isListOnly(String section, String text) {
    if (section != null && !section.isBlank() && SKILLS_HEADING.matcher(section).matches()) {
      return true;
    }
    int words = 0;
    int listWords = 0;
    for (String sentence : SENTENCES.split(text)) {
      String s = BULLET.matcher(sentence).replaceFirst("");
      int n = countWords(s);
      words += n;
      if (n > 0 && isList(s)) {
        listWords += n;
      }
    }
    return words > 0 && listWords >= LIST_SHARE * words;
  }

  /** Whether one sentence or line is a list of short items. */
  static boolean isList(String sentence) {
    if (YEAR.matcher(sentence).find()) {
      return false; // a dated record ("PhD in Computer Science, TU Berlin, 2027"), not a keyword list
    }
    // items as separated, "A and B" not split: a sentence of clauses joined by "and" is prose
    int items = 0;
    int words = 0;
    for (String item : SEPARATORS.split(sentence.strip())) {
      int n = countWords(item);
      if (n > 0) {
        items++;
        words += n;
      }
    }
    return items >= MIN_ITEMS && (double) words / items <= MAX_MEAN_WORDS;
  }

  /** The items of a list sentence, trailing full stops and "and ..." joins split off. */
  public static List<String> items(String sentence) {
    List<String> out = new ArrayList<>();
    for (String raw : SEPARATORS.split(sentence.strip())) {
      String item = raw.replaceAll("[.:]+$", "").strip();
      // "A and B" at a list's end is two items
      for (String part : item.split("\\s+(?:and|&|or)\\s+")) {
        String p = part.strip();
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** The list items of a chunk's text (every list sentence's items). */
  public static List<String> listItems(String text) {
    List<String> out = new ArrayList<>();
    for (String sentence : SENTENCES.split(text)) {
      String s = BULLET.matcher(sentence).replaceFirst("");
      if (isList(s)) {
        out.addAll(items(s));
      }
    }
    return out;
  }

  static int countWords(String s) {
    int n = 0;
    var m = WORD.matcher(s);
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Lower-cased content words (three letters or more, or with a digit or +/#) of a text. */
  static List<String> contentWords(String s) {
    List<String> out = new ArrayList<>();
    var m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String w = m.group().replaceAll("[.'-]+$", "");
      if (w.length() >= 3 || w.matches(".*[0-9+#].*") || w.equals("ai") || w.equals("ml") || w.equals("r")) {
        out.add(w);
      }
    }
    return out;
  }
}
