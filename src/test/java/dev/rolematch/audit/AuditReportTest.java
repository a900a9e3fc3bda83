package dev.rolematch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's numbers against a hand computation on 60 candidates with known cells. */
class AuditReportTest {

  @TempDir Path tmp;

  /** sex, race/ethnicity ("" = not reported), candidates, selected. */
  static final Object[][] CELLS = {
    {"Female", "Asian", 10, 3},
    {"Female", "White", 14, 3},
    {"Male", "Asian", 10, 5},
    {"Male", "Black or African American", 14, 7},
    {"Male", "White", 6, 0},
    {"", "White", 5, 2},
    {"Nonbinary", "Black or African American", 1, 1},
  };

  /** The CSV of the cells and the assessments (one posting), ids c00..c59. */
  static List<Assessment> assessments(StringBuilder csv) {
    List<Assessment> out = new ArrayList<>();
    csv.append("# synthetic, for the test\ncandidate_id,sex,race_ethnicity,comment\n");
    int id = 0;
    for (Object[] cell : CELLS) {
      for (int i = 0; i < (int) cell[2]; i++) {
        String c = String.format("c%02d", id++);
        csv.append(c).append(',').append(cell[0]).append(',').append(cell[1]).append(",x\n");
        out.add(new Assessment("p", c, 50, i < (int) cell[3]));
      }
    }
    return out;
  }

  static Map<String, AuditReport.Line> byCategory(List<AuditReport.Line> lines, String dimension) {
    Map<String, AuditReport.Line> m = new LinkedHashMap<>();
    for (AuditReport.Line l : lines) {
      if (l.dimension().equals(dimension)) {
        m.put(l.category(), l);
      }
    }
    return m;
  }

  static void assertLine(AuditReport.Line l, int n, int selected, double rate, Double ratio) {
    assertEquals(n, l.candidates(), l.toString());
    assertEquals(selected, l.selected(), l.toString());
    assertEquals(rate, l.selectionRate(), 1e-9, l.toString());
    if (ratio == null) {
      assertNull(l.impactRatio(), l.toString());
    } else {
      assertEquals(ratio, l.impactRatio(), 1e-9, l.toString());
    }
  }

