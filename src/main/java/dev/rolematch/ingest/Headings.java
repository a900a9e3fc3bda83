package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds section headings in postings and resumes: on their own line ("## What we need to see",
 * "Requirements:", "**Bonus points**"), at the start of a line with the body after a colon
 * ("Requirements: PhD in ..."), or inline in a flattened paragraph ("... models. What we need to
 * see: Pursuing ..."). Matching is case-insensitive for whole-line headings; inline, a heading must
 * be capitalised and followed by a colon, except for a few long phrases that cannot be prose
 * ("What you'll be doing", "Ways to stand out from the crowd"), which need no colon. Other
 * duty/must/nice phrases count inline without a colon only where a pasted heading line would sit:
 * at the start of a sentence (or right after a title-like run at the start of the text) with a body
 * that starts with a capital ("... on time. Requirements BS in physics ..."), never before a
 * lower-case word ("Requirements are listed below").
 *
 * <p>"About us" ({@link Kind#ABOUT}) and "About the job" ({@link Kind#JOB}) headings mark
 * description; see {@link PostingParser} for where their text goes.
 *
 * <p>Topic phrases followed by "include" ("Topics include X, Y, and Z.") are topic lists that end
 * with their sentence; see {@link Match#inlineTopic()}.
 */
final class Headings {

  enum Kind {
    DUTY,
    MUST,
    NICE,
    TOPIC,
    /** Benefits, pay, EEO: never requirements. */
    BOILERPLATE,
    /** "About us", "About the company": description, part of the blurb, never requirements. */
    ABOUT,
    /**
     * "About the job", "Overview": what the job is. Part of the blurb when the posting has a duties
     * section too; its duties when it has not (some employers put them there).
     */
    JOB,
    /** A resume section (Experience, Education, ...). */
    RESUME
  }

  /**
   * One heading.
   *
   * @param start where the heading text starts (including any '#' or '**')
   * @param bodyStart where its section body starts
   * @param label the heading as written, without '#', emphasis, colon
   * @param inlineTopic a "Topics include ..." list: its body is one sentence, after which the
   *     previous section continues
   */
  record Match(int start, int bodyStart, Kind kind, String label, boolean inlineTopic) {}

  private static final List<HeadingPhrases.Phrase> POSTING_PHRASES = HeadingPhrases.POSTING;
  private static final Pattern POSTING_PATTERN = HeadingPhrases.POSTING_PATTERN;

  // Resume sections: a short line ending in one of these words ("Technical Skills", "EDUCATION").
  private static final Pattern RESUME_LINE =
      Pattern.compile(
          "(?im)^[ \\t]*(?:#{1,6}[ \\t]*)?(?:[*_]{1,2})?"
              + "((?:[\\p{L}&]+[ \\t]+){0,3}?"
              + "(?:experience|employment|work history|education|skills|projects|publications"
              + "|summary|profile|awards|honors|research|languages|certifications|interests"
              + "|objective|volunteering|activities|teaching|patents|talks|references)"
              + "(?:[ \\t]+(?:&|and)[ \\t]+[\\p{L}]+)?)"
              + "(?:[*_]{1,2})?[ \\t]*:?[ \\t]*$");

  private static final Pattern INCLUDE =
      Pattern.compile(
          "\\G\\s+(?:may\\s+|might\\s+|could\\s+|will\\s+)?(?:include|includes|including)"
              + "(?:,?\\s+but\\s+(?:are\\s+|is\\s+)?not\\s+limited\\s+to)?\\s*:?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern AFTER =
      Pattern.compile("\\G(?:[*_]{1,3})?[ \\t]*([:：])?(?:[ \\t]*[*_]{1,3})?");
  private static final Pattern LINE_PREFIX = Pattern.compile("[ \\t]*(?:#{1,6}[ \\t]*)?(?:[*_]{1,3})?[ \\t]*");

  private Headings() {}

  /** Posting headings (duty, must, nice, topic, boilerplate), in text order. */
  static List<Match> posting(String text) {
    List<Match> out = new ArrayList<>();
    Matcher m = POSTING_PATTERN.matcher(text);
    while (m.find()) {
      HeadingPhrases.Phrase phrase = null;
      for (int g = 1; g <= POSTING_PHRASES.size(); g++) {
        if (m.group(g) != null) {
          phrase = POSTING_PHRASES.get(g - 1);
          break;
        }
      }
      Match match = classify(text, m.start(), m.end(), phrase);
      if (match == null) {
        match = shorter(text, m.start(), m.end(), phrase);
      }
      if (match != null) {
        out.add(match);
      }
    }
    return out;
  }

  /**
   * The regex prefers the longest phrase at a position; when that one is not a heading there
   * ("Preferred experience in ..."), a shorter phrase it starts with may be ("Preferred Experience
   * in ...": "Preferred" before a capitalised body).
   */
  private static Match shorter(String text, int start, int end, HeadingPhrases.Phrase longest) {
    String found = text.substring(start, end).toLowerCase(Locale.ROOT).replace('’', '\'');
    for (int g = POSTING_PHRASES.indexOf(longest) + 1; g < POSTING_PHRASES.size(); g++) {
      HeadingPhrases.Phrase p = POSTING_PHRASES.get(g);
      String t = p.text().toLowerCase(Locale.ROOT);
      if (t.length() >= found.length() || !found.startsWith(t)) {
        continue;
      }
      int e = start + t.length();
      if (e < text.length() && Character.isLetterOrDigit(text.charAt(e))) {
        continue;
      }
      Match m = classify(text, start, e, p);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  /** Posting headings plus resume section lines, in text order, overlaps removed. */
  static List<Match> any(String text) {
    List<Match> out = new ArrayList<>();
    for (Match p : posting(text)) {
      if (!p.inlineTopic()) {
        out.add(p);
      }
    }
    Matcher r = RESUME_LINE.matcher(text);
    while (r.find()) {
      int start = r.start();
      int lineEnd = r.end();
      boolean taken = false;
      for (Match p : out) {
        if (p.start() < lineEnd && p.bodyStart() > start) {
          taken = true;
          break;
        }
      }
      if (!taken && looksLikeHeading(r.group(0), r.group(1))) {
        out.add(new Match(start, lineEnd, Kind.RESUME, r.group(1).strip(), false));
      }
    }
    out.sort(Comparator.comparingInt(Match::start));
    return out;
  }

  /** Resume section lines only (for metadata: which part of a resume is "Experience"). */
  static List<Match> resume(String text) {
    List<Match> out = new ArrayList<>();
    Matcher r = RESUME_LINE.matcher(text);
    while (r.find()) {
      if (looksLikeHeading(r.group(0), r.group(1))) {
        out.add(new Match(r.start(), r.end(), Kind.RESUME, r.group(1).strip(), false));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A line like "Strong communication skills" is a requirement, not a heading: require heading
   * form (Markdown '#', bold, trailing colon, ALL CAPS or Title Case).
   */
  private static boolean looksLikeHeading(String line, String label) {
    if (label.length() > 50) {
      return false;
    }
    String t = line.strip();
    if (t.startsWith("#") || t.startsWith("**") || t.startsWith("__") || t.endsWith(":")) {
      return true;
    }
    if (label.equals(label.toUpperCase(Locale.ROOT))) {
      return true;
    }
    for (String word : label.split("\\s+")) {
      if (!word.equals("&") && !word.equals("and") && !Character.isUpperCase(word.charAt(0))) {
        return false;
      }
    }
    return true;
  }

  private static Match classify(String text, int start, int end, HeadingPhrases.Phrase phrase) {
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    // only a few marker chars ("## ", "**") can precede a heading on its line; don't copy long lines
    boolean atLineStart =
        start - lineStart <= 12 && LINE_PREFIX.matcher(text.substring(lineStart, start)).matches();
    boolean capitalised = Character.isUpperCase(text.charAt(start));
    String label = text.substring(start, end).replaceAll("\\s+", " ");

    if (phrase.kind() == Kind.TOPIC) {
      Matcher inc = INCLUDE.matcher(text);
      if (inc.find(end) && inc.start() == end) {
        // "Topics include ..." : a list, unless the line ends right there (then bullets follow)
        int after = inc.end();
        label = label + " include";
        if (restOfLineBlank(text, after)) {
          return new Match(atLineStart ? lineStart : start, lineEnd(text, after), phrase.kind(),
              label, false);
        }
        return new Match(start, after, phrase.kind(), label, true);
      }
    }

    Matcher a = AFTER.matcher(text);
    a.find(end);
    int after = a.end();
    boolean colon = a.group(1) != null;
    boolean wholeLine = restOfLineBlank(text, after);

    if (atLineStart && wholeLine) {
      return new Match(lineStart, lineEnd(text, after), phrase.kind(), label, false);
    }
    if (!atLineStart && phrase.kind() != Kind.TOPIC && (colon || wholeLine)) {
      // "Technical Requirements:", "Hard Requirements", "Core Responsibilities:"
      int ms = modifierStart(text, lineStart, start);
      if (ms >= 0) {
        String full = text.substring(ms, end).replaceAll("\\s+", " ");
        boolean msAtLine =
            ms - lineStart <= 12 && LINE_PREFIX.matcher(text.substring(lineStart, ms)).matches();
        if (msAtLine && wholeLine) {
          return new Match(lineStart, lineEnd(text, after), phrase.kind(), full, false);
        }
        if (colon) {
          return new Match(msAtLine ? lineStart : ms, after, phrase.kind(), full, false);
        }
      }
    }
    if (phrase.kind() == Kind.TOPIC) {
      // "Research areas: X, Y and Z." on a line or inline: a one-sentence list
      if (colon && (atLineStart || capitalised)) {
        return new Match(atLineStart ? lineStart : start, after, Kind.TOPIC, label, true);
      }
      return null;
    }
    if (colon && (atLineStart || capitalised)) {
      return new Match(atLineStart ? lineStart : start, after, phrase.kind(), label, false);
    }
    if (!colon && phrase.distinctive() && capitalised && end < text.length()
        && Character.isWhitespace(text.charAt(end))) {
      return new Match(atLineStart ? lineStart : start, end, phrase.kind(), label, false);
    }
    if (!colon && capitalised && bareInline(text, lineStart, start, end, phrase)) {
      return new Match(atLineStart ? lineStart : start, end, phrase.kind(), label, false);
    }
    return null;
  }

  /**
   * Start of one or two capitalised words that qualify a heading ("Technical Requirements:",
   * "Non-Technical Requirements:"), when they follow the start of the line or a sentence end; -1
   * when there are none, or three or more (a title: "Senior Data Engineer Requirements:").
   */
  private static int modifierStart(String text, int lineStart, int start) {
    int p = start;
    int words = 0;
    while (p - 2 >= lineStart && text.charAt(p - 1) == ' ') {
      int wEnd = p - 1;
      int wStart = wEnd;
      while (wStart > lineStart && isWordChar(text.charAt(wStart - 1))) {
        wStart--;
      }
      if (wStart == wEnd || !Character.isUpperCase(text.charAt(wStart))) {
        break;
      }
      words++;
      p = wStart;
      if (words > 2) {
        return -1;
      }
    }
    if (words == 0) {
      return -1;
    }
    if (p - lineStart <= 12 && LINE_PREFIX.matcher(text.substring(lineStart, p)).matches()) {
      return p;
    }
    if (p - 2 >= lineStart && text.charAt(p - 1) == ' ' && ".!?:;•".indexOf(text.charAt(p - 2)) >= 0) {
      return p;
    }
    return -1;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '\'' || c == '’';
  }

  /** Phrases that also start ordinary sentences ("You have 5 years ..."), so need a capital next. */
  private static final java.util.Set<String> CLAUSE_STARTS =
      java.util.Set.of("you have", "must have", "plus", "bonus", "required", "preferred", "profil");

  private static final java.util.Set<String> TITLE_SMALL_WORDS =
      java.util.Set.of("and", "or", "of", "the", "for", "in", "to", "on", "at", "with", "a", "an", "&",
          "-", "–", "—", "/", "|", "de", "des", "du", "la", "le", "et", "und", "der", "die", "das",
          "für", "im");

  /**
   * A duty/must/nice heading inline with neither a colon nor a line of its own, as a copy-paste of
   * heading lines gives ("... on time. Requirements BS in physics. ..."): it must start a sentence
   * (line start, after . ! ? ; : or a bullet glyph) or follow a title-like run at the start of the
   * text ("Senior Data Engineer Your role ..."), and the body must start with a capital or a digit
   * (a capital letter for phrases that also start prose, such as "You have"), so "Requirements
   * are listed below" stays prose.
   */
  private static boolean bareInline(String text, int lineStart, int start, int end, HeadingPhrases.Phrase phrase) {
    if (phrase.kind() == Kind.TOPIC || phrase.kind() == Kind.BOILERPLATE) {
      return false;
    }
    if (end + 1 >= text.length() || text.charAt(end) != ' ') {
      return false;
    }
    char next = text.charAt(end + 1);
    boolean clause = CLAUSE_STARTS.contains(phrase.text().toLowerCase(Locale.ROOT));
    if (!(Character.isUpperCase(next) || (!clause && Character.isDigit(next)))) {
      return false;
    }
    if (clause && end + 2 < text.length() && next == 'I' && !Character.isLetter(text.charAt(end + 2))) {
      return false; // "You have I ..." is not a body; rare, but "Plus I ..." is prose
    }
    int p = start - 1;
    while (p >= lineStart && text.charAt(p) == ' ') {
      p--;
    }
    if (p < lineStart) {
      return true; // at the start of a line
    }
    if (".!?…;:•·▪►".indexOf(text.charAt(p)) >= 0) {
      return true;
    }
    // a title-like run only on the first line, where a flattened paste keeps its title
    // ("Senior Data Engineer Your role ..."); elsewhere a line like "BSc Riverside Missions
    // College" is prose
    return lineStart == 0 && titleRun(text, lineStart, p + 1);
  }

  /**
   * Whether [from, to) is a short title ("Staff Engineer, Cloud AI and Data"): capitalised (or
   * caseless-script) words, small words like "and", and bracketed asides.
   */
  private static boolean titleRun(String text, int from, int to) {
    if (to - from > 120) {
      return false;
    }
    // brackets hold asides that need not be capitalised: "(Dutch and Greek speaking)", "(m/w/d)"
    String[] words = text.substring(from, to).replaceAll("\\([^()]*\\)", " ").strip().split("[ ,()]+");
    if (words.length == 0 || words.length > 14) {
      return false;
    }
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      if (w.indexOf('.') >= 0 && w.length() > 1 && w.endsWith(".")) {
        return false; // a sentence ended inside
      }
      char c = w.charAt(0);
      boolean caseless = Character.isLetter(c) && !Character.isLowerCase(c); // also CJK, Thai, ...
      if (!(caseless || Character.isDigit(c)
          || TITLE_SMALL_WORDS.contains(w.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean restOfLineBlank(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl + 1;
  }
}
