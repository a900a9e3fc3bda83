package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes users paste, on invented postings; and postings that used to be awkward. */
class PostingParserShapesTest {

  private final PostingParser parser = new PostingParser();

  private static List<String> texts(ParsedPosting p, RequirementKind kind) {
    return p.ofKind(kind).stream().map(Requirement::text).toList();
  }

  private static final List<String> DUTIES =
      List.of("Tune the espresso machines before opening", "Train new baristas on latte art");
  private static final List<String> MUSTS = List.of("Two years behind a busy bar", "MBA");
  private static final List<String> NICES = List.of("Roasting experience");

  private void assertSplit(String text) {
    ParsedPosting p = parser.parse(text);
    assertTrue(p.structured(), text);
    assertEquals(DUTIES, texts(p, RequirementKind.DUTY), text);
    assertEquals(MUSTS, texts(p, RequirementKind.MUST), text);
    assertEquals(NICES, texts(p, RequirementKind.NICE), text);
  }

  @Test
  void markdownHeadings() {
    assertSplit(
        """
        # Head Barista
        ## Responsibilities
        - Tune the espresso machines before opening
        - Train new baristas on latte art
        ## Minimum qualifications
        - Two years behind a busy bar
        - MBA
        ## Preferred qualifications
        - Roasting experience
        """);
  }

  @Test
  void renamedHeadingLines() {
    assertSplit(
        """
        Head Barista
        Key responsibilities
        • Tune the espresso machines before opening
        • Train new baristas on latte art
        What we're looking for
        • Two years behind a busy bar
        • MBA
        Desirable
        • Roasting experience
        """);
  }

  @Test
  void flattenedWithColons() {
    assertSplit(
        "Head Barista Your role: Tune the espresso machines before opening. Train new baristas on"
            + " latte art. Basic qualifications: Two years behind a busy bar. MBA. Nice to have:"
            + " Roasting experience.");
  }

  @Test
  void flattenedWithoutColons() {
    assertSplit(
        "Head Barista Your role Tune the espresso machines before opening. Train new baristas on"
            + " latte art. Requirements Two years behind a busy bar. MBA. Preferred Roasting"
            + " experience.");
  }

  @Test
  void flattenedWithoutColonsAfterATitleWithAnAside() {
    assertSplit(
        "Head Barista (part time or weekends) Key responsibilities Tune the espresso machines before"
            + " opening. Train new baristas on latte art. Must have Two years behind a busy bar. MBA."
            + " Desirable Roasting experience.");
  }

  @Test
  void headingWordsInsideSentencesAreProse() {
    ParsedPosting p =
        parser.parse(
            """
            Line Cook
            Responsibilities
            - Job responsibilities and shifts will be set with the chef
            - Requirements are posted in the kitchen every week
            - You have 3 shifts a week, plus weekends
            """);
    assertEquals(
        List.of(
            "Job responsibilities and shifts will be set with the chef",
            "Requirements are posted in the kitchen every week",
            "You have 3 shifts a week, plus weekends"),
        texts(p, RequirementKind.DUTY));
    assertTrue(p.ofKind(RequirementKind.MUST).isEmpty());
  }

  @Test
  void aboutTheJobIsBlurbNotRequirements() {
    ParsedPosting p =
        parser.parse(
            """
            Pastry Chef
            Minimum qualifications
            - Five years of laminated doughs
            About the job
            Our bakery opens at dawn and sells out by noon.
            Responsibilities
            - Run the morning bake
            """);
    assertEquals(List.of("Five years of laminated doughs"), texts(p, RequirementKind.MUST));
    assertEquals(List.of("Run the morning bake"), texts(p, RequirementKind.DUTY));
    assertTrue(p.blurb().contains("opens at dawn"), p.blurb());
  }

  @Test
  void aboutTheJobHoldsTheDutiesWhenThereIsNoDutiesSection() {
    ParsedPosting p =
        parser.parse(
            """
            Florist
            About us
            We are a small shop near the station.
            About the job
            - Arrange wedding bouquets
            About you
            - Two years in a flower shop
            """);
    assertEquals(List.of("Arrange wedding bouquets"), texts(p, RequirementKind.DUTY));
    assertEquals(List.of("Two years in a flower shop"), texts(p, RequirementKind.MUST));
    assertTrue(p.blurb().contains("small shop"), p.blurb());
  }

