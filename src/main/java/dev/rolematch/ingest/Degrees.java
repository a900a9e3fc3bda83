package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one degree vocabulary: how degrees are written ("Ph.D.", "M.Sc", "Master's", "B.Eng",
 * "associate degree", "high school"), their canonical names and their order. Metadata extraction
 * (a resume's highest degree, a posting's entry bar) and scoring (is a must-have degree met?) both
 * read degrees here, so they cannot disagree (e.g. "MS Office" is a product, never a degree).
 */
public final class Degrees {
  private Degrees() {}

  public static final String PHD = "PhD";
  public static final String MS = "MS";
  public static final String BS = "BS";
  public static final String ASSOCIATE = "Associate";
  public static final String HIGH_SCHOOL = "High school";

  /** Canonical names, lowest first: a degree meets a requirement of any degree ranked at or below it. */
  public static final List<String> RANKED = List.of(HIGH_SCHOOL, ASSOCIATE, BS, MS, PHD);

  private record Written(String degree, Pattern pattern) {}

  private static final List<Written> WRITTEN =
      List.of(
          new Written(PHD, Pattern.compile(
              "\\bPh\\.?\\s?D\\b\\.?|\\bdoctorate\\b|\\bdoctoral\\b|\\bD\\.?Phil\\b",
              Pattern.CASE_INSENSITIVE)),
          new Written(MS, Pattern.compile(
              "\\bM\\.S\\.(?:c\\.?)?|\\bM\\.Sc\\b\\.?|\\bMSc\\b|(?<!,\\s)\\bMS\\b(?!\\s+(?:Office|Word|Excel|Teams|SQL|Access|PowerPoint|Outlook|Visio|Azure|Windows|Project|Paint|DOS))"
                  + "|\\bM\\.Eng\\b\\.?|\\bMEng\\b|\\bMBA\\b|\\bM\\.B\\.A\\.|\\bM\\.A\\.|\\bM\\.Tech\\b|\\bMTech\\b|\\bS\\.M\\."
                  + "|\\b(?i:master['’]?s|masters|master\\s+of)\\b")),
          new Written(BS, Pattern.compile(
              "\\bB\\.S\\.(?:c\\.?)?|\\bB\\.Sc\\b\\.?|\\bBSc\\b|\\bBS\\b|\\bB\\.Eng\\b\\.?|\\bBEng\\b|\\bB\\.A\\.|\\bBA\\b"
                  + "|\\bB\\.Tech\\b|\\bBTech\\b|\\bA\\.B\\.|\\bS\\.B\\."
                  + "|\\b(?i:bachelor['’]?s|bachelors|bachelor\\s+of|undergraduate\\s+degree)\\b")),
          new Written(ASSOCIATE, Pattern.compile(
              "\\bassociate['’]?s?\\s+degree\\b|\\bassociate\\s+of\\s+(?:applied\\s+)?(?:arts|science)\\b|\\bA\\.A\\.S\\.",
              Pattern.CASE_INSENSITIVE)),
          new Written(HIGH_SCHOOL, Pattern.compile(
              "\\bhigh\\s+school\\b|\\bsecondary\\s+school\\b|\\bGED\\b",
              Pattern.CASE_INSENSITIVE)));

  /** A degree written in a text: its canonical name, rank ({@link #RANKED} index) and where. */
  public record Mention(String degree, int rank, int start, int end) {}

  /** Every degree mention in the text, in text order. */
  public static List<Mention> mentions(String text) {
    List<Mention> out = new ArrayList<>();
    for (Written w : WRITTEN) {
      Matcher m = w.pattern().matcher(text);
      while (m.find()) {
        out.add(new Mention(w.degree(), RANKED.indexOf(w.degree()), m.start(), m.end()));
      }
    }
    out.sort(Comparator.comparingInt(Mention::start));
    return out;
  }

  /** The lowest degree a requirement accepts ("BS, MS or PhD" → BS), or null when it names none. */
  public static String lowestNamed(String requirement) {
    return mentions(requirement).stream().min(Comparator.comparingInt(Mention::rank)).map(Mention::degree)
        .orElse(null);
  }

  /** The rank of a canonical name (case-insensitive); -1 when it is not one. */
  public static int rank(String canonical) {
    int exact = RANKED.indexOf(canonical); // the usual case, without lower-casing (scorer's hot path)
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < RANKED.size(); i++) {
      if (RANKED.get(i).toLowerCase(Locale.ROOT).equals(canonical.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
