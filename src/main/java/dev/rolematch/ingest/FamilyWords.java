package dev.rolematch.ingest;

import dev.rolematch.ingest.RoleProfile.Family;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts each family's words in a text in one pass, with the semantics of one
 * {@code Pattern.compile("(?i)\\b(w1|w2|...)\\b")} per family counted by {@code find()} (Java 19
 * and later: {@code \b} between an ASCII word character and anything else, a non-spacing mark
 * counting as part of the word it follows; {@code (?i)} folds ASCII only). Words are ASCII; a
 * two-word entry is its two words joined by one given character. Within a family matches do not
 * overlap: "project manager" is one match, its "manager" is not counted again.
 * {@code RoleProfileFamilyTest} checks this against those regexes on random texts.
 */
final class FamilyWords {
  private final Map<String, Family> words = new HashMap<>();
  /** "first" + separator + "second" → family. */
  private final Map<String, Family> pairs = new HashMap<>();
  /** The pairs' first words: only after one of these is a pair looked up. */
  private final java.util.Set<String> pairStarts = new java.util.HashSet<>();
  /** The longest word or pair start: a longer run is no entry (and is not lower-cased). */
  private int longest;

  FamilyWords(Map<Family, List<String>> byFamily) {
    byFamily.forEach((family, list) -> {
      for (String w : list) {
        int sep = firstNonWord(w);
        longest = Math.max(longest, sep < 0 ? w.length() : sep);
        if (sep < 0) {
          words.put(w, family);
        } else {
          pairs.put(w, family);
          pairStarts.add(w.substring(0, sep));
        }
      }
    });
    for (String pair : pairs.keySet()) {
      // each family's regex tries its words in order at a position; while no pair starts with a
      // one-word entry, at most one entry can match there and the order does not matter
      if (words.containsKey(pair.substring(0, firstNonWord(pair)))) {
        throw new IllegalArgumentException("a two-word entry starts with a one-word entry: " + pair);
      }
    }
  }

  private static int firstNonWord(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!RegexChars.asciiWord(w.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Matches per family, indexed by {@link Family#ordinal()}. */
  int[] count(String text) {
    int[] counts = new int[Family.values().length];
    LowerCased probe = new LowerCased();
    // the run (of ASCII word characters) that each family last consumed as a pair's second word
    int[] consumedAt = new int[counts.length];
    java.util.Arrays.fill(consumedAt, -1);
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!RegexChars.asciiWord(text.charAt(i))) {
        i++;
        continue;
      }
      int end = runEnd(text, i);
      // \b on both sides of the run, as the regexes saw it (a mark on a letter continues a word)
      boolean starts = end - i <= longest && !RegexChars.wordBefore(text, 0, i);
      if (starts && !RegexChars.wordAt(text, 0, n, end)) {
        Family f = words.get(probe.of(text, i, end));
        if (f != null && consumedAt[f.ordinal()] != i) {
          counts[f.ordinal()]++;
        }
      }
      if (starts && end + 1 < n && RegexChars.asciiWord(text.charAt(end + 1))
          && pairStarts.contains(probe.of(text, i, end))) {
        int end2 = runEnd(text, end + 1);
        if (!RegexChars.wordAt(text, 0, n, end2)) {
          // the separator is no letter: lower-casing the whole span keeps it as it is
          Family f = pairs.get(probe.of(text, i, end2));
          if (f != null && consumedAt[f.ordinal()] != i) {
            counts[f.ordinal()]++;
            consumedAt[f.ordinal()] = end + 1;
          }
        }
      }
      i = end;
    }
    return counts;
  }

  private static int runEnd(String text, int from) {
    int j = from;
    while (j < text.length() && RegexChars.asciiWord(text.charAt(j))) {
      j++;
    }
    return j;
  }

  /**
   * A span of the text, ASCII-lower-cased, as a key the word maps accept: its hash and equality
   * are those of the lower-cased string, which is never built (a refresh counts the words of
   * every resume).
   */
  private static final class LowerCased {
    private String text;
    private int from;
    private int to;
    private int hash;

    LowerCased of(String text, int from, int to) {
      this.text = text;
      this.from = from;
      this.to = to;
      int h = 0;
      for (int k = from; k < to; k++) {
        h = 31 * h + lower(text.charAt(k));
      }
      hash = h;
      return this;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof String s) || s.length() != to - from) {
        return false;
      }
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) != lower(text.charAt(from + k))) {
          return false;
        }
      }
      return true;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
  }
}
