package dev.rolematch.ingest;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the few facts a matcher filters on out of free text. Conservative by design: a field is
 * {@code null} unless the text states it in a recognisable form.
 *
 * <ul>
 *   <li><b>location</b>: a "Location: ..." line (either kind), or for a resume a "City, ST" /
 *       "City, Country" segment of one of the first header lines.
 *   <li><b>years of experience</b>: an explicit "N years of experience" / "N+ years" (a resume takes
 *       the largest, a posting the smallest, i.e. its minimum); else, for a resume only, the
 *       summed date ranges ("2019 – 2023", "Jan 2020 - Present") of its Experience sections,
 *       overlaps merged, rounded down to whole years. "Present" is now per the injected clock.
 *   <li><b>highest degree</b>: PhD, MS, BS, Associate or High school, pursued/expected degrees
 *       included. For a resume the highest one named; for a posting the <em>lowest</em> one named,
 *       which is the entry bar ("Pursuing a BS, MS or PhD" -> BS).
 *   <li><b>graduation year</b>: the year written next to that degree, preferring one marked
 *       "expected"/"graduating" ("Ph.D., 2022 – 2027 (expected)" -> 2027).
 * </ul>
 *
 * <p>Size note (over 400 lines): the four facts share one reading of the text (sections, education
 * lines, date ranges), so they stay together; the degree vocabulary is {@link Degrees}.
 */
public final class MetadataExtractor {

  public static final String PHD = Degrees.PHD;
  public static final String MS = Degrees.MS;
  public static final String BS = Degrees.BS;
  public static final String ASSOCIATE = Degrees.ASSOCIATE;
  public static final String HIGH_SCHOOL = Degrees.HIGH_SCHOOL;

  private static final List<String> DEGREE_RANK = Degrees.RANKED;

  private static final Pattern LOCATION_LINE =
      Pattern.compile(
          "(?m)(?:^|(?<=[.!?]\\s))[ \\t]*(?:[-*•][ \\t]+)?(?:\\*\\*)?(?:Job\\s+)?(?:[Ll]ocations?|LOCATIONS?|[Bb]ased\\s+in)"
              + "(?:\\*\\*)?[ \\t]*:[ \\t]*(?:\\*\\*)?[ \\t]*([^\\n]+)");

  private static final Set<String> US_STATES =
      Set.of(
          "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
          "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
          "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
          "VA", "WA", "WV", "WI", "WY", "DC",
          // Canadian provinces
          "AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK");

  private static final Set<String> COUNTRIES =
      Set.of(
          "usa", "us", "united states", "canada", "uk", "united kingdom", "england", "scotland",
          "ireland", "germany", "france", "spain", "italy", "portugal", "netherlands", "belgium",
          "switzerland", "austria", "sweden", "norway", "denmark", "finland", "poland", "czechia",
          "czech republic", "israel", "india", "china", "japan", "korea", "south korea", "taiwan",
          "singapore", "australia", "new zealand", "brazil", "mexico", "argentina", "chile",
          "vietnam", "indonesia", "hong kong", "uae", "united arab emirates", "egypt", "nigeria",
          "kenya", "south africa", "turkey", "greece", "romania", "hungary", "ukraine");

  // "Santa Clara, " -- the city part of "City, ST" / "City, Country"
  private static final Pattern CITY =
      Pattern.compile("[A-Z][\\p{L}.'-]+(?:[ -][A-Z][\\p{L}.'-]+){0,3},[ ]?");
  private static final Pattern STATE = Pattern.compile("([A-Z]{2})(?:[ ]\\d{5}(?:-\\d{4})?)?(?![\\p{L}])");

