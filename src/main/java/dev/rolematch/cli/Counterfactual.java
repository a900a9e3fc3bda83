package dev.rolematch.cli;

import dev.rolematch.ingest.PersonalDataMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resume's counterfactual copy for {@code eval fairness}: the same text with the given name
 * swapped for one of the other perceived gender and another perceived origin, and the pronouns and
 * gendered words swapped with it (she ↔ he, her ↔ his/him, Ms ↔ Mr, woman ↔ man, ...). Nothing
 * else changes, so any score difference between the two is caused by name and gender alone.
 *
 * <p>First names by perceived gender and origin. White and African-American: the lists of Bertrand
 * and Mullainathan, "Are Emily and Greg More Employable than Lakisha and Jamal?", American Economic
 * Review 94(4), 2004 (names picked from Massachusetts birth-certificate statistics as distinctive of
 * each group; their gender split is also that of the US Social Security Administration's national
 * baby-name statistics). Hispanic, South Asian and East Asian: common given names, chosen by hand as
 * illustrations (not from a statistic).
 */
final class Counterfactual {
  private Counterfactual() {}

  enum Gender { FEMALE, MALE }

  record Group(String origin, Gender gender, List<String> names) {}

  static final List<Group> GROUPS = List.of(
      new Group("white", Gender.FEMALE, List.of("Emily", "Anne", "Jill", "Allison", "Laurie", "Sarah", "Meredith")),
      new Group("white", Gender.MALE, List.of("Greg", "Brendan", "Todd", "Geoffrey", "Brett", "Matthew", "Neil")),
      new Group("African-American", Gender.FEMALE, List.of("Lakisha", "Tamika", "Aisha", "Keisha", "Tanisha", "Latoya",
          "Ebony")),
      new Group("African-American", Gender.MALE, List.of("Jamal", "Darnell", "Tremayne", "Kareem", "Rasheed", "Tyrone",
          "Hakim")),
      new Group("Hispanic", Gender.FEMALE, List.of("María", "Lucía", "Guadalupe", "Carmen")),
      new Group("Hispanic", Gender.MALE, List.of("José", "Alejandro", "Juan", "Luis")),
      new Group("South Asian", Gender.FEMALE, List.of("Priya", "Ananya", "Lakshmi", "Deepika")),
      new Group("South Asian", Gender.MALE, List.of("Rahul", "Arjun", "Sanjay", "Vikram")),
      new Group("East Asian", Gender.FEMALE, List.of("Mei", "Yuki", "Ji-woo", "Xiu")),
      new Group("East Asian", Gender.MALE, List.of("Wei", "Hiroshi", "Min-jun", "Jun")));

  /** The copy and what was swapped. */
  record Copy(String text, String fromName, String toName, Gender fromGender, Gender toGender) {}

  /**
   * The counterfactual of {@code text}; {@code salt} (the id) picks the new name, so a run is
   * repeatable. Null when the text has no recognisable name line.
   */
  static Copy of(String text, String salt) {
    List<String> names = PersonalDataMask.apply(text).names();
    if (names.isEmpty()) {
      return null;
    }
    String first = names.get(0);
    String surname = names.size() > 1 ? names.get(names.size() - 1) : null;
    Gender gender = genderOf(first, text);
    Group own = groupOf(first);
    List<Group> candidates = new ArrayList<>();
    for (Group g : GROUPS) {
      if (g.gender() != gender && (own == null || !g.origin().equals(own.origin()))) {
        candidates.add(g);
      }
    }
    int h = Math.floorMod(salt.hashCode(), 1 << 20);
    Group to = candidates.get(h % candidates.size());
    String name = to.names().get((h / candidates.size()) % to.names().size());
    String out = text;
    if (surname != null) { // initials first: "A. Silva" -> "L. Silva"
      out = out.replaceAll(Pattern.quote(initials(first)) + "(?=[ \\t]*" + Pattern.quote(titleCase(surname)) + ")",
          Matcher.quoteReplacement(initials(name)));
    }
    out = replaceWord(out, first, name);
    out = swapGenderWords(out, gender);
    return new Copy(out, first, name, gender, to.gender());
  }

  /** The listed group of a name, or of its first part ("Mei-Lin": "Mei"); null when not listed. */
  static Group groupOf(String name) {
    for (String candidate : List.of(name, name.split("-")[0])) {
      for (Group g : GROUPS) {
        for (String n : g.names()) {
          if (n.equalsIgnoreCase(candidate)) {
            return g;
          }
        }
      }
    }
    return null;
  }

