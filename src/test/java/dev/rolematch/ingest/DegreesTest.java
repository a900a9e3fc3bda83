package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.match.PairScorer;
import org.junit.jupiter.api.Test;

/** One degree vocabulary for extraction and scoring: the two cannot disagree any more. */
class DegreesTest {

  @Test
  void requirementsNameTheirLowestAcceptedDegree() {
    assertEquals("BS", Degrees.lowestNamed("Pursuing a BS, MS or PhD in Computer Science"));
    assertEquals("MS", Degrees.lowestNamed("Master's degree or Ph.D. in physics"));
    assertEquals("PhD", Degrees.lowestNamed("Currently enrolled in a doctoral program"));
    assertEquals("High school", Degrees.lowestNamed("High school diploma or GED"));
    assertEquals("Associate", Degrees.lowestNamed("Associate degree in IT"));
  }

  @Test
  void productsAndUnitsAreNotDegrees() {
    assertNull(Degrees.lowestNamed("Fluent with MS Office and MS Excel"));
    assertNull(Degrees.lowestNamed("Keep p99 latency under 10 ms"));
    assertNull(Degrees.lowestNamed("Strong Python and SQL"));
  }

  @Test
  void scoringAndExtractionReadTheSameVocabulary() {
    for (String text : new String[] {"Fluent with MS Office", "B.Sc. in Mathematics", "MBA preferred",
        "Pursuing a BS, MS or PhD", "10 ms budget"}) {
      Metadata m = new MetadataExtractor().extract(text, DocKind.POSTING);
      assertEquals(m.highestDegree(), PairScorer.requiredDegree(text), text);
    }
    assertTrue(Degrees.rank("PhD") > Degrees.rank("ms"));
    assertEquals(-1, Degrees.rank("diploma"));
  }
}
