package dev.rolematch.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role's level (student/intern … executive) and family (engineering, research, data,
 * management, sales and marketing, design and arts, operations and business), read from a posting's
 * title and text or a resume's text. Either is {@code null} when the text does not say: nothing is
 * guessed. Postings are read from their title first (the title names the role); resumes from what
 * they state (a student status, years of experience, the titles they held).
 */
public record RoleProfile(Level level, Family family) {

  public static final RoleProfile UNKNOWN = new RoleProfile(null, null);

  /** Career stage, ordered. */
  public enum Level { STUDENT, ENTRY, MID, SENIOR, EXECUTIVE }

  public enum Family { ENGINEERING, RESEARCH, DATA, MANAGEMENT, SALES_MARKETING, DESIGN_ARTS, OPERATIONS_BUSINESS }

  static final Pattern STUDENT = Pattern.compile(
      "(?i)\\b(intern(ship)?s?|trainee|apprentice(ship)?|co-?op|working student|student|undergraduate|"
          + "pursuing (a|an|my)? ?(ph\\.?d|master|bachelor|m\\.?s|b\\.?s|degree)|phd candidate|doctoral candidate)\\b");
  static final Pattern ENTRY = Pattern.compile(
      "(?i)\\b(junior|jr\\.?|entry[- ]level|graduate (engineer|developer|analyst|program)|new grad|associate)\\b");
  static final Pattern SENIOR = Pattern.compile(
      "(?i)\\b(senior|sr\\.?|staff|principal|lead|architect|distinguished)\\b");
  static final Pattern EXECUTIVE = Pattern.compile(
      "(?i)\\b(director|head of|vice president|vp|chief|cto|ceo|cfo|coo|partner)\\b");

  /**
   * Each family's words, read as whole words, ASCII case-insensitively, exactly as the regex
   * {@code (?i)\\b(word|...)\\b} would count them (one pass over the text instead of seven
   * regexes: this runs on every resume of a refresh). A two-word entry is joined by the one
   * character given (a space, or a hyphen for "full-stack").
   */
  static final Map<Family, List<String>> FAMILY_WORDS = new EnumMap<>(Family.class);

  static {
    FAMILY_WORDS.put(Family.ENGINEERING, List.of("engineer", "engineering", "developer", "programmer", "software",
        "devops", "sre", "firmware", "backend", "frontend", "full-stack", "full stack", "qa", "tester", "testing",
        "automation"));
    FAMILY_WORDS.put(Family.RESEARCH, List.of("research", "researcher", "scientist", "postdoc", "postdoctoral", "phd",
        "laboratory"));
    FAMILY_WORDS.put(Family.DATA, List.of("data", "analyst", "analytics", "statistics", "statistician", "bi", "etl",
        "hadoop", "spark", "database", "dba", "sql"));
    FAMILY_WORDS.put(Family.MANAGEMENT, List.of("manager", "management", "pmo", "program manager", "project manager",
        "scrum master", "product owner", "stakeholder", "stakeholders"));
    FAMILY_WORDS.put(Family.SALES_MARKETING, List.of("sales", "marketing", "account executive",
        "business development", "brand", "campaign", "campaigns", "seo", "customer success"));
    FAMILY_WORDS.put(Family.DESIGN_ARTS, List.of("designer", "design", "artist", "art", "arts", "illustrator",
        "illustration", "ux", "ui", "graphic", "painting", "photographer", "photography"));
    FAMILY_WORDS.put(Family.OPERATIONS_BUSINESS, List.of("operations", "hr", "human resources", "recruiter",
        "recruiting", "accountant", "accounting", "finance", "financial", "legal", "lawyer", "advocate", "nurse",
        "teacher", "logistics", "procurement", "health", "fitness", "mechanical", "civil", "electrical"));
  }

  private static final FamilyWords FAMILY = new FamilyWords(FAMILY_WORDS);

  /** Years of experience above which a resume reads as senior, and from which as mid-level. */
  static final int SENIOR_YEARS = 8;
  static final int MID_YEARS = 3;

