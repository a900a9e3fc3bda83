package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candidate's name for {@link PersonalDataMask}: found on a "Name:" line or as the resume's
 * name line (the first short line of capitalised words that is not a heading, a job title or a
 * technology), then masked there and wherever its words appear again.
 */
final class PersonalNames {
  private PersonalNames() {}

  static final Pattern NAME_LABEL = Pattern.compile(
      "(?im)^([ \\t]*(?:[-*•][ \\t]+)?(?:full[ \\t]+name|candidate(?:[ \\t]+name)?|name)[ \\t]*:[ \\t]*+)"
          + "(?!\\[name\\])([^\\n|·•;]*[^\\s|·•;])");

  /** "Resume of", "CV –", "Curriculum Vitae:" before a name. */
  private static final Pattern CV_PREFIX = Pattern.compile(
      "^(?i:(?:resume|résumé|cv|curriculum[ \\t]+vitae)(?:[ \\t]+of[ \\t]+|[ \\t]*[-–—:|][ \\t]*))");

  private static final Pattern SEGMENT_SPLIT = Pattern.compile("[|·•,✉☎]|[ \\t][–—-][ \\t]|[ \\t]{2,}|[–—]");

  private static final Pattern NAME_WORD = Pattern.compile("\\p{Lu}[\\p{L}\\p{M}'’.-]*");
  private static final Set<String> PARTICLES = Set.of(
      "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
      "ten", "bin", "binti", "bint", "al", "el", "ben", "y", "e", "af", "zu", "st.");
  private static final Set<String> TITLES = Set.of(
      "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "miss", "sir", "dame");

  /** Words that make a first line a heading or a job title, not a name. */
  private static final Set<String> NOT_NAME = Set.of(
      "resume", "résumé", "cv", "curriculum", "vitae", "summary", "profile", "objective", "experience",
      "education", "skills", "contact", "about", "me", "engineer", "developer", "scientist", "researcher",
      "manager", "analyst", "designer", "consultant", "intern", "student", "candidate", "senior", "junior",
      "lead", "principal", "staff", "software", "data", "machine", "learning", "research", "full", "stack",
      "backend", "frontend", "product", "marketing", "coordinator", "specialist", "architect", "director",
      "head", "officer", "assistant", "professional", "personal", "information", "details", "page", "confidential",
      "phd", "msc", "bsc", "mba", "university", "college", "inc", "ltd", "gmbh", "llc", "ai", "ml", "nlp");

  /** Given names that are also technologies: masked on the name line, not elsewhere. */
  private static final Set<String> TECH_WORDS = Set.of(
      "julia", "ruby", "rust", "swift", "go", "scala", "dart", "elixir", "crystal", "spring", "pascal", "ada",
      "kotlin", "java", "python", "perl", "flask", "django", "rails", "april", "may", "june", "august", "will");

  /** The words of a name as written, without titles and particles; empty when it does not read as a name. */
  static List<String> nameWords(String candidate) {
    String s = candidate.strip().replaceFirst("^#{1,6}[ \\t]*", "").replace("**", "").replace("__", "").strip();
    String[] words = s.split("[ \\t]+");
    List<String> out = new ArrayList<>();
    int counted = 0;
    for (String w : words) {
      String lw = w.toLowerCase(Locale.ROOT);
      if (w.isEmpty()) {
        continue;
      }
      if (TITLES.contains(lw) || PARTICLES.contains(lw)) {
        counted++;
        continue;
      }
      if (!NAME_WORD.matcher(w).matches() || NOT_NAME.contains(lw.replaceAll("[.'’]", ""))) {
        return List.of();
      }
      counted++;
      if (w.replace(".", "").length() >= 2) {
        out.add(w);
      }
    }
    return counted >= 1 && counted <= 6 && !out.isEmpty() ? out : List.of();
  }

  /** A first line that is only a heading ("RESUME", "Curriculum Vitae") or a placeholder: the name may follow. */
  private static final Pattern SKIP_LINE = Pattern.compile(
      "(?i)(?:#{1,6}[ \\t]*)?(?:resume|résumé|cv|curriculum[ \\t]+vitae|\\[(?:photo|url|email|phone|address)\\])");

  /** The first non-empty line (or its first segment), when it reads as a name. */
  static String maskNameLine(String t, Set<String> names) {
    int start = 0;
    while (start < t.length()) {
      int end = t.indexOf('\n', start);
      if (end < 0) {
        end = t.length();
      }
      String line = t.substring(start, end);
      if (!line.isBlank()) {
        String body = line.strip();
        int lead = line.indexOf(body);
        String markup = "";
        Matcher h = Pattern.compile("^(?:#{1,6}[ \\t]*|\\*\\*|__)").matcher(body);
        if (h.find()) {
          markup = h.group();
        }
        String rest = body.substring(markup.length());
        Matcher pre = CV_PREFIX.matcher(rest);
        String prefix = pre.find() ? pre.group() : "";
        rest = rest.substring(prefix.length());
        Matcher split = SEGMENT_SPLIT.matcher(rest);
        int segEnd = split.find() ? split.start() : rest.length();
        String segment = rest.substring(0, segEnd);
        if (SKIP_LINE.matcher(body).matches()) {
          start = end + 1;
          continue;
        }
        List<String> words = segment.contains("[") ? List.of() : nameWords(segment);
        if (words.size() == 1 && segment.strip().split("[ \\t]+").length < 2) {
          words = List.of(); // one word on a first line is a heading more often than a name
        }
        if (!words.isEmpty()) {
          names.addAll(words);
          String trailing = segment.substring(segment.stripTrailing().length());
          String masked = line.substring(0, lead) + markup + prefix + PersonalDataMask.NAME + trailing + rest.substring(segEnd);
          return t.substring(0, start) + masked + t.substring(end);
        }
        return t;
      }
      start = end + 1;
    }
    return t;
  }

  /** The name's words elsewhere: the full name, the surname(s), each word, with initials before them. */
  static String maskNameElsewhere(String t, Set<String> names) {
    if (names.isEmpty()) {
      return t;
    }
    List<String> forms = new ArrayList<>();
    List<String> words = new ArrayList<>(names);
    for (String w : words) {
      for (String form : List.of(w, titleCase(w))) {
        for (String part : form.split("-")) {
          if (part.length() >= 2 && !TECH_WORDS.contains(part.toLowerCase(Locale.ROOT)) && !forms.contains(part)) {
            forms.add(part);
          }
        }
        if (form.contains("-") && !forms.contains(form)) {
          forms.add(form);
        }
      }
    }
    if (forms.isEmpty()) {
      return t;
    }
    forms.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alt = new StringBuilder();
    for (String f : forms) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(f));
    }
    String particle = "(?:(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|ten|bin|al|el|El|Al|Van|Von"
        + "|De|Da|Di|Du|Le|La)[ \\t]+)";
    Pattern p = Pattern.compile(PersonalDataMask.B + "(?:(?:\\p{Lu}\\.[ \\t]?-?){1,3}[ \\t]?)?" + particle + "?(?:" + alt + ")"
        + "(?:[ \\t]+" + particle + "?(?:" + alt + ")){0,6}" + PersonalDataMask.E + "(?:['’]s)?");
    return PersonalDataMask.replace(p, t, m -> PersonalDataMask.NAME + (m.group().endsWith("s") && m.group().matches(".*['’]s") ? "'s" : ""));
  }

  private static String titleCase(String w) {
    StringBuilder sb = new StringBuilder(w.length());
    boolean start = true;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = c == '-' || c == '\'' || c == '’';
    }
    return sb.toString();
  }

  /** "[name] " before another "[name]": removed, so that a run becomes one (no group loop: linear on any input). */
  static final Pattern COLLAPSE_NAMES = Pattern.compile("\\[name\\][ \\t]+(?=\\[name\\])");
}
