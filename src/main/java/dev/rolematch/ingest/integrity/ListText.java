package dev.rolematch.ingest.integrity;

import dev.rolematch.ingest.RegexChars;
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
  private static final Pattern SKILLS_HEADING = Pattern.compile(
      "(?i).*\\b(skills?|technolog(y|ies)|tools|tool\\s?kit|competenc(e|es|ies)|expertise|keywords|tech\\s+stack|proficienc(y|ies))\\b.*");
  // The sentence rule, read as these regexes would read it (ListTextScanTest keeps them as its
  // oracle): sentences split by (?<=[.!?])\s+(?=\p{Lu})|\n, a leading ^\s*(?:[-*•·]|\d+[.)])\s+
  // bullet dropped, a year \b(?:19|20)\d{2}\b making a sentence a dated record.

  /**
   * Whether a chunk (its text and the heading it sits under) is a bare list. One pass over the
   * text with the semantics of the regexes above: split into sentences, a leading bullet dropped,
   * words counted as {@code [\\p{L}\\p{N}][\\p{L}\\p{N}+#.'-]*} finds them, items as
   * {@code SEPARATORS} splits them, a year anywhere making the sentence a dated record.
   * Every candidate of every query and refresh goes through here, and the regexes were a fifth of
   * a query's time; {@code ListTextScanTest} checks the scan against them on random texts.
   */
  public static boolean isListOnly(String section, String text) {
    if (section != null && !section.isBlank() && SKILLS_HEADING.matcher(section).matches()) {
      return true;
    }
    int[] words = new int[2]; // all words, words in list sentences
    sentences(text, (start, to, s) -> {
      words[0] += s.words;
      if (s.words > 0 && s.isList()) {
        words[1] += s.words;
      }
    });
    return words[0] > 0 && words[1] >= LIST_SHARE * words[0];
  }

  /** A sentence {@code [start, to)} of a text (its bullet dropped) and its counts. */
  private interface SentenceVisitor {
    void visit(int start, int to, Sentence s);
  }

  /** Each sentence of {@code text}, in order, its leading bullet dropped. */
  private static void sentences(String text, SentenceVisitor visitor) {
    int n = text.length();
    int from = 0;
    int i = 0;
    while (true) {
      // the next sentence break at or after i: [i, end)
      int end = -1;
      while (i < n) {
        end = sentenceBreakAt(text, i);
        if (end >= 0) {
          break;
        }
        i++;
      }
      int to = Math.min(i, n);
      int start = skipBullet(text, from, to);
      visitor.visit(start, to, sentence(text, start, to));
      if (i >= n) {
        return;
      }
      from = end;
      i = end;
    }
  }

  /**
   * Where the sentence split match that starts at {@code i} ends, or -1: whitespace after
   * {@code . ! ?} up to an upper-case letter, or one line break.
   */
  private static int sentenceBreakAt(String text, int i) {
    if (i > 0 && RegexChars.space(text.charAt(i))) {
      char before = text.charAt(i - 1);
      if (before == '.' || before == '!' || before == '?') {
        int j = i;
        while (j < text.length() && RegexChars.space(text.charAt(j))) {
          j++;
        }
        if (j < text.length() && Character.getType(text.codePointAt(j)) == Character.UPPERCASE_LETTER) {
          return j;
        }
      }
    }
    return text.charAt(i) == '\n' ? i + 1 : -1;
  }

  /** Where the sentence {@code [from, to)} starts once a leading bullet is dropped. */
  private static int skipBullet(String text, int from, int to) {
    int k = from;
    while (k < to && RegexChars.space(text.charAt(k))) {
      k++;
    }
    if (k >= to) {
      return from;
    }
    char c = text.charAt(k);
    if (c == '-' || c == '*' || c == '\u2022' || c == '\u00b7') {
      k++;
    } else if (c >= '0' && c <= '9') {
      while (k < to && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
        k++;
      }
      if (k >= to || text.charAt(k) != '.' && text.charAt(k) != ')') {
        return from;
      }
      k++;
    } else {
      return from;
    }
    if (k >= to || !RegexChars.space(text.charAt(k))) {
      return from;
    }
    while (k < to && RegexChars.space(text.charAt(k))) {
      k++;
    }
    return k;
  }

  /** A sentence's words, its items with words, and whether it names a year. */
  private record Sentence(int words, int items, boolean year) {
    boolean isList() {
      return !year && items >= MIN_ITEMS && (double) words / items <= MAX_MEAN_WORDS;
    }
  }

  /** {@code [from, to)} as its own input: its edges are the regexes' input edges. */
  private static Sentence sentence(String text, int from, int to) {
    int words = 0;
    int items = 0;
    boolean itemHasWord = false;
    boolean inWord = false;
    boolean year = false;
    for (int k = from; k < to; ) {
      int cp = text.codePointAt(k);
      if (inWord) {
        inWord = wordGoesOn(cp);
      } else if (RegexChars.letterOrNumber(cp)) {
        inWord = true;
        words++;
        itemHasWord = true;
      }
      if (cp == ',' || cp == ';' || cp == '|' || cp == '\u00b7' || cp == '\u2022') {
        if (itemHasWord) {
          items++;
        }
        itemHasWord = false;
      }
      if (!year && (cp == '1' || cp == '2') && yearAt(text, from, to, k)) {
        year = true;
      }
      k += Character.charCount(cp);
    }
    if (itemHasWord) {
      items++;
    }
    return new Sentence(words, items, year);
  }

  /** year matches at {@code k} of the input {@code [from, to)}. */
  private static boolean yearAt(String text, int from, int to, int k) {
    if (k + 4 > to) {
      return false;
    }
    char a = text.charAt(k);
    char b = text.charAt(k + 1);
    if (!(a == '1' && b == '9' || a == '2' && b == '0') || !asciiDigit(text.charAt(k + 2))
        || !asciiDigit(text.charAt(k + 3))) {
      return false;
    }
    return !RegexChars.wordBefore(text, from, k) && !RegexChars.wordAt(text, from, to, k + 4);
  }

  /** A word's characters after its first: {@code [\\p{L}\\p{N}+#.'-]} (a word starts with a letter or number). */
  private static boolean wordGoesOn(int cp) {
    return RegexChars.letterOrNumber(cp) || cp == '+' || cp == '#' || cp == '.' || cp == '\'' || cp == '-';
  }

  private static boolean asciiDigit(int c) {
    return c >= '0' && c <= '9';
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
    sentences(text, (start, to, s) -> {
      if (s.isList()) {
        out.addAll(items(text.substring(start, to)));
      }
    });
    return out;
  }

  /** Words in {@code s}, as {@link #isListOnly} counts them. */
  static int countWords(String s) {
    return sentence(s, 0, s.length()).words;
  }

  /** Lower-cased content words (three letters or more, or with a digit or +/#) of a text. */
  static List<String> contentWords(String s) {
    List<String> out = new ArrayList<>();
    String lower = s.toLowerCase(Locale.ROOT);
    int n = lower.length();
    for (int k = 0; k < n; ) {
      int cp = lower.codePointAt(k);
      if (!RegexChars.letterOrNumber(cp)) {
        k += Character.charCount(cp);
        continue;
      }
      // a word as isListOnly counts it: a letter or digit, then letters, digits and + # . ' -
      int start = k;
      k += Character.charCount(cp);
      while (k < n) {
        cp = lower.codePointAt(k);
        if (!wordGoesOn(cp)) {
          break;
        }
        k += Character.charCount(cp);
      }
      int end = k;
      while (end > start && ".'-".indexOf(lower.charAt(end - 1)) >= 0) {
        end--; // trailing full stops, apostrophes and hyphens
      }
      String w = lower.substring(start, end);
      if (w.length() >= 3 || hasDigitPlusOrHash(w) || w.equals("ai") || w.equals("ml") || w.equals("r")) {
        out.add(w);
      }
    }
    return out;
  }

  private static boolean hasDigitPlusOrHash(String w) {
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c >= '0' && c <= '9' || c == '+' || c == '#') {
        return true;
      }
    }
    return false;
  }
}
