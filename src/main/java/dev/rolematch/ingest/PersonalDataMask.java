package dev.rolematch.ingest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blind mode's masking: replaces what identifies a candidate, or reveals gender, age, family
 * status or origin, with neutral placeholders, so that what is embedded and searched is the
 * skills and experience only. Placeholders keep the sentence structure ("[gender] led a team of
 * five") so that the text still reads as a sentence to the embedding model.
 *
 * <table>
 *   <caption>What is masked</caption>
 *   <tr><td>{@value #NAME}</td><td>the name line (the first line of a resume when it reads as a name, or its first
 *       segment before "|", "·", "—", ","), "Name: ..." values, and the same name (full, surname, or a given
 *       name, with initials: "A. Silva") anywhere else in the text</td></tr>
 *   <tr><td>{@value #EMAIL}</td><td>e-mail addresses, also spelled out ("jane [at] example [dot] com",
 *       "jane(at)example.com", "jane at example dot com")</td></tr>
 *   <tr><td>{@value #PHONE}</td><td>international numbers (+1 (555) 123-4567, +44 20 7946 0958, +81 3-1234-5678),
 *       national numbers with a trunk 0 (0176 1234567, 020 7946 0958), North American (555) 123-4567 /
 *       555-123-4567, and anything after "Phone:", "Tel:", "Mobile:"</td></tr>
 *   <tr><td>{@value #ADDRESS}</td><td>street addresses (221B Baker Street, 12 Main St., Hauptstraße 5, 10 rue de la
 *       Paix, Calle Mayor 12), "Address:" values, US ZIP and UK/Canadian postcodes, and "12345 City" in the
 *       header lines. A city alone ("Zurich, Switzerland") is kept: it is what --location filters on</td></tr>
 *   <tr><td>{@value #URL}</td><td>http(s):// and www. addresses, profile links (linkedin.com/in/..., github.com/...,
 *       *.github.io, gitlab, twitter/x, orcid, ...), and bare domains (jane.dev) in the header lines</td></tr>
 *   <tr><td>{@value #AGE}</td><td>"DOB:", "Date of birth:", "Born:", "Age:" values, "born 1990", "aged 34",
 *       "34 years old"</td></tr>
 *   <tr><td>{@value #GENDER}</td><td>he/she/him/her/his/hers/himself/herself, Mr/Mrs/Ms/Miss/Mx, male/female,
 *       man/woman (and plurals), mother/father, wife/husband, boy/girl, "Gender:", "Sex:", "Pronouns:"
 *       values</td></tr>
 *   <tr><td>{@value #MARITAL}</td><td>married, divorced, widowed, "Marital status:" values, "2 children"</td></tr>
 *   <tr><td>{@value #NATIONALITY}</td><td>"Nationality:", "Citizenship:", "Place of birth:" values, "born in
 *       Lagos"</td></tr>
 *   <tr><td>{@value #PHOTO}</td><td>"Photo:" lines, "[photo]" markers, Markdown images</td></tr>
 * </table>
 *
 * <p>Kept on purpose: skills and tools (Java, Go, R, C#, Spring, ...), dates of jobs and studies
 * ("May 2021 – present", "2019 - 2023"), years of experience, degrees, universities, companies,
 * languages spoken, and the city. Words are matched whole ("he" in "the" is untouched), names
 * case-sensitively as written. A given name that is also a technology (Julia, Ruby, Rust, ...) is
 * masked on the name line only.
 *
 * <p>Masking is idempotent: masking masked text changes nothing. It is a best effort over free
 * text, not a guarantee: a name written in an unusual place and form (a co-author list in
 * lower case, say) can survive; ids and file paths are not masked (give neutral file names or
 * {@code --id}).
 */
public final class PersonalDataMask {

  private PersonalDataMask() {}

  public static final String NAME = "[name]";
  public static final String EMAIL = "[email]";
  public static final String PHONE = "[phone]";
  public static final String ADDRESS = "[address]";
  public static final String URL = "[url]";
  public static final String AGE = "[age]";
  public static final String GENDER = "[gender]";
  public static final String MARITAL = "[marital status]";
  public static final String NATIONALITY = "[nationality]";
  public static final String PHOTO = "[photo]";

  /** The masked text and the name found on the name line or after "Name:" (its words, as written). */
  public record Masked(String text, List<String> names) {}

  /** Masks {@code text}; see the class comment for what is masked. Never throws for non-null text. */
  public static String mask(String text) {
    return apply(text).text();
  }

  /** As {@link #mask}, also returning the name's words (to check ids and file names against). */
  public static Masked apply(String text) {
    if (text == null || text.isEmpty()) {
      return new Masked(text == null ? "" : text, List.of());
    }
    Set<String> names = new LinkedHashSet<>();
    String t = text;
    t = replace(PHOTO_LINE, t, m -> m.group(1) + PHOTO);
    t = replace(PHOTO_MARK, t, m -> PHOTO);
    t = replace(PersonalNames.NAME_LABEL, t, m -> {
      names.addAll(PersonalNames.nameWords(m.group(2)));
      return m.group(1) + NAME;
    });
    t = PersonalNames.maskNameLine(t, names);
    // E-mails and links before the name elsewhere: "ji-woo.nowak@..." is one address, not a name in it.
    t = replace(EMAIL_PLAIN, t, m -> EMAIL);
    t = replace(EMAIL_SPELLED, t, m -> EMAIL);
    t = replace(LABEL_EMAIL, t, m -> m.group(1) + EMAIL);
    t = replace(URL_SCHEME, t, m -> URL + m.group(1));
    t = replace(URL_PROFILE, t, m -> URL + m.group(1));
    t = maskHeader(t, HEADER_DOMAIN, URL);
    t = PersonalNames.maskNameElsewhere(t, names);
    t = replace(LABEL_PHONE, t, m -> digits(m.group()) >= 6 ? m.group(1) + PHONE : m.group());
    t = replace(PHONE_INTERNATIONAL, t, m -> digits(m.group()) >= 7 && digits(m.group()) <= 15 ? PHONE : m.group());
    t = replace(PHONE_NATIONAL, t, m -> {
      int d = digits(m.group());
      return d >= 8 && d <= 12 && !DATE.matcher(m.group()).matches() ? PHONE : m.group();
    });
    t = replace(PHONE_NANP, t, m -> PHONE);
    t = replace(LABEL_ADDRESS, t, m -> m.group(1) + ADDRESS);
    t = replace(STREET_NUMBER_FIRST, t, m -> ADDRESS);
    t = replace(STREET_NUMBER_LAST, t, m -> ADDRESS);
    t = replace(STREET_FRENCH, t, m -> ADDRESS);
    t = replace(ZIP_US, t, m -> ADDRESS);
    t = replace(POSTCODE_UK_CA, t, m -> ADDRESS);
    t = maskHeader(t, POSTCODE_CITY, ADDRESS);
    t = replace(LABEL_AGE, t, m -> m.group(1) + AGE);
    t = replace(AGE_PHRASE, t, m -> AGE);
    t = replace(LABEL_NATIONALITY, t, m -> m.group(1) + NATIONALITY);
    t = replace(BORN_IN, t, m -> m.group(1) + NATIONALITY);
    t = replace(LABEL_MARITAL, t, m -> m.group(1) + MARITAL);
    t = replace(MARITAL_WORDS, t, m -> MARITAL);
    t = replace(LABEL_GENDER, t, m -> m.group(1) + GENDER);
    t = replace(HONORIFIC, t, m -> GENDER);
    t = replace(GENDER_WORDS, t, m -> GENDER);
    t = PersonalNames.COLLAPSE_NAMES.matcher(t).replaceAll("");
    return new Masked(t, List.copyOf(names));
  }

  // ---- the name ----

  /** Words between two placeholder-free letters: start and end of a word, Unicode-aware. */
  static final String B = "(?<![\\p{L}\\p{N}_])";
  static final String E = "(?![\\p{L}\\p{N}_])";

  // ---- e-mail ----

  private static final String LOCAL = "[\\p{L}\\p{N}\\p{M}._%+'’-]+";
  private static final String DOMAIN_PART = "[\\p{L}\\p{N}\\p{M}_-]+";

  /** Not inside a run of local-part characters: each run is tried once (linear on long runs). */
  private static final String LOCAL_START = "(?<![\\p{L}\\p{N}\\p{M}._%+'’-])";

  private static final Pattern EMAIL_PLAIN = Pattern.compile(
      "(?:mailto:)?" + LOCAL_START + LOCAL + "[ \\t]?[@＠][ \\t]?" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + "){1,8}");

  private static final String BRACKET_AT = "[ \\t]*(?:\\[[ \\t]*at[ \\t]*\\]|\\([ \\t]*at[ \\t]*\\)|\\{[ \\t]*at[ \\t]*\\}|<[ \\t]*at[ \\t]*>)[ \\t]*";
  private static final String BRACKET_DOT = "[ \\t]*(?:\\[[ \\t]*dot[ \\t]*\\]|\\([ \\t]*dot[ \\t]*\\)|\\{[ \\t]*dot[ \\t]*\\}|<[ \\t]*dot[ \\t]*>)[ \\t]*";
  private static final String WORD_DOT = "[ \\t]+dot[ \\t]+";

  /**
   * Spelled-out addresses: "[at]"/"(at)" with "." or "[dot]"; or " at " with a spelled " dot " (a plain
   * "." would take "intern at Booking.com").
   */
  private static final Pattern EMAIL_SPELLED = Pattern.compile(
      "(?i:" + LOCAL_START + LOCAL + BRACKET_AT + DOMAIN_PART + "(?:(?:" + BRACKET_DOT + "|" + WORD_DOT + "|\\.)" + DOMAIN_PART + "){1,8}" + E
          + "|" + LOCAL_START + LOCAL + "[ \\t]+at[ \\t]+" + DOMAIN_PART + "(?:(?:" + BRACKET_DOT + "|" + WORD_DOT + ")" + DOMAIN_PART
          + "){1,8}" + E + ")");

  private static final Pattern LABEL_EMAIL = Pattern.compile(
      "(?im)(" + B + "(?:e-?mail|mail)[ \\t]*:[ \\t]*+)(?!\\[email\\])[^\\n|·•;,]*[^\\s|·•;,]");

  // ---- phone ----

  /** "Phone: ...", "Tel.: ...", "Mobile ..." (without a colon only after phone, tel. and mobile). */
  private static final Pattern LABEL_PHONE = Pattern.compile(
      "(?i)(" + B + "(?:(?:phone|tel|telephone|mobile|mob|cell|cellphone|handy|whatsapp)\\.?(?:[ \\t]*(?:no\\.?|number))?"
          + "[ \\t]*:|(?:phone|tel\\.|mobile))[ \\t]*)"
          + "(?=[+(\\d])[+(]?\\d[\\d ().\\-/]{4,}\\d(?!\\d)");

  private static final Pattern PHONE_INTERNATIONAL = Pattern.compile(
      "(?<![\\p{L}\\p{N}+])\\+\\d{1,3}+(?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d{1,8}+)){1,7}(?!\\p{N})");

  private static final Pattern PHONE_NATIONAL = Pattern.compile(
      "(?<![\\p{L}\\p{N}.,/+\\-])(?:\\(0\\d{1,4}\\)|0\\d{1,4}+)(?:[ .\\-/]?\\d{2,8}+){1,4}(?![\\p{N}])");

  private static final Pattern DATE = Pattern.compile("\\d{1,2}[./\\-]\\d{1,2}[./\\-]\\d{2,4}|\\d{4}[./\\-]\\d{1,2}[./\\-]\\d{1,2}");

  private static final Pattern PHONE_NANP = Pattern.compile(
      "(?<![\\p{L}\\p{N}+\\-.])(?:\\(\\d{3}\\)[ .\\-]?|\\d{3}[ .\\-])\\d{3}[ .\\-]\\d{4}(?![\\p{N}])");

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  // ---- web ----

  private static final String URL_TAIL = "[^\\s<>()\\[\\]|,;\"'·•]*?";
  /** The character after a URL that is not part of it: trailing full stops etc. stay outside. */
  private static final String URL_END = "([.!?:]*)(?=$|[\\s<>()\\[\\]|,;\"'·•])";

  private static final Pattern URL_SCHEME = Pattern.compile(
      "(?i)" + B + "(?:https?://|www\\.)[^\\s<>()\\[\\]|,;\"'·•]+?" + URL_END);

  private static final Pattern URL_PROFILE = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}.@/_-])(?:[\\p{L}\\p{N}_-]+\\.github\\.io|[\\p{L}\\p{N}_-]+\\.gitlab\\.io"
          + "|(?:[\\p{L}\\p{N}-]+\\.)?(?:linkedin\\.com|github\\.com|gitlab\\.com|bitbucket\\.org|twitter\\.com|x\\.com"
          + "|medium\\.com|kaggle\\.com|behance\\.net|dribbble\\.com|stackoverflow\\.com|orcid\\.org|scholar\\.google\\.com"
          + "|huggingface\\.co|researchgate\\.net|about\\.me|instagram\\.com|facebook\\.com)/[^\\s<>()\\[\\]|,;\"'·•]+?)"
          + "(?:/" + URL_TAIL + ")?" + URL_END);

  /** A bare lower-case domain ("jane.dev", "janedoe.com/work"), looked for in the header lines only. */
  private static final Pattern HEADER_DOMAIN = Pattern.compile(
      "(?<![\\p{L}\\p{N}@._/-])(?!(?:asp|ado|vb)\\.net)[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+){0,8}\\.(?:com|org|net|io|dev|me|app|co|info"
          + "|site|page|xyz|tech|ai|blog|name|de|uk|fr|nl|ch|se|ca|eu|es|it|pt|pl|in|jp|cn|br)(?:/[^\\s|·•,;]*)?(?![\\p{L}\\p{N}])");

  private static final int HEADER_LINES = 6;

  /** Applies {@code p} to the first {@value #HEADER_LINES} non-empty lines only. */
  private static String maskHeader(String t, Pattern p, String placeholder) {
    int seen = 0;
    int pos = 0;
    StringBuilder out = new StringBuilder(t.length());
    while (pos < t.length()) {
      int end = t.indexOf('\n', pos);
      if (end < 0) {
        end = t.length();
      }
      String line = t.substring(pos, end);
      if (!line.isBlank() && seen++ < HEADER_LINES) {
        line = p.matcher(line).replaceAll(Matcher.quoteReplacement(placeholder));
      }
      out.append(line);
      if (end < t.length()) {
        out.append('\n');
      }
      pos = end + 1;
    }
    return out.toString();
  }

  // ---- address ----

  private static final String LABEL_VALUE = "(?!\\[)[^\\n|·•;]*[^\\s|·•;]";

  private static final Pattern LABEL_ADDRESS = Pattern.compile(
      "(?im)(^[ \\t]*(?:[-*•][ \\t]+)?(?:home[ \\t]+|postal[ \\t]+|mailing[ \\t]+|street[ \\t]+)?(?:address|adresse|anschrift)"
          + "[ \\t]*:[ \\t]*+)" + LABEL_VALUE);

  private static final String STREET_WORD = "(?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.|Drive"
      + "|Court|Place|Way|Terrace|Crescent|Square|Highway|Hwy\\.?|Parkway|Pkwy\\.?|Circle|Row|Walk|Gardens|Close|Mews)";

  /** "221B Baker Street", "12 Main St., Apt 4B". */
  private static final Pattern STREET_NUMBER_FIRST = Pattern.compile(
      B + "\\d{1,5}[A-Za-z]?(?:[ \\t]+\\p{Lu}[\\p{L}\\p{M}.'’-]*){1,4}?[ \\t]+" + STREET_WORD + "(?![\\p{L}\\p{N}])"
          + "(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?"
          + "(?:,?[ \\t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|#)\\.?[ \\t]*#?[\\p{L}\\p{N}-]+)?");

  /** "Hauptstraße 5", "Kalverstraat 12a", "ul. Długa 3", "Via Roma 10", "Calle Mayor 12". */
  private static final Pattern STREET_NUMBER_LAST = Pattern.compile(
      "(?:" + B + "[\\p{L}\\p{M}-]{0,40}(?i:straße|strasse|str\\.|weg|gasse|allee|platz|damm|laan|straat|gracht|plein|gatan"
          + "|vägen|gade|vej|veien|gata)|" + B + "(?:ul\\.|Via|Viale|Corso|Piazza|Calle|Carrer|Avenida|Av\\.|Rua|Plaza|Paseo)"
          + "(?:[ \\t]+[\\p{L}\\p{M}.'’-]+){1,4}?)[ \\t]+\\d{1,4}[a-zA-Z]?(?:[ \\t]?[-/][ \\t]?\\d{1,4})?(?![\\p{L}\\p{N}])");

  /** "10 rue de la Paix", "5 bis, avenue Foch". */
  private static final Pattern STREET_FRENCH = Pattern.compile(
      B + "\\d{1,4}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|cours)"
          + "(?:[ \\t]+(?:de|du|des|la|le|l'|d'|\\p{Lu}[\\p{L}\\p{M}'’-]*)){1,5}");

  /** "Seattle, WA 98101". */
  private static final Pattern ZIP_US = Pattern.compile(
      B + "\\p{Lu}[\\p{L}.'’-]+(?:[ \\t]\\p{Lu}[\\p{L}.'’-]+){0,2},[ \\t]?[A-Z]{2}[ \\t]\\d{5}(?:-\\d{4})?" + E);

  /** "SW1A 1AA", "M5V 2T6". */
  private static final Pattern POSTCODE_UK_CA = Pattern.compile(
      "(?<![\\p{L}\\p{N}])(?:[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]?\\d[A-Z]\\d)(?![\\p{L}\\p{N}])");

  /** "10115 Berlin", "D-80331 München", "8001 Zürich", "1200-195 Lisboa": in the header lines only (not "2021 Google"). */
  private static final Pattern POSTCODE_CITY = Pattern.compile(
      "(?<![\\p{L}\\p{N}.,])(?:[A-Z]{1,2}-)?(?!(?:19|20)\\d\\d[ \\t])(?:\\d{4}-\\d{3}|\\d{2}-\\d{3}|\\d{4,5})[ \\t]+\\p{Lu}\\p{Ll}[\\p{Ll}\\p{M}-]*"
          + "(?:[ \\t]\\p{Lu}\\p{Ll}[\\p{Ll}\\p{M}-]*)?(?![\\p{L}\\p{N}])");

  // ---- age ----

  private static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
      + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

  private static final Pattern LABEL_AGE = Pattern.compile(
      "(?im)(" + B + "(?:d\\.?o\\.?b\\.?|date[ \\t]+of[ \\t]+birth|birth[ \\t]?date|birthday|born|age|geburtsdatum)[ \\t]*:[ \\t]*+)"
          + LABEL_VALUE);

  private static final Pattern AGE_PHRASE = Pattern.compile(
      "(?i)" + B + "(?:born[ \\t]+(?:(?:on|in)[ \\t]+)?(?:\\d{1,2}(?:st|nd|rd|th)?[ \\t]+(?:of[ \\t]+)?)?(?:" + MONTH
          + "[ \\t]+)?(?:\\d{1,2}(?:st|nd|rd|th)?,?[ \\t]+)?(?:19|20)\\d{2}"
          + "|aged?[ \\t]+\\d{1,2}|\\d{1,2}[ \\t-]?(?:years?|yrs?)[ \\t-]old|\\d{1,2}[ \\t]?y/o)" + E);

  // ---- nationality, family, gender ----

  private static final Pattern LABEL_NATIONALITY = Pattern.compile(
      "(?im)(" + B + "(?:nationality|nationalities|citizenship|citizen[ \\t]+of|place[ \\t]+of[ \\t]+birth"
          + "|country[ \\t]+of[ \\t]+(?:birth|origin)|ethnicity|race|religion)[ \\t]*:[ \\t]*+)" + LABEL_VALUE);

  private static final Pattern BORN_IN = Pattern.compile(
      "(?i:(" + B + "born(?:[ \\t]+and[ \\t]+raised)?[ \\t]+in[ \\t]+))(?!\\[)(?!(?:19|20)\\d\\d)"
          + "\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:,?[ \\t]+\\p{Lu}[\\p{L}\\p{M}.'’-]*){0,3}");

  private static final Pattern LABEL_MARITAL = Pattern.compile(
      "(?im)(" + B + "(?:marital|family|civil)[ \\t]+status[ \\t]*:[ \\t]*+)" + LABEL_VALUE);

  private static final Pattern MARITAL_WORDS = Pattern.compile(
      "(?i)" + B + "(?:married|unmarried|divorced|widowed|widow|widower|(?:\\d|one|two|three|four|five)[ \\t]+"
          + "(?:children|kids|sons|daughters))" + E);

  private static final Pattern LABEL_GENDER = Pattern.compile(
      "(?im)(" + B + "(?:gender|sex|pronouns)[ \\t]*:[ \\t]*+)" + LABEL_VALUE);

  private static final Pattern HONORIFIC = Pattern.compile(
      B + "(?:Mr|Mrs|Ms|Mx|Miss|Mme|Mlle|Herr|Frau|Señor|Señora)(?:\\.|" + E + ")");

  private static final Pattern GENDER_WORDS = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}_\\-])(?:he|she|him|her|his|hers|himself|herself|male|female|males|females|man|woman|men"
          + "|women|boy|girl|boys|girls|mother|father|wife|husband|gentleman|gentlemen|lady|ladies|mom|dad)"
          + "(?![\\p{L}\\p{N}_\\-])");

  // ---- photo ----

  private static final Pattern PHOTO_LINE = Pattern.compile(
      "(?im)^([ \\t]*(?:[-*•][ \\t]+)?)(?:photo|picture|headshot|portrait|profile[ \\t]+(?:photo|picture))[ \\t]*:[^\\n]*");

  private static final Pattern PHOTO_MARK = Pattern.compile(
      "(?i)!\\[[^\\]\\n]*\\]\\([^)\\n]*\\)|\\[(?:photo|picture|headshot|image|portrait)(?:[ \\t:][^\\]\\n]*)?\\](?!\\()");

  // ---- helpers ----
  // Group repetitions are bounded ({1,8}, {0,6}): java.util.regex recurses once per repetition of a
  // group, and an unbounded one overflows the stack on a long run ("a.a.a.…" over 500k characters).

  static String replace(Pattern p, String t, Function<Matcher, String> with) {
    Matcher m = p.matcher(t);
    if (!m.find()) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }
}
