package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.TestSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blind mode's masking on real-looking resume text, and on random text. */
@ExtendWith(TestSeeds.class)
class PersonalDataMaskTest {

  static String mask(String s) {
    return PersonalDataMask.mask(s);
  }

  static void assertGone(String masked, String... personal) {
    for (String p : personal) {
      assertFalse(masked.contains(p), "'" + p + "' survived in:\n" + masked);
    }
  }

  static void assertKept(String masked, String... kept) {
    for (String k : kept) {
      assertTrue(masked.contains(k), "'" + k + "' was lost in:\n" + masked);
    }
  }

  // ---- names ----

  @ParameterizedTest
  @ValueSource(strings = {
      "José María García-López", "Nguyễn Thị Minh", "Oluwaseun Adebayo-Okoro", "Siobhán Ní Bhriain",
      "ANA SILVA", "CHEN Wei", "Fatima El Amrani", "Michael O'Brien", "Dr. Marta Kowalska", "# Priya Raman",
      "Thomas Müller", "Ludwig van der Berg"})
  void theNameLineIsMasked(String name) {
    String text = name + "\nZurich, Switzerland\n\nSKILLS\nPython, Go, R\n";
    String masked = mask(text);
    assertTrue(masked.startsWith(name.startsWith("#") ? "# [name]\n" : "[name]\n"), masked);
    assertKept(masked, "Zurich, Switzerland", "Python, Go, R");
  }

  @Test
  void theNameIsMaskedWhereverItRecursWithItsInitials() {
    String masked = mask("""
        Mei-Lin Chen
        San Diego, California

        PUBLICATIONS
        1. M.-L. Chen, J. Ortiz. "Sketch-Guided Sampling." CVPR 2025.
        2. J. Ortiz, Chen M. "Four Steps." ICLR 2026.
        Mei-Lin's thesis was supervised by Prof. Ortiz.
        """);
    assertGone(masked, "Mei", "Lin", "Chen");
    assertKept(masked, "[name], J. Ortiz", "J. Ortiz, [name]", "[name]'s thesis", "CVPR 2025", "San Diego, California");
  }

  @Test
  void nameLabelsAnywhereAndTheNameAfterAResumeHeading() {
    String masked = mask("""
        CURRICULUM VITAE
        Oluwaseun Adebayo | Lagos

        Personal details
        Name: Oluwaseun Adebayo
        Full name: Adebayo, Oluwaseun Tunde
        """);
    assertGone(masked, "Oluwaseun", "Adebayo", "Tunde");
    assertKept(masked, "CURRICULUM VITAE", "[name] | Lagos", "Name: [name]", "Full name: [name]");
  }

  @Test
  void aGivenNameThatIsAlsoASkillIsMaskedOnTheNameLineOnly() {
    String masked = mask("Julia Roberts\nSKILLS\nJulia, Go and R for statistics. J. Roberts et al. 2024.\n");
    assertTrue(masked.startsWith("[name]\n"), masked);
    assertKept(masked, "Julia, Go and R", "[name] et al. 2024");
    assertGone(masked, "Roberts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Senior Software Engineer", "SUMMARY", "Experience", "Data Scientist | Berlin",
      "Objective: backend internship"})
  void aFirstLineThatIsNotANameIsKept(String first) {
    assertEquals(first + "\nJava and Spring\n", mask(first + "\nJava and Spring\n"));
  }

  // ---- contact details ----

  @ParameterizedTest
  @ValueSource(strings = {
      "jane.doe@example.com", "JANE.DOE@EXAMPLE.CO.UK", "o'brien+jobs@mail.example.ie", "jane [at] example [dot] com",
      "jane(at)example.com", "jane (at) example (dot) co (dot) uk", "jane at example dot com", "jane{at}example.org",
      "mailto:jane@example.com", "jane @ example.com", "jane＠example.com"})
  void eMailsInOddSpellingsAreMasked(String email) {
    String masked = mask("Contact: " + email + " | Berlin");
    assertEquals("Contact: [email] | Berlin", masked);
  }

  @Test
  void eMailLabelsMaskTheirValue() {
    assertEquals("Email: [email]\nE-mail: [email]", mask("Email: jane at example\nE-mail: jane.example.com"));
  }

