package dev.rolematch.ingest;

import java.util.List;

/**
 * Normalised text at most {@code maxChars} long: a longer text is cut (never inside a surrogate
 * pair) with a warning that says by how much.
 */
record TextCap(int maxChars) {

  TextCap {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1: " + maxChars);
    }
  }

  /** Normalises, then caps at maxChars with a warning that says by how much. */
  String apply(String raw, String source, List<String> warnings) {
    // Normalise only a prefix of a huge text: the cap would drop the rest anyway.
    int prefix = (int) Math.min(raw.length(), 2L * maxChars);
    String text = TextNormalizer.normalize(prefix < raw.length() ? raw.substring(0, prefix) : raw);
    if (text.length() > maxChars || prefix < raw.length()) {
      int cut = Math.min(maxChars, text.length());
      if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--; // never split a surrogate pair
      }
      warnings.add(source + ": text is " + raw.length() + " chars, capped at " + maxChars);
      text = text.substring(0, cut).strip();
    }
    return text;
  }
}
