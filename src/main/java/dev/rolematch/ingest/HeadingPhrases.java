package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The vocabulary of posting section headings ({@link Headings} finds them): what employers call
 * duties, must-haves, nice-to-haves, topics, boilerplate and description sections, in English,
 * German and French, and the one case-insensitive pattern that finds any of them.
 */
final class HeadingPhrases {
  private HeadingPhrases() {}

  /** @param distinctive long enough to be a heading even inline without a colon */
  record Phrase(String text, Headings.Kind kind, boolean distinctive) {}

  /** Every posting heading phrase, longest first (group g+1 of {@link #POSTING_PATTERN} is phrase g). */
  static final List<Phrase> POSTING = new ArrayList<>();

  private static void add(Headings.Kind kind, boolean distinctive, String... texts) {
    for (String t : texts) {
      POSTING.add(new Phrase(t, kind, distinctive));
    }
  }

  static {
    // distinctive = long enough to be a heading even inline without a colon
    add(Headings.Kind.DUTY, true,
        "What you'll be doing", "What you will be doing", "In this role you will",
        "In this role, you will", "What you'll work on", "What you will work on");
    // not distinctive: also start ordinary sentences ("Job responsibilities and projects will ...")
    add(Headings.Kind.DUTY, false,
        "Duties and responsibilities", "Roles and responsibilities", "Essential duties",
        "Essential functions", "Primary responsibilities", "Main responsibilities",
        "Job responsibilities", "Role responsibilities",
        "What you will do", "What you'll do", "Responsibilities", "Key responsibilities",
        "Your responsibilities", "Your role", "The role", "Job duties", "Duties", "Day to day",
        "Day-to-day", "Your day to day", "Your tasks", "Your mission", "What you'll own",
        "Aufgaben", "Ihre Aufgaben", "Deine Aufgaben", "Vos missions", "Vos responsabilités",
        "Tes missions", "Deine Rolle", "Ihre Rolle", "Missions", "Responsabilités", "Le poste",
        "Votre rôle", "Ton rôle");
    add(Headings.Kind.MUST, true,
        "What we need to see", "Minimum qualifications", "Basic qualifications",
        "Required qualifications");
    add(Headings.Kind.MUST, false,
        "Minimum requirements", "Basic requirements", "What we're looking for",
        "What we are looking for", "What you'll need", "What you will need",
        "Required skills and experience",
        "Requirements", "Qualifications", "Required skills", "Must have", "Must-haves",
        "Must haves", "What you bring", "What you'll bring", "What you will bring", "You have",
        "Who you are", "What you need", "Required", "Required experience", "Your profile",
        "Your qualifications", "Key qualifications", "Essential skills", "Essential requirements",
        "Skills and experience", "About you", "Anforderungen", "Voraussetzungen", "Profil",
        "Ihr Profil", "Dein Profil", "Profil recherché", "Votre profil", "Ton profil",
        "Compétences requises", "Qualifications requises", "Prérequis", "Exigences");
    add(Headings.Kind.NICE, true,
        "Ways to stand out from the crowd", "Ways to stand out", "Preferred qualifications",
        "It would be great if you have", "It would be great if", "Nice-to-haves",
        "Nice to haves", "Bonus points");
    add(Headings.Kind.NICE, false,
        "Even better if you have", "Bonus if you have", "Preferred requirements",
        "Preferred experience", "Additional qualifications",
        "Preferred", "Preferred skills", "Desired qualifications", "Nice to have",
        "Nice-to-have", "Bonus", "Pluses", "Plus", "Desirable", "Desired skills",
        "Good to have", "Extra credit", "Plus points", "Wünschenswert", "Von Vorteil",
        "Serait un plus", "Un plus", "Atouts");
    add(Headings.Kind.TOPIC, false,
        "Topics", "Research topics", "Research areas", "Areas of interest", "Focus areas",
        "Possible topics", "Example topics", "Potential topics", "Project areas");
    add(Headings.Kind.BOILERPLATE, false,
        "Benefits", "Perks", "What we offer", "Compensation", "Pay range", "Salary",
        "Equal opportunity", "Equal employment opportunity", "EEO statement", "Wir bieten",
        "Nous offrons", "Avantages");
    add(Headings.Kind.JOB, false,
        "About the job", "About the role", "About this role", "About the position",
        "Job description", "Role overview", "Position overview", "Overview");
    add(Headings.Kind.ABOUT, false,
        "About the team", "About us", "About the company", "Company profile", "Über uns",
        "À propos", "Qui sommes-nous");
  }

  static final Pattern POSTING_PATTERN = compile(POSTING);

  private static Pattern compile(List<Phrase> phrases) {
    // Longest first, so "Preferred qualifications" wins over "Preferred" at the same position.
    // Sorting the list itself keeps group g+1 <-> phrases.get(g).
    phrases.sort(Comparator.comparingInt((Phrase p) -> p.text().length()).reversed());
    StringBuilder sb = new StringBuilder("(?<![\\p{L}\\p{N}'’#-])(?:");
    for (int i = 0; i < phrases.size(); i++) {
      if (i > 0) {
        sb.append('|');
      }
      sb.append('(').append(toRegex(phrases.get(i).text())).append(')');
    }
    sb.append(")(?![\\p{L}\\p{N}'’-])");
    return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static String toRegex(String phrase) {
    StringBuilder sb = new StringBuilder();
    for (char c : phrase.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      } else if (c == ' ') {
        sb.append("[ \\t]+"); // headings do not span lines
      } else if (c == '\'') {
        sb.append("['’]");
      } else if (c == '-') {
        sb.append("[- ]");
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