  private static final Pattern FEMININE = Pattern.compile("(?i:\\b(?:she|her|hers|herself)\\b)|\\bMr?s\\b");
  private static final Pattern MASCULINE = Pattern.compile("(?i:\\b(?:he|him|his|himself)\\b)|\\bMr\\b");

  /** The listed group's gender, else the text's pronouns, else a coin from the name (documented: a guess). */
  static Gender genderOf(String first, String text) {
    Group g = groupOf(first);
    if (g != null) {
      return g.gender();
    }
    long f = FEMININE.matcher(text).results().count();
    long m = MASCULINE.matcher(text).results().count();
    if (f != m) {
      return f > m ? Gender.FEMALE : Gender.MALE;
    }
    String lower = first.toLowerCase(Locale.ROOT);
    return lower.endsWith("a") || lower.endsWith("e") || lower.endsWith("i") ? Gender.FEMALE : Gender.MALE;
  }

  private static final Map<String, String> TO_MALE = Map.ofEntries(
      Map.entry("she", "he"), Map.entry("hers", "his"), Map.entry("herself", "himself"), Map.entry("woman", "man"),
      Map.entry("women", "men"), Map.entry("female", "male"), Map.entry("females", "males"), Map.entry("ms", "mr"),
      Map.entry("mrs", "mr"), Map.entry("mother", "father"), Map.entry("wife", "husband"), Map.entry("girl", "boy"),
      Map.entry("girls", "boys"), Map.entry("lady", "gentleman"), Map.entry("ladies", "gentlemen"));
  private static final Map<String, String> TO_FEMALE = Map.ofEntries(
      Map.entry("he", "she"), Map.entry("him", "her"), Map.entry("his", "her"), Map.entry("himself", "herself"),
      Map.entry("man", "woman"), Map.entry("men", "women"), Map.entry("male", "female"), Map.entry("males", "females"),
      Map.entry("mr", "ms"), Map.entry("father", "mother"), Map.entry("husband", "wife"), Map.entry("boy", "girl"),
      Map.entry("boys", "girls"), Map.entry("gentleman", "lady"), Map.entry("gentlemen", "ladies"));

  private static final java.util.Set<String> HONORIFICS = java.util.Set.of("ms", "mrs", "mr");

  private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}_-])\\p{L}+(?![\\p{L}\\p{N}_-])");

  static String swapGenderWords(String text, Gender from) {
    Map<String, String> map = from == Gender.FEMALE ? TO_MALE : TO_FEMALE;
    Matcher m = WORD.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      String w = m.group();
      String lower = w.toLowerCase(Locale.ROOT);
      String to = map.get(lower);
      if (to != null && HONORIFICS.contains(lower) && !w.equals(titleCase(w))) {
        to = null; // "Ms" and "Mr" as written; not "ms" (milliseconds) or "MS" (the degree)
      }
      if (to == null && from == Gender.FEMALE && lower.equals("her")) {
        // "her code" -> "his code"; "thanked her." -> "thanked him."
        int next = m.end();
        while (next < text.length() && text.charAt(next) == ' ') {
          next++;
        }
        to = next < text.length() && Character.isLetter(text.charAt(next)) ? "his" : "him";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(to == null ? w : matchCase(w, to)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Replaces a word, whole and case-insensitively, keeping its case (ANA -> LAKISHA, ana -> lakisha). */
  static String replaceWord(String text, String word, String with) {
    Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(matchCase(m.group(), with)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String matchCase(String like, String word) {
    if (like.length() > 1 && like.equals(like.toUpperCase(Locale.ROOT))) {
      return word.toUpperCase(Locale.ROOT);
    }
    if (like.equals(like.toLowerCase(Locale.ROOT))) {
      return word.toLowerCase(Locale.ROOT);
    }
    if (Character.isUpperCase(like.charAt(0))) {
      return word.length() > 1 && like.length() > 1 && like.substring(1).equals(like.substring(1).toUpperCase(Locale.ROOT))
          ? word.toUpperCase(Locale.ROOT) : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
    return word;
  }

  /** "Mei-Lin" -> "M.-L.", "Ana" -> "A.". */
  static String initials(String name) {
    StringBuilder sb = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : "-").append(Character.toUpperCase(part.charAt(0))).append('.');
      }
    }
    return sb.toString();
  }

  private static String titleCase(String w) {
    return w.isEmpty() ? w : w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT);
  }
}
