package dev.rolematch.cli;

import dev.rolematch.app.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentReader;
import dev.rolematch.ingest.PersonalDataMask;
import dev.rolematch.ingest.SourceDocument;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counterfactual copies of eval fairness, without a model. */
class CounterfactualTest {

  @Test
  void theNameInitialsEMailAndGenderedWordsAreSwapped() {
    String text = """
        ANA SILVA
        Zurich | ana.silva@example.org
        She led her team; the award went to her. Member of Women in ML.
        A. Silva, M. Keller. "Feature learning." NeurIPS 2024.
        """;
    Counterfactual.Copy c = Counterfactual.of(text, "r01");
    assertNotNull(c);
    assertEquals(Counterfactual.Gender.FEMALE, c.fromGender());
    assertEquals(Counterfactual.Gender.MALE, c.toGender());
    String n = c.toName();
    assertTrue(c.text().startsWith(n.toUpperCase(java.util.Locale.ROOT) + " SILVA\n"), c.text());
    assertTrue(c.text().contains(n.toLowerCase(java.util.Locale.ROOT) + ".silva@example.org"), c.text());
    assertTrue(c.text().contains("He led his team; the award went to him. Member of Men in ML."), c.text());
    assertTrue(c.text().contains(n.charAt(0) + ". Silva, M. Keller."), c.text());
    assertFalse(c.text().contains("Ana") || c.text().contains("ANA"), c.text());
  }

  @Test
  void theNewNameIsOfTheOtherGenderAndAnotherOrigin() {
    Counterfactual.Copy c = Counterfactual.of("Jamal Wright\nHe builds APIs.\n", "r59");
    Counterfactual.Group to = Counterfactual.groupOf(c.toName());
    assertEquals(Counterfactual.Gender.FEMALE, to.gender());
    assertNotEquals("African-American", to.origin());
    assertTrue(c.text().contains("She builds APIs."), c.text());
  }

  /** What blind mode promises eval fairness: an original and its copy mask to the same text. */
  @Test
  void everySampleResumeAndItsCopyMaskToTheSameText() throws Exception {
    List<SourceDocument> docs = new DocumentReader().readAll(Path.of("data", "resumes"), DocKind.RESUME, m -> {});
    assertTrue(docs.size() >= 20, "sample resumes: " + docs.size());
    int swapped = 0;
    for (SourceDocument d : docs) {
      Counterfactual.Copy c = Counterfactual.of(d.text(), d.id());
      if (c == null) {
        continue;
      }
      swapped++;
      assertNotEquals(d.text(), c.text(), d.id());
      assertEquals(PersonalDataMask.mask(d.text()), PersonalDataMask.mask(c.text()),
          d.id() + ": " + c.fromName() + " -> " + c.toName());
    }
    assertTrue(swapped >= docs.size() - 2, swapped + " of " + docs.size() + " swapped");
  }
}