  /** A posting: its title decides where it says something; the text (and the years it asks) otherwise. */
  public static RoleProfile ofPosting(String title, String text, Integer yearsAsked) {
    String t = title == null ? "" : title;
    Level level = levelOfTitle(t);
    if (level == null && yearsAsked != null) {
      level = yearsAsked >= 7 ? Level.SENIOR : yearsAsked >= MID_YEARS ? Level.MID : Level.ENTRY;
    }
    if (level == null) {
      level = levelOfTitle(head(text, 300));
    }
    Family family = familyOf(t);
    if (family == null) {
      family = familyOf(head(text, 4000));
    }
    return new RoleProfile(level, family);
  }

  /** A resume: a student status, else its years of experience, else the titles it names. */
  public static RoleProfile ofResume(String text, Metadata metadata, int currentYear) {
    String head = head(text, 1500);
    Level level = null;
    Integer grad = metadata == null ? null : metadata.graduationYear();
    Integer years = metadata == null ? null : metadata.yearsExperience();
    if (occurs(STUDENT, head) && (years == null || years < MID_YEARS) || grad != null && grad >= currentYear) {
      level = Level.STUDENT;
    } else if (years != null) {
      level = years >= SENIOR_YEARS ? Level.SENIOR : years >= MID_YEARS ? Level.MID : Level.ENTRY;
    } else {
      level = levelOfTitle(head);
    }
    return new RoleProfile(level, familyOf(head(text, 6000)));
  }

  private static Level levelOfTitle(String t) {
    if (t == null || t.isBlank()) {
      return null;
    }
    if (occurs(STUDENT, t)) {
      return Level.STUDENT;
    }
    if (occurs(EXECUTIVE, t)) {
      return Level.EXECUTIVE;
    }
    if (occurs(SENIOR, t)) {
      return Level.SENIOR;
    }
    if (occurs(ENTRY, t)) {
      return Level.ENTRY;
    }
    return null;
  }

  /** The family whose words occur most often (at least twice in long texts, once in a title). */
  static Family familyOf(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    int[] counts = FAMILY.count(text);
    Family best = null;
    int bestCount = 0;
    for (Family f : Family.values()) {
      if (counts[f.ordinal()] > bestCount) {
        best = f;
        bestCount = counts[f.ordinal()];
      }
    }
    int needed = text.length() > 200 ? 2 : 1;
    return bestCount >= needed ? best : null;
  }

  /**
   * {@code level.matcher(text).find()}, tried only where a match can start. Each level pattern is
   * {@code (?i)\\b(...)} with every alternative starting with an ASCII letter, and {@code (?i)}
   * folds ASCII only: a match starts at an ASCII letter with no ASCII word character before it. The
   * pattern is tried there (with transparent bounds, so its {@code \\b} sees the text around), not
   * at every character: this runs on every candidate of every query and refresh.
   * {@code RoleProfileLevelTest} checks it against {@code find()}.
   */
  static boolean occurs(Pattern level, String text) {
    Matcher m = level.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (asciiLetter(text.charAt(i)) && (i == 0 || !RegexChars.asciiWord(text.charAt(i - 1)))) {
        m.region(i, n);
        if (m.lookingAt()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean asciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static String head(String text, int chars) {
    if (text == null) {
      return "";
    }
    return text.length() <= chars ? text : text.substring(0, chars);
  }

  /** Agreement of two levels in [0, 1]: 1 the same stage, 0 four stages apart, 0.5 when either is unknown. */
  public static double levelMatch(Level a, Level b) {
    if (a == null || b == null) {
      return 0.5;
    }
    return 1 - Math.abs(a.ordinal() - b.ordinal()) / 4.0;
  }

  /** 1 the same family, 0 another, 0.5 when either is unknown. */
  public static double familyMatch(Family a, Family b) {
    if (a == null || b == null) {
      return 0.5;
    }
    return a == b ? 1 : 0;
  }

  /** Lower-case names for JSON ({@code student}, {@code sales_marketing}, ...), or null. */
  public String levelName() {
    return level == null ? null : level.name().toLowerCase(Locale.ROOT);
  }

  public String familyName() {
    return family == null ? null : family.name().toLowerCase(Locale.ROOT);
  }
}
