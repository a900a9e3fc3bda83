package dev.rolematch.ingest;

import java.text.Normalizer;

/**
 * Canonical form for all ingested text, so that parsing, chunking and hashing see the same string
 * however the file was produced (Word, PDF, a browser copy-paste).
 *
 * <p>Unicode NFC; {@code \r\n} and lone {@code \r} become {@code \n}; tabs and the Unicode spaces
 * (no-break, thin, ideographic, ...) become a plain space; zero-width characters, soft hyphens and
 * other control characters are dropped; form feeds (PDF page breaks) and vertical tabs (Word line
 * breaks) become newlines. Trailing spaces are trimmed and runs of spaces inside a line collapse to
 * one (leading indentation is kept: it marks nested bullets). Two or more blank lines collapse to
 * one, and the result is stripped.
 */
public final class TextNormalizer {

  private TextNormalizer() {}

  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    boolean lineHasText = false; // whether we are past the indentation of the current line
    int newlines = 0; // consecutive newlines just written
    int n = nfc.length();
    for (int i = 0; i < n; i++) {
      char c = nfc.charAt(i);
      char mapped = map(c);
      if (c == '\r' && i + 1 < n && nfc.charAt(i + 1) == '\n') {
        continue; // the \n that follows does the work
      }
      if (mapped == 0) {
        continue;
      }
      if (mapped == '\n') {
        trimTrailingSpaces(out);
        if (newlines < 2) {
          out.append('\n');
        }
        newlines++;
        lineHasText = false;
        continue;
      }
      if (mapped == ' ') {
        // keep indentation, collapse inner runs
        if (lineHasText && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
          continue;
        }
        out.append(' ');
        continue;
      }
      out.append(mapped);
      lineHasText = true;
      newlines = 0;
    }
    trimTrailingSpaces(out);
    return out.toString().strip();
  }

  /** Returns the replacement for one char: itself, ' ', '\n', or 0 to drop it. */
  private static char map(char c) {
    switch (c) {
      case '\n', '\r', '\f', '\u000B', '\u2028', '\u2029', '\u0085':
        return '\n';
      case '\t', '\u00A0', '\u1680', '\u2007', '\u202F', '\u205F', '\u3000':
        return ' ';
      case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
        return 0;
      default:
        break;
    }
    if (c >= '\u2000' && c <= '\u200A') {
      return ' ';
    }
    if (Character.getType(c) == Character.CONTROL) {
      return 0;
    }
    return c;
  }

  private static void trimTrailingSpaces(StringBuilder sb) {
    int len = sb.length();
    while (len > 0 && sb.charAt(len - 1) == ' ') {
      len--;
    }
    sb.setLength(len);
  }
}
