package dev.rolematch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.PostingParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser eval on invented postings (the real data set is not needed). */
class ParserEvalTest {

  private static final String JSONL =
      """
      {"posting_id": "p1", "title": "Tram Driver", "responsibilities": ["Drive the night tram on line 4.", "Check tickets"], "minimum": ["A tram licence."], "preferred": ["Knows the city by heart.", "Knows the city by heart."]}

      {"posting_id": "p2", "title": "Ferry Cook", "responsibilities": ["Cook lunch for the crew. Keep the galley clean."], "minimum": [], "preferred": ["CPA."]}
      """;

  private List<ParserEval.Posting> postings(Path dir) throws Exception {
    Path f = dir.resolve("p.jsonl");
    Files.writeString(f, JSONL, StandardCharsets.UTF_8);
    return ParserEval.read(f);
  }

  @Test
  void rendersEachShape(@TempDir Path dir) throws Exception {
    List<ParserEval.Posting> ps = postings(dir);
    assertEquals(2, ps.size());
    ParserEval.Posting p2 = ps.get(1);
    assertEquals(
        "# Ferry Cook\n\n## Responsibilities\n- Cook lunch for the crew. Keep the galley clean.\n"
            + "\n## Preferred qualifications\n- CPA.\n",
        ParserEval.render(p2, ParserEval.Shape.MARKDOWN));
    assertEquals(
        "Tram Driver Responsibilities: Drive the night tram on line 4. Check tickets. Minimum"
            + " qualifications: A tram licence. Preferred qualifications: Knows the city by heart."
            + " Knows the city by heart.",
        ParserEval.render(ps.get(0), ParserEval.Shape.FLATTENED));
    String renamed = ParserEval.render(ps.get(0), ParserEval.Shape.RENAMED);
    assertTrue(renamed.contains("\n• Drive the night tram on line 4.\n"), renamed);
    assertFalse(renamed.contains("Responsibilities\n"), renamed);
    String none = ParserEval.render(ps.get(0), ParserEval.Shape.NO_HEADINGS);
    assertEquals("Tram Driver\nDrive the night tram on line 4.\nCheck tickets\nA tram licence.\n"
        + "Knows the city by heart.\nKnows the city by heart.\n", none);
  }

  @Test
  void scoresRightLostAndWrong(@TempDir Path dir) throws Exception {
    List<ParserEval.Posting> ps = postings(dir);
    List<ParserEval.Row> rows = ParserEval.evaluate(ps, new PostingParser(), 10);
    for (ParserEval.Row r : rows) {
      assertEquals(7, r.items(), r.shape());
      assertEquals(1.0, r.right() + r.lost() + r.wrong(), 1e-9, r.shape());
      if (r.goal()) {
        assertEquals(1.0, r.right(), 1e-9, r.shape() + " " + r.misses());
      }
    }
    ParserEval.Row none = rows.get(ParserEval.Shape.NO_HEADINGS.ordinal());
    assertEquals(3.0 / 7, none.right(), 1e-9, "only the duties are right without headings");
    assertEquals(4.0 / 7, none.wrong(), 1e-9);

    // a parser that keeps one requirement loses the rest
    ParserEval.Row capped =
        ParserEval.evaluate(ps, ParserEval.Shape.MARKDOWN, new PostingParser(1), 10);
    assertTrue(capped.lost() > 0.5, capped.toString());
    assertEquals(2, capped.postingsWithNotes());
  }
}