  @Test
  void tablesMatchTheHandComputation() throws Exception {
    StringBuilder csv = new StringBuilder();
    List<Assessment> as = assessments(csv);
    Path file = Files.writeString(tmp.resolve("demo.csv"), csv);
    AuditReport report = new AuditReport(Map.of("posting p", as), Demographics.read(file), 10);
    List<AuditReport.Line> lines = report.lines();

    // Sex: Female 6/24 = 0.25, Male 12/30 = 0.40 (the highest), Nonbinary 1 of 60 < 2 %: excluded
    // (its rate of 1.0 must not become the highest), Unknown 2/5.
    Map<String, AuditReport.Line> sex = byCategory(lines, AuditReport.SEX);
    assertEquals(List.of("Female", "Male", "Nonbinary", "Unknown"), List.copyOf(sex.keySet()));
    assertLine(sex.get("Female"), 24, 6, 0.25, 0.25 / 0.40);
    assertLine(sex.get("Male"), 30, 12, 0.40, 1.0);
    assertLine(sex.get("Nonbinary"), 1, 1, 1.0, null);
    assertTrue(sex.get("Nonbinary").note().contains("under 2 %"));
    assertLine(sex.get("Unknown"), 5, 2, 0.4, null);
    assertTrue(sex.get("Unknown").note().contains("unknown"));

    // Race/ethnicity: Asian 8/20 = 0.4, Black 8/15 (the highest), White 5/25 = 0.2.
    Map<String, AuditReport.Line> race = byCategory(lines, AuditReport.RACE);
    assertLine(race.get("Asian"), 20, 8, 0.4, 0.4 / (8.0 / 15));
    assertLine(race.get("Black or African American"), 15, 8, 8.0 / 15, 1.0);
    assertLine(race.get("White"), 25, 5, 0.2, 0.2 / (8.0 / 15));
    assertEquals(3, race.size());

    // Intersection: the highest rate is 0.5 (Male × Asian, Male × Black); unknown sex → Unknown.
    Map<String, AuditReport.Line> both = byCategory(lines, AuditReport.INTERSECTION);
    assertLine(both.get("Female × Asian"), 10, 3, 0.3, 0.6);
    assertLine(both.get("Female × White"), 14, 3, 3.0 / 14, (3.0 / 14) / 0.5);
    assertLine(both.get("Male × Asian"), 10, 5, 0.5, 1.0);
    assertLine(both.get("Male × Black or African American"), 14, 7, 0.5, 1.0);
    assertLine(both.get("Male × White"), 6, 0, 0.0, 0.0);
    assertLine(both.get("Nonbinary × Black or African American"), 1, 1, 1.0, null);
    assertLine(both.get("Unknown"), 5, 2, 0.4, null);

    // The files carry the same numbers.
    List<Path> written = report.write(tmp.resolve("out"));
    List<String> csvLines = Files.readAllLines(written.get(0));
    assertEquals("scope,dimension,category,candidates,selected,selection_rate,impact_ratio,note", csvLines.get(0));
    assertTrue(csvLines.contains("\"posting p\",sex,Female,24,6,0.2500,0.6250,"), csvLines.toString());
    assertTrue(csvLines.contains("\"posting p\",sex,Nonbinary,1,1,1.0000,,\"under 2 % of candidates: excluded from impact ratios\""),
        csvLines.toString());
    String md = Files.readString(written.get(1));
    assertTrue(md.contains("| Female | 24 | 6 | 0.2500 | 0.6250 |"), md);
    assertTrue(md.contains("| White | 25 | 5 | 0.2000 | 0.3750 |"), md);
    assertTrue(md.contains("Candidates assessed: 60; without demographics (counted as Unknown): 0"), md);
  }

  @Test
  void aCandidateTheFileDoesNotListIsUnknownEverywhere() {
    Demographics d = Demographics.of(Map.of("a", new Demographics.Person("Female", "Asian")));
    List<Assessment> as = List.of(new Assessment("p", "a", 90, true), new Assessment("p", "b", 10, false));
    AuditReport report = new AuditReport(Map.of("posting p", as), d, 1);
    for (AuditReport.Line l : report.lines()) {
      if (l.category().equals(Demographics.UNKNOWN)) {
        assertEquals(1, l.candidates(), l.toString());
        assertEquals(0, l.selected(), l.toString());
      }
    }
    assertEquals(3, report.lines().stream().filter(l -> l.category().equals(Demographics.UNKNOWN)).count());
    assertTrue(report.markdown(report.lines()).contains("without demographics (counted as Unknown): 1"));
  }

  @Test
  void badDemographicsFilesSayWhatIsWrong() throws Exception {
    Path noColumn = Files.writeString(tmp.resolve("a.csv"), "candidate_id,gender\nc1,Female\n");
    var e = assertThrows(IllegalArgumentException.class, () -> Demographics.read(noColumn));
    assertTrue(e.getMessage().contains("no column 'sex'"), e.getMessage());
    Path twice = Files.writeString(tmp.resolve("b.csv"), "candidate_id,sex,race_ethnicity\nc1,F,Asian\nc1,M,White\n");
    e = assertThrows(IllegalArgumentException.class, () -> Demographics.read(twice));
    assertTrue(e.getMessage().contains("'c1' is listed twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Demographics.read(tmp.resolve("missing.csv")));
    assertTrue(e.getMessage().contains("no demographics file"), e.getMessage());
  }

  @Test
  void theSampleDemographicsAreReadable() throws Exception {
    Demographics d = Demographics.read(Path.of("data/demographics/sample-demographics.csv"));
    assertEquals(68, d.ids().size());
    assertEquals("Unknown", d.of("not-listed").sex());
  }
}