  @Test
  void qualifiedHeadingsKeepTheirQualifier() {
    ParsedPosting p =
        parser.parse(
            """
            Sound Engineer
            Technical Requirements:
            - Mixing live concerts
            Non-Technical Requirements: Calm under pressure.
            """);
    assertEquals(List.of("Mixing live concerts", "Calm under pressure"), texts(p, RequirementKind.MUST));
    assertEquals("Technical Requirements", p.ofKind(RequirementKind.MUST).get(0).section());
    assertEquals("Non-Technical Requirements", p.ofKind(RequirementKind.MUST).get(1).section());
  }

  @Test
  void germanAndFrenchPostings() {
    ParsedPosting de =
        parser.parse(
            """
            Softwareentwickler (m/w/d)
            Ihre Aufgaben
            - Entwicklung von Backend-Diensten in Java
            Ihr Profil
            - Abgeschlossenes Studium der Informatik
            Wünschenswert
            - Erfahrung mit Kubernetes
            """);
    assertEquals(List.of("Entwicklung von Backend-Diensten in Java"), texts(de, RequirementKind.DUTY));
    assertEquals(List.of("Abgeschlossenes Studium der Informatik"), texts(de, RequirementKind.MUST));
    assertEquals(List.of("Erfahrung mit Kubernetes"), texts(de, RequirementKind.NICE));

    ParsedPosting fr =
        parser.parse(
            "Développeur Python Vos missions : Concevoir des services de données. Profil recherché :"
                + " Diplôme d'ingénieur en informatique. Atouts : Connaissance de Spark.");
    assertEquals(List.of("Concevoir des services de données"), texts(fr, RequirementKind.DUTY));
    assertEquals(List.of("Diplôme d'ingénieur en informatique"), texts(fr, RequirementKind.MUST));
    assertEquals(List.of("Connaissance de Spark"), texts(fr, RequirementKind.NICE));
  }

  @Test
  void unknownLanguageWithoutHeadingsStillGivesRequirementsAndANote() {
    ParsedPosting p = parser.parse("Kokki\nValmistat lounaan joka päivä. Osaat leipoa leipää.");
    assertFalse(p.requirements().isEmpty());
    assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("no recognisable sections")), p.notes().toString());
  }

  @Test
  void japaneseSentencesWithoutSpacesAreKept() {
    ParsedPosting p = parser.parse("エンジニア\n必須条件\n・日本語が話せること。英語の読み書き。\n");
    assertTrue(p.requirements().size() >= 1, p.requirements().toString());
    assertTrue(p.requirements().stream().anyMatch(r -> r.text().contains("英語の読み書き")),
        p.requirements().toString());
  }

  @Test
  void awkwardPostingsGiveRequirementsOrANote() {
    ParsedPosting titleOnly = parser.parse("Senior Sommelier");
    assertEquals(List.of("Senior Sommelier"), texts(titleOnly, RequirementKind.DUTY));
    assertFalse(titleOnly.notes().isEmpty());

    ParsedPosting emptyHeadings =
        parser.parse("Night Baker\n## Responsibilities\n## Requirements\n## Nice to have\n");
    assertEquals(List.of("Night Baker"), texts(emptyHeadings, RequirementKind.DUTY));
    assertTrue(emptyHeadings.notes().stream().anyMatch(n -> n.contains("matched on its title")),
        emptyHeadings.notes().toString());

    StringBuilder paragraph = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      paragraph.append("You will fold dumpling batch ").append(i).append(" by hand. ");
    }
    ParsedPosting longParagraph = parser.parse(paragraph.toString());
    assertEquals(PostingParser.MAX_REQUIREMENTS, longParagraph.requirements().size());
    assertTrue(longParagraph.notes().stream().anyMatch(n -> n.startsWith("capped at")));

    StringBuilder bullets = new StringBuilder("Dishwasher\nRequirements\n");
    for (int i = 0; i < 200; i++) {
      bullets.append("- Can lift crate number ").append(i).append('\n');
    }
    ParsedPosting many = parser.parse(bullets.toString());
    assertEquals(PostingParser.MAX_REQUIREMENTS, many.ofKind(RequirementKind.MUST).size());
    assertTrue(many.notes().stream().anyMatch(n -> n.startsWith("capped at 60 requirements (found 200")),
        many.notes().toString());

    ParsedPosting nothing = parser.parse("... --- !!! ???");
    assertTrue(nothing.requirements().isEmpty());
    assertTrue(nothing.notes().stream().anyMatch(n -> n.contains("no words to match on")),
        nothing.notes().toString());
  }
}
