package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences, blocks (bullets and paragraphs) and inline lists. Shared by {@link
 * PostingParser} and {@link Chunker} so that both see the same units.
 *
 * <p>Sentences end at {@code 。！？} (CJK, with or without a space after), and at {@code . ! ? …} followed by whitespace and an upper-case letter, a digit, a
 * quote, an opening bracket or a bullet, or at a blank line. A lower-case next word never starts a
 * sentence, which takes care of most abbreviations ("M.S. in physics", "e.g. the"); the few that are
 * routinely followed by a capital ("e.g. PyTorch", "Dr. Smith") are listed. Decimals ("3.5 GPA")
 * have no space after the point and are never split.
 */
public final class TextSplitter {

  /** A [start, end) range in the text that was split. */
  public record Span(int start, int end) {
    public String of(String text) {
      return text.substring(start, end);
    }
  }

  /**
   * A bullet item or a paragraph-ish line, with wrapped continuation lines joined.
   *
   * @param bullet whether the text came from a list item (marker removed)
   */
  public record Block(String text, boolean bullet) {}

  // Abbreviations that do not end a sentence even before a capitalised word.
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "e.g.", "i.e.", "eg.", "ie.", "vs.", "v.", "cf.", "dr.", "mr.", "mrs.", "ms.", "prof.",
          "jr.", "sr.", "st.", "no.", "nos.", "fig.", "figs.", "eq.", "approx.", "al.", "a.k.a.",
          "incl.", "esp.", "dept.", "univ.", "resp.", "ca.", "min.", "max.", "vol.", "pp.", "ed.");

  // "- item", "* item", "• item", "1. item", "2) item"; not "**bold**" (no space after).
  private static final Pattern BULLET =
      Pattern.compile("^\\s*(?:[-*•·‣▪◦▸►–—+]|\\d{1,2}[.)])\\s+(\\S.*)$");
  // Inline bullet glyphs left in flattened text: "... tools • Build ..."
  private static final Pattern INLINE_BULLET = Pattern.compile("\\s+[•·‣▪◦▸►]\\s+");
  private static final Pattern LINE_BREAK = Pattern.compile("[ \\t]*\\n\\s*");
  private static final Pattern RULE_LINE = Pattern.compile("^\\s*(?:[-*_=]\\s*){3,}$");
  // A line that continues the previous one: wrapped mid-sentence (PDF, hard-wrapped text).
  private static final Pattern ENDS_OPEN =
      Pattern.compile(
          "(?:[,(/&\\-–]|\\b(?:and|or|of|the|to|in|with|for|a|an|on|at|by|as|from|such))$",
          Pattern.CASE_INSENSITIVE);

  private TextSplitter() {}

  /** Sentences of a text, trimmed, line breaks inside a sentence made spaces, empty ones dropped. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (Span s : sentenceSpans(text)) {
      String t = LINE_BREAK.matcher(s.of(text).strip()).replaceAll(" ");
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Sentence ranges covering the text (whitespace between sentences is left out). */
  public static List<Span> sentenceSpans(String text) {
    List<Span> spans = new ArrayList<>();
    int n = text.length();
    int start = skipSpace(text, 0);
    int i = start;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n' && i + 1 < n && nextNonSpaceIsNewline(text, i + 1)) {
        // blank line: hard boundary
        addSpan(text, spans, start, i);
        start = skipSpace(text, i);
        i = start;
        continue;
      }
      if (c == '。' || c == '！' || c == '？') {
        // CJK full stops end a sentence with or without a space after them
        int end = i + 1;
        while (end < n && isCloser(text.charAt(end))) {
          end++;
        }
        addSpan(text, spans, start, end);
        start = skipSpace(text, end);
        i = start;
        continue;
      }
      if (c == '.' || c == '!' || c == '?' || c == '…') {
        int end = i + 1;
        while (end < n && isCloser(text.charAt(end))) {
          end++;
        }
        if (end == n) {
          break;
        }
        if (Character.isWhitespace(text.charAt(end))) {
          int next = skipSpace(text, end);
          boolean boundary =
              next >= n || (startsSentence(text.charAt(next)) && !(c == '.' && isAbbrev(text, i)));
          if (boundary) {
            addSpan(text, spans, start, end);
            start = next;
            i = next;
            continue;
          }
        }
        i = end;
        continue;
      }
      i++;
    }
    addSpan(text, spans, start, n);
    return spans;
  }

  /**
   * Bullets and lines of a section body. Bullet markers are removed; a line that wraps the previous
   * one (previous ends mid-phrase, or this one starts in lower case) is joined to it; inline bullet
   * glyphs ("a • b") split items; horizontal rules and blank lines are dropped.
   */
  public static List<Block> blocks(String body) {
    List<Block> out = new ArrayList<>();
    StringBuilder cur = null;
    boolean curBullet = false;
    boolean prevBlank = true;
    for (String rawLine : body.split("\n", -1)) {
      String line = rawLine.strip();
      if (line.isEmpty()) {
        prevBlank = true;
        continue;
      }
      if (RULE_LINE.matcher(line).matches()) {
        prevBlank = true;
        continue;
      }
      Matcher b = BULLET.matcher(rawLine);
      if (b.matches()) {
        flush(out, cur, curBullet);
        cur = new StringBuilder(b.group(1).strip());
        curBullet = true;
      } else if (cur != null && !prevBlank && continues(cur, line)) {
        cur.append(' ').append(line);
      } else {
        flush(out, cur, curBullet);
        cur = new StringBuilder(line);
        curBullet = false;
      }
      prevBlank = false;
    }
    flush(out, cur, curBullet);
    return splitInlineBullets(out);
  }

  /**
   * Items of an inline list: "generative models, diffusion (DDPM, flow matching), and LLM agents".
   * Splits at commas and semicolons outside brackets; the last item loses a leading "and"/"or"; a
   * list without commas ("X and Y") or without an Oxford comma ("X, Y and Z") is split at its last
   * " and ". Filler like "etc." and "and more" is dropped.
   */
  public static List<String> listItems(String list) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if ((c == ',' || c == ';') && depth == 0) {
        items.add(list.substring(start, i));
        start = i + 1;
      }
    }
    items.add(list.substring(start));
    List<String> cleaned = new ArrayList<>();
    for (int k = 0; k < items.size(); k++) {
      String item = items.get(k).strip();
      boolean last = k == items.size() - 1;
      if (last) {
        String lower = item.toLowerCase(Locale.ROOT);
        boolean oxford = lower.startsWith("and ") || lower.startsWith("or ");
        item = item.replaceFirst("(?i)^(?:and|or)\\s+", "");
        int and = indexOfWordOutsideBrackets(item, " and ");
        if (!oxford && and > 0) {
          cleaned.add(item.substring(0, and).strip());
          item = item.substring(and + 5).strip();
        }
      }
      cleaned.add(item);
    }
    List<String> out = new ArrayList<>();
    for (String item : cleaned) {
      String t = trimPunctuation(item);
      String lower = t.toLowerCase(Locale.ROOT);
      if (t.isEmpty()
          || lower.equals("etc")
          || lower.matches("(?:and |or )?(?:more|others|many more|much more|so on|similar)")
          || lower.matches("among others")) {
        continue;
      }
      t = t.replaceFirst("(?i),?\\s+(?:etc|and more|among others|and so on)$", "");
      out.add(t);
    }
    return out;
  }

  /** Splits a long item at semicolons ("A; B; C"), leaving short items alone. */
  public static List<String> splitLongAtSemicolons(String item, int longerThan) {
    if (item.length() <= longerThan || item.indexOf(';') < 0) {
      return List.of(item);
    }
    List<String> out = new ArrayList<>();
    for (String part : item.split(";")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /** Strips surrounding whitespace and trailing . , ; : (and a leading bullet glyph). */
  public static String trimPunctuation(String s) {
    String t = s.strip();
    t = t.replaceFirst("^[-*•·‣▪◦▸►–—]\\s+", "");
    int end = t.length();
    while (end > 0 && ".,;:!?".indexOf(t.charAt(end - 1)) >= 0) {
      // keep "etc." style abbreviation dots? no: trailing dot never matters for a requirement
      end--;
    }
    return t.substring(0, end).strip();
  }

  /** Number of whitespace-separated words. */
  public static int wordCount(String s) {
    String t = s.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean continues(StringBuilder prev, String line) {
    char first = line.charAt(0);
    if (Character.isLowerCase(first)) {
      return true;
    }
    return ENDS_OPEN.matcher(prev).find();
  }

  private static void flush(List<Block> out, StringBuilder cur, boolean bullet) {
    if (cur != null && !cur.isEmpty()) {
      out.add(new Block(cur.toString(), bullet));
    }
  }

  private static List<Block> splitInlineBullets(List<Block> blocks) {
    List<Block> out = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      String[] parts = INLINE_BULLET.split(b.text());
      if (parts.length == 1) {
        out.add(b);
        continue;
      }
      for (int i = 0; i < parts.length; i++) {
        if (!parts[i].isBlank()) {
          // the text before the first glyph keeps its own nature; the rest are list items
          out.add(new Block(parts[i].strip(), i > 0 || b.bullet()));
        }
      }
    }
    return out;
  }

  private static int indexOfWordOutsideBrackets(String s, String word) {
    int depth = 0;
    int found = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (depth == 0 && s.regionMatches(true, i, word, 0, word.length())) {
        found = i;
      }
    }
    return found;
  }

  private static void addSpan(String text, List<Span> spans, int start, int end) {
    int s = start;
    int e = end;
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e > s) {
      spans.add(new Span(s, e));
    }
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean nextNonSpaceIsNewline(String text, int i) {
    while (i < text.length() && text.charAt(i) != '\n' && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '\n';
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '»'
        || c == '」' || c == '』' || c == '）';
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c)
        || Character.isDigit(c)
        || Character.isTitleCase(c)
        || "\"'“‘([•·-*#".indexOf(c) >= 0
        || (Character.isLetter(c) && !Character.isLowerCase(c)); // scripts without case
  }

  /** Whether the word ending with the '.' at dotIndex is a known abbreviation. */
  private static boolean isAbbrev(String text, int dotIndex) {
    int s = dotIndex;
    while (s > 0 && !Character.isWhitespace(text.charAt(s - 1)) && text.charAt(s - 1) != '(') {
      s--;
    }
    String word = text.substring(s, dotIndex + 1).toLowerCase(Locale.ROOT);
    return ABBREVIATIONS.contains(word);
  }
}