  @Test
  void atAndDotInProseAreNotAnEMail() {
    String text = "Intern at Booking.com, then engineer at Zalando. Worked at home at night.";
    assertEquals(text, mask(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "+1 (555) 123-4567", "+44 20 7946 0958", "+44 (0)20 7946 0958", "+49 30 123456", "0176 1234567",
      "+91 98765 43210", "+81 3-1234-5678", "(312) 555-0147", "555-123-4567", "555.123.4567", "020 7946 0958",
      "+33 1 23 45 67 89", "01 23 45 67 89", "+49 170 0000000", "+4917612345678", "030/1234567", "+86 138 0013 8000"})
  void phoneNumbersOfSeveralCountriesAreMasked(String phone) {
    assertEquals("Berlin | [phone] | Java", mask("Berlin | " + phone + " | Java"));
  }

  @Test
  void phoneLabelsMaskTheirValue() {
    assertEquals("Phone: [phone]\nTel.: [phone]\nMobile [phone]",
        mask("Phone: 12 34 56 78\nTel.: 5551234\nMobile 98 76 54 32 10"));
  }

  @Test
  void numbersThatAreNotPhonesAreKept() {
    String text = """
        Sep 2022 - present; 2019 - 2023; 2019–2023; 01.03.2020 – 30.06.2021; 2021-03-12
        +3.5 NDS; +18% grasp success; 3,500 instances; 0.78 to 0.93; 10k+ cells; 300+ runs on a 64-GPU cluster
        C++17/20, Python 3.11, CUDA 12.4, ISO 27001, 4.5/5 GPA, 100 200 300
        """;
    assertEquals(text, mask(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "221B Baker Street", "12 Main St., Apt 4B", "1600 Pennsylvania Avenue NW", "Hauptstraße 5", "Kalverstraat 12a",
      "10 rue de la Paix", "Calle Mayor 12", "Via Roma 10", "Seattle, WA 98101", "SW1A 1AA", "M5V 2T6", "42 Elm Road"})
  void streetAddressesAndPostcodesAreMasked(String address) {
    String masked = mask("Jane Doe\nAddress line: " + address + " (home)\n");
    assertEquals("[name]\nAddress line: [address] (home)\n", masked);
  }

  @Test
  void addressLabelsAndPostcodesWithCityInTheHeader() {
    assertEquals("[name]\n[address], [address]\nAddress: [address]\n",
        mask("Jane Doe\nHauptstraße 5, 10115 Berlin\nAddress: Flat 3, Rosemount, Edinburgh\n"));
    assertEquals("Zurich, Switzerland | Berlin", mask("Zurich, Switzerland | Berlin"));
  }

  @Test
  void personalProfileLinksAreMaskedAndProductNamesKept() {
    String masked = mask("""
        Jane Doe
        Berlin · linkedin.com/in/jane-doe · github.com/janed · janed.github.io · jane.dev
        SKILLS
        GitHub Actions, LinkedIn Ads, Node.js, ASP.NET, Vue.js; see https://jane.example.org/talks/2024.
        Also www.jane-portfolio.net and x.com/jd_dev.
        """);
    assertGone(masked, "jane-doe", "janed", "jane.dev", "jane.example", "portfolio", "jd_dev");
    assertKept(masked, "Berlin · [url] · [url] · [url] · [url]", "GitHub Actions, LinkedIn Ads, Node.js, ASP.NET, Vue.js",
        "see [url].", "Also [url] and [url].");
  }

  // ---- protected attributes ----

  @Test
  void datesOfBirthAndAgesAreMasked() {
    String masked = mask("""
        DOB: 12.03.1990 · Date of birth: March 12, 1990 · Born: 1990 · Age: 34
        Born in 1990 in Porto; born 12 March 1990; aged 34; 34 years old; 34 y/o
        """);
    assertGone(masked, "1990", "34", "March 12");
    assertKept(masked, "DOB: [age]", "Date of birth: [age]", "Born: [age]", "Age: [age]");
  }

  @Test
  void genderWordsAndPronounsAreMaskedWholeWordsOnly() {
    String masked = mask("She led the team; he reviewed his and her code. Mr. Li, Mrs Ito, Ms. Ruiz, Miss Poe."
        + " Member of Women in ML; a woman/man; female founders; mother of two.\n"
        + "Other themes: the HER2 pathway, Theano, shell scripts, Hershey, heuristics, chemistry, ethers.");
    assertGone(masked, "She", " he ", "his", " her ", "Mr.", "Mrs", "Ms.", "Miss", "Women", "woman", "female", "mother");
    assertKept(masked, "[gender] led the team; [gender] reviewed [gender] and [gender] code.",
        "Other themes: the HER2 pathway, Theano, shell scripts, Hershey, heuristics, chemistry, ethers.");
  }

  @Test
  void maritalStatusNationalityAndPhotosAreMasked() {
    String masked = mask("""
        Marital status: single
        Married, 2 children
        Nationality: Brazilian | Citizenship: Portuguese
        Place of birth: Lagos
        Born and raised in Cape Town, South Africa
        Photo: headshot.jpg
        [photo]
        ![Jane smiling](jane.png)
        Single-page apps and single sign-on; separated concerns.
        """);
    assertGone(masked, "Married", "children", "Brazilian", "Portuguese", "Lagos", "Cape Town", "headshot", "smiling",
        "jane.png", "status: single");
    assertKept(masked, "Marital status: [marital status]", "[marital status], [marital status]",
        "Nationality: [nationality] | Citizenship: [nationality]", "born and raised in [nationality]".substring(1),
        "[photo]\n[photo]\n[photo]\n", "Single-page apps and single sign-on; separated concerns.");
  }

  // ---- a whole resume ----

  static final String RESUME = """
      Ana-Sofia Pereira
      Rua das Flores 23, 1200-195 Lisboa · +351 912 345 678 · ana.sofia [at] example [dot] pt
      linkedin.com/in/anasofia-p · anasofia.dev
      Date of birth: 04/07/1996 · Nationality: Portuguese · Marital status: married
      Photo: attached

      SUMMARY
      Backend engineer with 5+ years of experience. She enjoys distributed systems and mentoring.

      EXPERIENCE
      Software Engineer, Feedzai, Lisbon (May 2021 – present)
      - Built Java 21 and Spring Boot services for card fraud scoring; Kafka, gRPC, PostgreSQL.
      - Led her team's migration from Go 1.19 to Go 1.22; wrote R and C# tooling.
      Intern, Booking.com, Amsterdam (Jun 2019 - Sep 2019)
      - Python data pipelines on Airflow.

      EDUCATION
      MSc Computer Science, Instituto Superior Técnico, University of Lisbon, 2020
      BSc Informatics, University of Porto, 2018

      PUBLICATIONS
      A.-S. Pereira, J. Santos. "Low-latency fraud features." ECML 2022.
      """;

  @Test
  void aWholeResumeKeepsEverySkillLineAndMasksEveryPersonalLine() {
    String masked = mask(RESUME);
    assertGone(masked, "Ana", "Sofia", "Pereira", "Flores", "912", "example", "anasofia", "1996", "Portuguese",
        "married", "She ", "her team", "attached", "1200-195");
    for (String line : List.of(
        "SUMMARY", "Backend engineer with 5+ years of experience. [gender] enjoys distributed systems and mentoring.",
        "Software Engineer, Feedzai, Lisbon (May 2021 – present)",
        "- Built Java 21 and Spring Boot services for card fraud scoring; Kafka, gRPC, PostgreSQL.",
        "- Led [gender] team's migration from Go 1.19 to Go 1.22; wrote R and C# tooling.",
        "Intern, Booking.com, Amsterdam (Jun 2019 - Sep 2019)", "- Python data pipelines on Airflow.",
        "MSc Computer Science, Instituto Superior Técnico, University of Lisbon, 2020",
        "BSc Informatics, University of Porto, 2018", "[name], J. Santos. \"Low-latency fraud features.\" ECML 2022.")) {
      assertTrue(masked.contains(line + "\n"), "line lost or changed: '" + line + "' in:\n" + masked);
    }
    assertTrue(masked.startsWith("[name]\n"), masked);
    assertEquals(RESUME.split("\n").length, masked.split("\n").length, "lines are kept");
    assertEquals(List.of("Ana-Sofia", "Pereira"), PersonalDataMask.apply(RESUME).names());
  }

  @Test
  void maskingIsIdempotent() {
    String once = mask(RESUME);
    assertEquals(once, mask(once));
  }

  /** java.util.regex recurses per repetition of a group: long runs must not overflow the stack. */
  @Test
  void longRunsOfOneShapeDoNotOverflowTheStack() {
    for (String unit : List.of("a.", "a-", "[name] ", "x@y.", "ab.cd ", "+1 ", "Ab ")) {
      String in = unit.repeat(300_000 / unit.length());
      String out = mask(in);
      assertEquals(out, mask(out), unit);
    }
  }

  @Test
  void emptyAndBlankTexts() {
    assertEquals("", mask(""));
    assertEquals("  \n ", mask("  \n "));
  }

  // ---- random text ----

  static final Pattern AT_ADDRESS = Pattern.compile("[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");

  static final String[] WORDS = {
      "Java", "Go", "R", "C#", "C++", "Spring", "Kafka", "the", "there", "other", "then", "team", "built", "led",
      "services", "with", "and", "of", "experience", "University", "Lisbon", "GmbH", "Inc.", "Python", "PyTorch",
      "Kubernetes", "Rust", "SQL", "TypeScript", "React", "cluster", "latency", "pipeline", "ETH", "Zurich", "May",
      "present", "–", "-", ",", ";", ".", ":", "|", "·", "(", ")", "[", "]", "#", "*", "\n", "\n\n", "  ", "\t"};

  static final String[] PHONES = {
      "+1 (555) 123-4567", "+44 20 7946 0958", "+49 30 123456", "0176 1234567", "+91 98765 43210", "+81 3-1234-5678",
      "(312) 555-0147", "555-867-5309", "+33 1 23 45 67 89", "+61 2 9876 5432", "+55 11 91234-5678"};

  static String randomEmail(Random r) {
    String[] locals = {"jane", "jane.doe", "j_doe+cv", "ana-sofia", "x", "o.brien"};
    String[] domains = {"example.com", "mail.example.co.uk", "uni-x.edu", "a.io"};
    return locals[r.nextInt(locals.length)] + "@" + domains[r.nextInt(domains.length)];
  }

  /** Noise: any characters, including the ones the patterns look at. */
  static String noise(Random r) {
    String alphabet = "aZ09@.+-()[]/:|·•_ \n\tßéİı\u00A0€#*'’";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(10) == 0 ? (char) (r.nextInt(0x2FFF) + 1) : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Test
  void randomTextNeverThrowsAndNoEMailOrPhoneOfTheInputSurvives() {
    Random r = TestSeeds.random("randomText");
    for (int doc = 0; doc < 400; doc++) {
      StringBuilder sb = new StringBuilder();
      List<String> phones = new ArrayList<>();
      int parts = 1 + r.nextInt(60);
      for (int i = 0; i < parts; i++) {
        int pick = r.nextInt(20);
        if (pick == 0) {
          sb.append(noise(r));
        } else if (pick == 1) {
          sb.append(' ').append(randomEmail(r)).append(' ');
        } else if (pick == 2) {
          String phone = PHONES[r.nextInt(PHONES.length)];
          phones.add(phone);
          sb.append(' ').append(phone).append(' ');
        } else {
          sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextBoolean() ? " " : "");
        }
      }
      String in = sb.toString();
      String out = mask(in);
      List<String> inputAddresses = new ArrayList<>();
      for (Matcher m = AT_ADDRESS.matcher(in); m.find(); ) {
        inputAddresses.add(m.group());
      }
      for (String a : inputAddresses) {
        assertFalse(out.contains(a), "e-mail '" + a + "' survived: input " + quote(in) + " output " + quote(out));
      }
      assertFalse(AT_ADDRESS.matcher(out).find(), "an @-address in the output: " + quote(out));
      for (String p : phones) {
        assertFalse(out.contains(p), "phone '" + p + "' survived: input " + quote(in) + " output " + quote(out));
        String digits = p.replaceAll("\\D", "");
        assertFalse(out.replaceAll("\\D", "").contains(digits) && digitsRun(out, digits),
            "the digits of '" + p + "' survived: " + quote(out));
      }
      assertEquals(out, mask(out), "not idempotent on " + quote(in));
    }
  }

  /** Whether the digits appear in order separated by phone punctuation only. */
  static boolean digitsRun(String text, String digits) {
    StringBuilder re = new StringBuilder();
    for (char c : digits.toCharArray()) {
      re.append(re.length() == 0 ? "" : "[ ()./-]*").append(c);
    }
    return Pattern.compile(re.toString()).matcher(text).find();
  }

  @Test
  void randomNoiseNeverThrows() {
    Random r = TestSeeds.random("noise");
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(8);
      for (int k = 0; k < n; k++) {
        sb.append(noise(r)).append(WORDS[r.nextInt(WORDS.length)]);
      }
      String out = mask(sb.toString());
      assertEquals(out, mask(out), "not idempotent on " + quote(sb.toString()));
    }
  }

  static String quote(String s) {
    return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }
}
