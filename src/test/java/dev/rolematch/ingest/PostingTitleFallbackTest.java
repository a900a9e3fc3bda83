package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Real postings come with empty sections: the title still says what is wanted. */
class PostingTitleFallbackTest {

  private final PostingParser parser = new PostingParser();

  @Test
  void emptySectionsUnderHeadingsMatchOnTheTitle() {
    ParsedPosting p = parser.parse("Software Test Engineer, Mobile Apps\nResponsibilities:\n\nMinimum qualifications:\n\n"
        + "Preferred qualifications:\n");
    assertEquals(1, p.requirements().size(), p.toString());
    assertEquals("Software Test Engineer, Mobile Apps", p.requirements().get(0).text());
    assertEquals(RequirementKind.DUTY, p.requirements().get(0).kind());
    assertTrue(p.notes().stream().anyMatch(n -> n.contains("matched on its title alone")), p.notes().toString());
  }

  @Test
  void aTitleAloneIsItsOwnRequirement() {
    ParsedPosting p = parser.parse("Senior Data Engineer");
    assertEquals(1, p.requirements().size(), p.toString());
    assertEquals("Senior Data Engineer", p.requirements().get(0).text());
  }

  @Test
  void headingsOnlyHaveNothingToMatch() {
    ParsedPosting p = parser.parse("## Requirements\n\n## Responsibilities\n");
    assertTrue(p.requirements().isEmpty(), p.toString());
  }
}
