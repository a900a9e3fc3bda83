package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomised checks of {@link PostingParser}. The seed comes from {@code -Dtests.seed=N} (default:
 * random) and is in every failure message; rerun with it to reproduce.
 *
 * <p>What is asserted:
 *
 * <ol>
 *   <li>Hostile text (random code points including lone surrogates and controls, a 200k-character
 *       single line, 1000 headings in a row, deeply nested bullets, only punctuation) never makes
 *       {@code parse} throw, and a result with letters in its input always has requirements or a
 *       note.
 *   <li>Generated postings (a title, then 1-3 sections under known headings in the markdown,
 *       heading-line, inline-with-colon and inline-without-colon shapes, items made of invented
 *       words): every word of every item under a heading is, after lower-casing and stripping
 *       punctuation, a word of some requirement of that heading's kind. Only the title and the
 *       heading text may be missing from the requirements (there is no boilerplate in these
 *       postings, and fewer items than the requirement cap).
 * </ol>
 */
class PostingParserPropertyTest {

  private static final long SEED = seed();
  private static final String AT = " (rerun with -Dtests.seed=" + SEED + ")";

  private static long seed() {
    String s = System.getProperty("tests.seed");
    if (s != null && !s.isBlank()) {
      return Long.parseLong(s.strip());
    }
    return new Random().nextLong();
  }

  static {
    System.out.println("PostingParserPropertyTest tests.seed=" + SEED);
  }

  private final PostingParser parser = new PostingParser();

  private ParsedPosting parseSafely(String text, String what) {
    ParsedPosting p = assertDoesNotThrow(() -> parser.parse(text), what + AT);
    assertNotNull(p, what + AT);
    boolean hasLetter = text.codePoints().anyMatch(Character::isLetterOrDigit);
    if (hasLetter) {
      assertTrue(!p.requirements().isEmpty() || !p.notes().isEmpty(),
          what + ": neither requirements nor a note" + AT);
    }
    return p;
  }

