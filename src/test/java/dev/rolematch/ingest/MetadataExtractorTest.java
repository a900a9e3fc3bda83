package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MetadataExtractorTest {

  // "Present" is June 2026 in every test.
  private final MetadataExtractor extractor =
      new MetadataExtractor(Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneOffset.UTC));

  private static final String RESUME =
      """
      Priya Raman
      priya.raman@example.org | Austin, TX | github.com/praman

      EDUCATION
      University of Texas at Austin — Ph.D. in Computer Science
      Aug 2022 – May 2027 (expected)
      Carnegie Mellon University — B.S. in Electrical Engineering, 2016 – 2020

      WORK EXPERIENCE
      Machine Learning Engineer, Fieldline Robotics — Jul 2020 – Jul 2022
      Software Intern, Fieldline Robotics — Jun 2019 – Aug 2019
      Graduate Research Assistant — Sep 2022 – Present

      SKILLS
      Python, C++, PyTorch, CUDA
      """;

  @Test
  void resumeWithHeaderLocationDatedExperienceAndExpectedPhd() {
    Metadata m = extractor.extract(RESUME, DocKind.RESUME);
    assertEquals("Austin, TX", m.location());
    assertEquals("PhD", m.highestDegree());
    assertEquals(2027, m.graduationYear());
    // Jun 2019-Aug 2019 (2 months) + Jul 2020-Jul 2022 (24) + Sep 2022-Jun 2026 (45) = 71 months;
    // the education ranges (2016-2020, 2022-2027) are not experience.
    assertEquals(5, m.yearsExperience());
  }

  @Test
  void presentComesFromTheClock() {
    String text = "EXPERIENCE\nResearch Engineer, Lumen Labs — Jan 2020 - Present\n";
    assertEquals(6, extractor.extract(text, DocKind.RESUME).yearsExperience());
    MetadataExtractor in2022 =
        new MetadataExtractor(Clock.fixed(Instant.parse("2022-03-01T00:00:00Z"), ZoneOffset.UTC));
    assertEquals(2, in2022.extract(text, DocKind.RESUME).yearsExperience());
  }

  @Test
  void overlappingRangesAreNotCountedTwice() {
    String text =
        """
        Experience
        Data Scientist, Acme — 2018 – 2022
        Part-time lecturer, Night School — 2019 – 2021
        """;
    assertEquals(4, extractor.extract(text, DocKind.RESUME).yearsExperience());
  }

  @Test
  void explicitYearsWinAndPostingsTakeTheMinimum() {
    Metadata resume =
        extractor.extract(
            "Summary: ML engineer with 7+ years of experience in search, "
                + "including 3 years of experience leading teams. M.Sc. in Statistics, 2016.",
            DocKind.RESUME);
    assertEquals(7, resume.yearsExperience());
    assertEquals("MS", resume.highestDegree());
    assertEquals(2016, resume.graduationYear());

    Metadata posting =
        extractor.extract(
            "What we need to see: 3-5 years of industry experience; five years of experience with"
                + " C++ preferred. Pursuing a BS, MS or PhD in CS.",
            DocKind.POSTING);
    assertEquals(3, posting.yearsExperience());
    assertEquals("BS", posting.highestDegree(), "a posting reports its entry bar");
  }

  @Test
  void postingLocationLineEvenWhenFlattened() {
    assertEquals(
        "Santa Clara, CA",
        extractor.extract("Research Intern\nLocation: Santa Clara, CA\nWe build GPUs.", DocKind.POSTING)
            .location());
    assertEquals(
        "Zurich, Switzerland",
        extractor
            .extract(
                "Join us. Location: Zurich, Switzerland What you'll be doing: build things.",
                DocKind.POSTING)
            .location());
    assertEquals(
        "Remote (US)",
        extractor.extract("**Location:** Remote (US)\nDo things.", DocKind.POSTING).location());
  }

  @Test
  void degreeSpellingsAndPursuingDegrees() {
    assertEquals("PhD", degree("Doctorate in Physics, 2019"));
    assertEquals("PhD", degree("Currently pursuing a PhD in Robotics"));
    assertEquals("MS", degree("MEng, Imperial College"));
    assertEquals("MS", degree("Master's degree in Data Science (expected 2027)"));
    assertEquals("MS", degree("MBA, 2015"));
    assertEquals("BS", degree("Bachelor of Arts in Linguistics"));
    assertEquals("BS", degree("BSc Computer Science, 2021"));
    assertEquals("BS", degree("B.Eng. Mechanical Engineering"));
    assertEquals("Associate", degree("Associate of Science, Foothill College"));
    assertEquals("High school", degree("High school diploma, 2023"));
    assertEquals(2027, extractor.extract("Master's degree in Data Science (expected 2027)", DocKind.RESUME).graduationYear());
  }

  @Test
  void graduationYearIsTheOneNextToTheHighestDegree() {
    Metadata m =
        extractor.extract(
            "B.S. in Physics, 2019. M.S. in Applied Math, graduating 2026. Interned at Acme in 2024.",
            DocKind.RESUME);
    assertEquals("MS", m.highestDegree());
    assertEquals(2026, m.graduationYear());

    Metadata openEnded = extractor.extract("PhD in Chemistry, 2023 – Present", DocKind.RESUME);
    assertEquals("PhD", openEnded.highestDegree());
    assertNull(openEnded.graduationYear(), "an open range says nothing about graduation");
  }

  @Test
  void unknownStaysNull() {
    Metadata m =
        extractor.extract(
            "I like building things with Python and MS Office. Worked on ranking for years.",
            DocKind.RESUME);
    assertTrue(m.isUnknown(), m.toString());
    assertEquals(Metadata.UNKNOWN, extractor.extract("   ", DocKind.POSTING));
  }

  @Test
  void conservativeAboutLocations() {
    // "Jackson, MS" is a place but written after a name; "Vision, ML" is not a place at all
    assertNull(extractor.extract("Sam Lee, Jackson, MS\nSkills: Vision, ML", DocKind.RESUME).location());
    // a City, ST pattern deep in the body of a posting is not the posting's location
    assertNull(
        extractor.extract("Intern\nOur team spans Austin, TX and Boston, MA.", DocKind.POSTING)
            .location());
    // sections but no experience section: years stay unknown rather than counting school
    assertNull(
        extractor.extract("EDUCATION\nState University, 2019 – 2023\n", DocKind.RESUME)
            .yearsExperience());
  }

  @Test
  void normalizeDegreeForJsonlOverrides() {
    assertEquals("PhD", MetadataExtractor.normalizeDegree("Ph.D."));
    assertEquals("MS", MetadataExtractor.normalizeDegree("masters"));
    assertEquals("BS", MetadataExtractor.normalizeDegree("bs"));
    assertEquals("High school", MetadataExtractor.normalizeDegree("high school"));
    assertNull(MetadataExtractor.normalizeDegree("certificate in welding"));
  }

  private String degree(String text) {
    return extractor.extract(text, DocKind.RESUME).highestDegree();
  }
}
