package dev.rolematch.ingest;

import java.util.regex.Pattern;

/** Markdown as plain text that keeps its structure (headings and bullets stay as lines). */
final class MarkdownText {
  private MarkdownText() {}

  private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
  private static final Pattern MD_STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern MD_EM_STAR = Pattern.compile("(?<![\\w*])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![\\w*])");
  private static final Pattern MD_EM_UNDERSCORE = Pattern.compile("(?<![\\w_])_(?=[^\\s_])(.+?)(?<=[^\\s_])_(?![\\w_])");
  private static final Pattern MD_STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
  private static final Pattern MD_CODE = Pattern.compile("`([^`\\n]+)`");

  /**
   * Removes Markdown emphasis (bold, italics, strike-through, inline code) and link syntax but
   * keeps heading ('#') and bullet ('-', '*') lines as they are: both carry structure.
   */
  static String stripEmphasis(String md) {
    StringBuilder out = new StringBuilder(md.length());
    for (String line : md.split("\n", -1)) {
      String l = MD_IMAGE.matcher(line).replaceAll("$1");
      l = MD_LINK.matcher(l).replaceAll("$1");
      l = MD_CODE.matcher(l).replaceAll("$1");
      l = MD_STRONG.matcher(l).replaceAll("$2");
      l = MD_STRIKE.matcher(l).replaceAll("$1");
      l = MD_EM_STAR.matcher(l).replaceAll("$1");
      l = MD_EM_UNDERSCORE.matcher(l).replaceAll("$1");
      out.append(l).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }
}