  @Test
  void randomUnicodeNeverThrows() {
    Random r = new Random(SEED);
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(400);
      for (int i = 0; i < n; i++) {
        int kind = r.nextInt(10);
        if (kind == 0) {
          sb.append((char) (0xD800 + r.nextInt(0x800))); // lone surrogates
        } else if (kind == 1) {
          String spaces = "\n\r\t\f\u000B\u2028 ";
          sb.append(spaces.charAt(r.nextInt(spaces.length())));
        } else if (kind == 2) {
          String glyphs = "-*•#:.;!?()[]“”'`_";
          sb.append(glyphs.charAt(r.nextInt(glyphs.length())));
        } else if (kind < 6) {
          sb.append((char) ('a' + r.nextInt(26)));
        } else {
          sb.appendCodePoint(r.nextInt(0x10FFFF + 1));
        }
      }
      parseSafely(sb.toString(), "random unicode round " + round);
    }
  }

  @Test
  void hugeSingleLineNeverThrows() {
    Random r = new Random(SEED);
    StringBuilder sb = new StringBuilder("Requirements: ");
    while (sb.length() < 200_000) {
      sb.append(word(r, true));
      sb.append(r.nextInt(8) == 0 ? ". " : " ");
    }
    ParsedPosting p = parseSafely(sb.toString(), "200k-char line");
    assertFalse(p.ofKind(RequirementKind.MUST).isEmpty(), "200k-char line has must-haves" + AT);
    parseSafely("x".repeat(200_000), "200k letters, no spaces");
  }

  @Test
  void thousandHeadingsInARowNeverThrow() {
    Random r = new Random(SEED);
    List<String> headings = new ArrayList<>();
    for (List<String> hs : HEADINGS) {
      headings.addAll(hs);
    }
    StringBuilder lines = new StringBuilder("Title\n");
    StringBuilder inline = new StringBuilder("Title ");
    for (int i = 0; i < 1000; i++) {
      String h = headings.get(r.nextInt(headings.size()));
      lines.append(r.nextBoolean() ? "## " : "").append(h).append(r.nextBoolean() ? ":" : "")
          .append('\n');
      inline.append(h).append(": ");
    }
    ParsedPosting a = parseSafely(lines.toString(), "1000 heading lines");
    ParsedPosting b = parseSafely(inline.toString(), "1000 inline headings");
    assertFalse(a.notes().isEmpty(), "empty sections give a note" + AT);
    assertFalse(b.notes().isEmpty(), "empty sections give a note" + AT);
  }

  @Test
  void nestedBulletsAndPunctuationNeverThrow() {
    Random r = new Random(SEED);
    StringBuilder sb = new StringBuilder("Title\nRequirements\n");
    for (int i = 0; i < 200; i++) {
      String marks = "-*•◦▪1.";
      sb.append("  ".repeat(r.nextInt(12))).append(marks.charAt(r.nextInt(marks.length())));
      if (r.nextBoolean()) {
        sb.append(' ');
      }
      sb.append(r.nextBoolean() ? word(r, true) + " " + word(r, false) : "").append('\n');
    }
    parseSafely(sb.toString(), "nested bullets");
    StringBuilder punct = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      String glyphs = ".,;:!?-*#•()[]{}\"'\n ";
      punct.append(glyphs.charAt(r.nextInt(glyphs.length())));
    }
    ParsedPosting p = parseSafely(punct.toString(), "only punctuation");
    assertTrue(p.requirements().isEmpty(), "no words, no requirements" + AT);
    assertFalse(p.notes().isEmpty(), "only punctuation gives a note" + AT);
  }

  // ---------------------------------------------------------------------------------------------

  /** Headings per kind (DUTY, MUST, NICE) used to build the generated postings. */
  private static final List<List<String>> HEADINGS =
      List.of(
          List.of("Responsibilities", "What you'll be doing", "Your role", "Key responsibilities"),
          List.of("Minimum qualifications", "Requirements", "What we need to see",
              "Basic qualifications"),
          List.of("Preferred qualifications", "Nice to have", "Ways to stand out", "Bonus points"));

  private static final RequirementKind[] KINDS = {
    RequirementKind.DUTY, RequirementKind.MUST, RequirementKind.NICE
  };

  // Syllables whose words cannot spell a heading, a boilerplate phrase or a filler word.
  private static final String[] SYLLABLES = {"ka", "ru", "mi", "to", "se", "la", "po", "vi", "du", "zo"};

  private static String word(Random r, boolean capital) {
    StringBuilder sb = new StringBuilder();
    int n = 2 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    if (capital) {
      sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    }
    return sb.toString();
  }

  private static String item(Random r) {
    int n = 1 + r.nextInt(9);
    StringBuilder sb = new StringBuilder(word(r, true));
    for (int i = 1; i < n; i++) {
      sb.append(r.nextInt(7) == 0 ? ", " : " ").append(word(r, r.nextInt(5) == 0));
    }
    return sb.toString();
  }

  private static Set<String> words(String s) {
    Set<String> out = new HashSet<>();
    for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  @Test
  void everyWordUnderAHeadingLandsInARequirementOfItsKind() {
    Random r = new Random(SEED);
    String[] shapes = {"markdown", "lines", "inline-colon", "inline-bare"};
    for (int round = 0; round < 400; round++) {
      String shape = shapes[round % shapes.length];
      String title = word(r, true) + " " + word(r, true);
      StringBuilder text = new StringBuilder(title).append(shape.startsWith("inline") ? " " : "\n");
      List<List<String>> items = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        List<String> list = new ArrayList<>();
        if (k == 0 || r.nextInt(4) != 0) {
          int n = 1 + r.nextInt(8);
          for (int i = 0; i < n; i++) {
            list.add(item(r));
          }
        }
        items.add(list);
        if (list.isEmpty()) {
          continue;
        }
        String heading = HEADINGS.get(k).get(r.nextInt(HEADINGS.get(k).size()));
        switch (shape) {
          case "markdown" -> {
            text.append("\n## ").append(heading).append('\n');
            for (String it : list) {
              text.append("  ".repeat(r.nextInt(3))).append("- ").append(it).append('\n');
            }
          }
          case "lines" -> {
            text.append('\n').append(heading).append('\n');
            for (String it : list) {
              text.append("• ").append(it).append(r.nextBoolean() ? "." : "").append('\n');
            }
          }
          default -> {
            text.append(heading).append(shape.equals("inline-colon") ? ": " : " ");
            for (String it : list) {
              text.append(it).append(". ");
            }
          }
        }
      }
      String posting = text.toString();
      ParsedPosting p = parseSafely(posting, shape + " round " + round);
      for (int k = 0; k < 3; k++) {
        Set<String> got = new HashSet<>();
        for (Requirement req : p.ofKind(KINDS[k])) {
          got.addAll(words(req.text()));
        }
        for (String it : items.get(k)) {
          for (String w : words(it)) {
            assertTrue(got.contains(w), "word '" + w + "' of " + KINDS[k] + " item '" + it
                + "' is in no " + KINDS[k] + " requirement; posting:\n" + posting + "\nparsed: "
                + p.requirements() + AT);
          }
        }
      }
    }
  }
}