  private static final Map<String, Integer> NUMBER_WORDS =
      Map.ofEntries(
          Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
          Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
          Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
          Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20));

  private static final Pattern EXPLICIT_YEARS =
      Pattern.compile(
          "\\b(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
              + "\\s*(?:\\+|plus)?\\s*(?:(?:-|–|to)\\s*(\\d{1,2})\\s*\\+?\\s*)?(?:years?|yrs?)\\.?"
              + "(?:\\s+of)?(?:\\s+[\\p{L}-]+){0,3}?\\s+experience\\b",
          Pattern.CASE_INSENSITIVE);

  private static final String MONTH =
      "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
  private static final Pattern DATE_RANGE =
      Pattern.compile(
          "(?:\\b" + MONTH + "\\s+|\\b(\\d{1,2})/)?\\b((?:19|20)\\d{2})\\s*(?:-|–|—|to|until)\\s*"
              + "(?:(?:\\b" + MONTH + "\\s+|\\b(\\d{1,2})/)?\\b((?:19|20)\\d{2})\\b|(present|current|now|today|ongoing)\\b)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern EDUCATION_WORDS =
      Pattern.compile(
          "universit|college|school|institute of|\\bdegree\\b|\\bgpa\\b|ph\\.?d|\\bb\\.?s\\.?c?\\b|\\bm\\.?s\\.?c?\\b|bachelor|master",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern YEAR = Pattern.compile("\\b((?:19|20)\\d{2})\\b");
  private static final Pattern GRADUATION_CUE =
      Pattern.compile(
          "expected|\\bexp\\b\\.?|anticipated|graduat\\w*|class\\s+of|\\best\\b\\.?|\\bby\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OPEN_RANGE =
      Pattern.compile(
          "(?:19|20)\\d{2}\\s*(?:-|–|—|to)\\s*(?:present|current|now|today|ongoing)",
          Pattern.CASE_INSENSITIVE);

  private final Clock clock;

  public MetadataExtractor() {
    this(Clock.systemUTC());
  }

  /** @param clock defines "present" in date ranges and the plausible range of years */
  public MetadataExtractor(Clock clock) {
    this.clock = clock;
  }

  public Metadata extract(String text, DocKind kind) {
    if (text == null || text.isBlank()) {
      return Metadata.UNKNOWN;
    }
    String t = TextNormalizer.normalize(text);
    List<Degree> degrees = mentions(t);
    Degree degree = degree(t, degrees, kind);
    return new Metadata(
        location(t, kind),
        yearsExperience(t, kind),
        degree == null ? null : degree.name(),
        degree == null ? null : graduationYear(t, degrees, degree));
  }

  /**
   * Maps a degree as people write it ("Master's", "Ph.D.", "B.Sc.") to one of the canonical names,
   * or null when it is not recognisable.
   */
  public static String normalizeDegree(String written) {
    if (written == null || written.isBlank()) {
      return null;
    }
    String w = written.strip();
    for (String canonical : DEGREE_RANK) {
      if (canonical.equalsIgnoreCase(w)) {
        return canonical;
      }
    }
    String lower = w.toLowerCase(Locale.ROOT);
    if (lower.equals("ms") || lower.equals("msc") || lower.equals("master")) {
      return MS;
    }
    if (lower.equals("bs") || lower.equals("bsc") || lower.equals("ba") || lower.equals("bachelor")) {
      return BS;
    }
    if (lower.equals("associate") || lower.equals("associates")) {
      return ASSOCIATE;
    }
    Degree best = null;
    for (Degree d : mentions(w)) {
      if (best == null || d.rank() > best.rank()) {
        best = d;
      }
    }
    return best == null ? null : best.name();
  }

  // ---------------------------------------------------------------------------------------------
  // location

  private static String location(String text, DocKind kind) {
    Matcher m = LOCATION_LINE.matcher(text);
    if (m.find()) {
      return locationValue(m.group(1));
    }
    if (kind != DocKind.RESUME) {
      return null;
    }
    // Resume header: "Jane Doe | jane@example.com | Seattle, WA | github.com/jane"
    int seen = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (++seen > 6) {
        break;
      }
      for (String segment : line.split("[|·•✉☎]|\\s[–—-]\\s|\\s{2,}")) {
        String s = segment.strip().replaceAll("^\\W+|[\\s.;,]+$", "");
        if (!s.isEmpty() && placeLength(s) == s.length()) {
          return s;
        }
      }
    }
    return null;
  }

  /** The value of a "Location:" line, or null when it does not look like a place. */
  private static String locationValue(String raw) {
    String v = raw.replace("**", "").strip();
    // in flattened text the rest of the paragraph follows; keep the first sentence/segment
    v = v.split("(?<=[a-z]{2}|\\))\\.\\s|\\s\\|\\s|\\s•\\s")[0].strip();
    v = v.replaceAll("[\\s.;,]+$", "");
    if (!v.isEmpty() && v.length() <= 60 && v.indexOf(':') < 0) {
      return v;
    }
    int len = placeLength(v);
    return len > 0 ? v.substring(0, len) : null;
  }

  /**
   * Length of the place that starts s ("Santa Clara, CA", "Toronto, ON, Canada", "Zurich,
   * Switzerland"), or -1 when s does not start with a US state / Canadian province code or a known
   * country after "City, ".
   */
  private static int placeLength(String s) {
    Matcher city = CITY.matcher(s);
    if (!city.lookingAt()) {
      return -1;
    }
    int at = city.end();
    int end = -1;
    Matcher st = STATE.matcher(s).region(at, s.length());
    if (st.lookingAt() && US_STATES.contains(st.group(1))) {
      end = st.end();
    } else {
      end = countryEnd(s, at);
    }
    if (end < 0) {
      return -1;
    }
    // optional ", USA" / ", Canada" after a state
    if (end < s.length() && s.charAt(end) == ',') {
      int next = end + 1;
      while (next < s.length() && s.charAt(next) == ' ') {
        next++;
      }
      int country = countryEnd(s, next);
      if (country > 0) {
        end = country;
      }
    }
    return end;
  }

  private static int countryEnd(String s, int at) {
    int best = -1;
    for (String country : COUNTRIES) {
      int end = at + country.length();
      if (end <= s.length()
          && s.regionMatches(true, at, country, 0, country.length())
          && Character.isUpperCase(s.charAt(at))
          && (end == s.length() || !Character.isLetter(s.charAt(end)))
          && end > best) {
        best = end;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------------------------------------
  // experience

  private Integer yearsExperience(String text, DocKind kind) {
    Integer explicit = null;
    Matcher m = EXPLICIT_YEARS.matcher(text);
    while (m.find()) {
      int n = number(m.group(1));
      if (n <= 0 || n > 50) {
        continue;
      }
      if (explicit == null
          || (kind == DocKind.RESUME ? n > explicit : n < explicit)) {
        explicit = n;
      }
    }
    if (explicit != null || kind != DocKind.RESUME) {
      return explicit;
    }
    return summedRanges(text);
  }

  private Integer summedRanges(String text) {
    List<Headings.Match> sections = Headings.resume(text);
    List<int[]> regions = new ArrayList<>(); // [start, end) of text to scan
    boolean filterEducationLines = false;
    if (sections.isEmpty()) {
      regions.add(new int[] {0, text.length()});
      filterEducationLines = true; // no structure: skip lines that talk about degrees
    } else {
      for (int i = 0; i < sections.size(); i++) {
        String label = sections.get(i).label().toLowerCase(Locale.ROOT);
        boolean experience =
            (label.contains("experience") || label.contains("employment") || label.contains("work history"))
                && !label.contains("education");
        if (experience) {
          int end = i + 1 < sections.size() ? sections.get(i + 1).start() : text.length();
          regions.add(new int[] {sections.get(i).bodyStart(), end});
        }
      }
      if (regions.isEmpty()) {
        return null; // sections, but none about experience: any sum would be a guess
      }
    }
    YearMonth now = YearMonth.now(clock);
    List<int[]> intervals = new ArrayList<>(); // months since year 0, [start, end)
    for (int[] region : regions) {
      Matcher r = DATE_RANGE.matcher(text).region(region[0], region[1]);
      while (r.find()) {
        if (filterEducationLines && EDUCATION_WORDS.matcher(lineOf(text, r.start())).find()) {
          continue;
        }
        int startYear = Integer.parseInt(r.group(3));
        int startMonth = month(r.group(1), r.group(2));
        int start = startYear * 12 + startMonth - 1;
        int end;
        if (r.group(7) != null) {
          end = now.getYear() * 12 + now.getMonthValue() - 1;
        } else {
          int endYear = Integer.parseInt(r.group(6));
          // year-only ranges count whole years: "2019 - 2023" is 4 years
          int endMonth = r.group(4) == null && r.group(5) == null ? startMonth : month(r.group(4), r.group(5));
          end = endYear * 12 + endMonth - 1;
        }
        end = Math.min(end, now.getYear() * 12 + now.getMonthValue() - 1);
        if (startYear >= 1950 && end > start) {
          intervals.add(new int[] {start, end});
        }
      }
    }
    if (intervals.isEmpty()) {
      return null;
    }
    intervals.sort(Comparator.comparingInt(a -> a[0]));
    int months = 0;
    int curStart = intervals.get(0)[0];
    int curEnd = intervals.get(0)[1];
    for (int[] iv : intervals) {
      if (iv[0] > curEnd) {
        months += curEnd - curStart;
        curStart = iv[0];
        curEnd = iv[1];
      } else {
        curEnd = Math.max(curEnd, iv[1]);
      }
    }
    months += curEnd - curStart;
    return months / 12;
  }

  private static int month(String name, String number) {
    if (number != null) {
      int n = Integer.parseInt(number);
      return n >= 1 && n <= 12 ? n : 1;
    }
    if (name == null) {
      return 1;
    }
    String[] names = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < names.length; i++) {
      if (lower.startsWith(names[i])) {
        return i + 1;
      }
    }
    return 1;
  }

  private static int number(String s) {
    Integer w = NUMBER_WORDS.get(s.toLowerCase(Locale.ROOT));
    return w != null ? w : Integer.parseInt(s);
  }

  private static String lineOf(String text, int at) {
    int s = text.lastIndexOf('\n', at - 1) + 1;
    int e = text.indexOf('\n', at);
    return text.substring(s, e < 0 ? text.length() : e);
  }

  // ---------------------------------------------------------------------------------------------
  // degree and graduation year

  private record Degree(String name, int rank, int start, int end) {}

  private static List<Degree> mentions(String text) {
    List<Degree> out = new ArrayList<>();
    for (Degrees.Mention m : Degrees.mentions(text)) {
      out.add(new Degree(m.degree(), m.rank(), m.start(), m.end()));
    }
    return out;
  }

  private Degree degree(String text, List<Degree> all, DocKind kind) {
    if (all.isEmpty()) {
      return null;
    }
    int rank = kind == DocKind.POSTING
        ? all.stream().mapToInt(Degree::rank).min().getAsInt()
        : all.stream().mapToInt(Degree::rank).max().getAsInt();
    // of the mentions of that degree, prefer one with a year next to it
    Degree first = null;
    for (Degree d : all) {
      if (d.rank() != rank) {
        continue;
      }
      if (first == null) {
        first = d;
      }
      if (graduationYear(text, all, d) != null) {
        return d;
      }
    }
    return first;
  }

  /** The year written next to a degree mention, or null. */
  private Integer graduationYear(String text, List<Degree> all, Degree degree) {
    int nextDegree = text.length();
    int prevDegreeEnd = 0;
    for (Degree d : all) {
      if (d.start() >= degree.end() && d.start() < nextDegree) {
        nextDegree = d.start();
      }
      if (d.end() <= degree.start() && d.end() > prevDegreeEnd) {
        prevDegreeEnd = d.end();
      }
    }
    // after: to the next degree, at most two more lines and 160 chars
    int after = degree.end();
    int limit = Math.min(nextDegree, Math.min(text.length(), after + 160));
    int nl1 = text.indexOf('\n', after);
    int nl2 = nl1 < 0 ? -1 : text.indexOf('\n', nl1 + 1);
    int nl3 = nl2 < 0 ? -1 : text.indexOf('\n', nl2 + 1);
    if (nl3 >= 0) {
      limit = Math.min(limit, nl3);
    }
    Integer year = yearIn(text.substring(after, limit));
    if (year != null) {
      return year;
    }
    // before, on the same line: "2026 (expected) Ph.D. in ..."
    int lineStart = text.lastIndexOf('\n', degree.start() - 1) + 1;
    return yearIn(text.substring(Math.max(lineStart, prevDegreeEnd), degree.start()));
  }

  private Integer yearIn(String window) {
    String w = OPEN_RANGE.matcher(window).replaceAll(" "); // "2021 - Present" says nothing of the end
    int maxYear = YearMonth.now(clock).getYear() + 8;
    Integer cued = null;
    Integer latest = null;
    Matcher y = YEAR.matcher(w);
    while (y.find()) {
      int year = Integer.parseInt(y.group(1));
      if (year < 1950 || year > maxYear) {
        continue;
      }
      String around = w.substring(Math.max(0, y.start() - 25), Math.min(w.length(), y.end() + 15));
      if (cued == null && GRADUATION_CUE.matcher(around).find()) {
        cued = year;
      }
      latest = latest == null ? year : Math.max(latest, year);
    }
    return cued != null ? cued : latest;
  }
}
