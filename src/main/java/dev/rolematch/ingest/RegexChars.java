package dev.rolematch.ingest;

/**
 * Character classes as {@code java.util.regex} reads them (no flags, Java 19 and later), for the
 * one-pass scanners that replaced regexes on the hot paths of queries and refreshes
 * ({@code FamilyWords}, {@code ListText}, {@code NearDuplicates}); each scanner's test checks it
 * against the regex it replaced.
 */
public final class RegexChars {
  private RegexChars() {}

  /** {@code [\\p{L}\\p{N}]}: a letter or a number of any script. */
  public static boolean letterOrNumber(int cp) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }

  /** {@code \\w}: an ASCII letter, digit or underscore. */
  public static boolean asciiWord(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  /** {@code \\s}: space, tab, line feed, vertical tab, form feed, carriage return. */
  public static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * Whether {@code \\b} sees a word character just before {@code i} of the input {@code [from, ...)}:
   * an ASCII word character, or a non-spacing mark on a letter or digit.
   */
  public static boolean wordBefore(String text, int from, int i) {
    if (i <= from) {
      return false;
    }
    int cp = Character.codePointBefore(text, i);
    return asciiWord(cp) || Character.getType(cp) == Character.NON_SPACING_MARK && hasBase(text, from, i - 1);
  }

  /** Whether {@code \\b} sees a word character at {@code i} of the input {@code [from, to)}. */
  public static boolean wordAt(String text, int from, int to, int i) {
    if (i >= to) {
      return false;
    }
    int cp = Character.codePointAt(text, i);
    return asciiWord(cp) || Character.getType(cp) == Character.NON_SPACING_MARK && hasBase(text, from, i);
  }

  /**
   * {@code java.util.regex.Pattern.hasBaseCharacter}: a letter or digit before the non-spacing
   * marks from {@code i} back, not before {@code from} (the input's start). {@code \\b} counts a mark
   * on such a base as part of a word.
   */
  public static boolean hasBase(String text, int from, int i) {
    for (int x = i; x >= from; x--) {
      int ch = Character.codePointAt(text, x);
      if (Character.isLetterOrDigit(ch)) {
        return true;
      }
      if (Character.getType(ch) != Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return false;
  }
}
