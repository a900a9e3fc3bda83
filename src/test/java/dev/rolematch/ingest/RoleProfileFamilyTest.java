package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolematch.ingest.RoleProfile.Family;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass family word count gives what the seven family regexes it replaced gave. */
class RoleProfileFamilyTest {

  /** The regexes as they were shipped before the one-pass count: the oracle. */
  private static final Map<Family, Pattern> REGEX = new EnumMap<>(Family.class);

  static {
    REGEX.put(Family.ENGINEERING, Pattern.compile("(?i)\\b(engineer(ing)?|developer|programmer|software|devops|"
        + "sre|firmware|backend|frontend|full[- ]stack|qa|tester|testing|automation)\\b"));
    REGEX.put(Family.RESEARCH, Pattern.compile("(?i)\\b(research(er)?|scientist|postdoc(toral)?|phd|laboratory)\\b"));
    REGEX.put(Family.DATA, Pattern.compile("(?i)\\b(data|analyst|analytics|statistic(s|ian)|bi|etl|hadoop|"
        + "spark|database|dba|sql)\\b"));
    REGEX.put(Family.MANAGEMENT, Pattern.compile("(?i)\\b(manager|management|pmo|program manager|project manager|"
        + "scrum master|product owner|stakeholders?)\\b"));
    REGEX.put(Family.SALES_MARKETING, Pattern.compile("(?i)\\b(sales|marketing|account executive|business development|"
        + "brand|campaigns?|seo|customer success)\\b"));
    REGEX.put(Family.DESIGN_ARTS, Pattern.compile("(?i)\\b(designer|design|artist|arts?|illustrat(or|ion)|"
        + "ux|ui|graphic|painting|photograph(er|y))\\b"));
    REGEX.put(Family.OPERATIONS_BUSINESS, Pattern.compile("(?i)\\b(operations|hr|human resources|recruit(er|ing)|"
        + "accountant|accounting|finance|financial|legal|lawyer|advocate|nurse|teacher|logistics|procurement|"
        + "health|fitness|mechanical|civil|electrical)\\b"));
  }

  private static int[] oracle(String text) {
    int[] out = new int[Family.values().length];
    REGEX.forEach((f, p) -> {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out[f.ordinal()]++;
      }
    });
    return out;
  }

  private static final FamilyWords WORDS = new FamilyWords(RoleProfile.FAMILY_WORDS);

  private static final String[] PIECES = {
    "engineer", "Engineering", "ENGINEERS", "developer", "full stack", "Full-Stack", "full  stack", "full_stack",
    "qa", "QA2", "research", "Researcher", "researchers", "postdoc", "postdoctoral", "PhD", "Ph.D", "data",
    "Data", "data_science", "bi", "BI", "sql", "SQL-Server", "manager", "program manager", "Program  Manager",
    "project manager", "project-manager", "scrum master", "product owner", "stakeholder", "stakeholders",
    "sales", "account executive", "business development", "campaign", "campaigns", "customer success", "design",
    "designer", "art", "arts", "artsy", "illustrator", "illustration", "ux", "UI", "photography", "hr", "HR",
    "human resources", "recruiter", "recruiting", "recruitment", "nurse", "health", "civil", "electrical",
    "manager\u0301", "e\u0301data", "data\u0301", "\u00e9data", "dat\u00e4", "data\u00e9", "\uD834\uDD67data",
    "\u0301data", "_data", "9data", "data9", "K", "\u212Aa", "program\u00a0manager", "program\tmanager",
    "with", "and", "the", "Python", "team", "a", "of"};
  private static final String[] GLUE = {" ", "  ", ", ", "-", "\n", ".", "/", "", "(", ") ", "\u0301", " \u0301 ",
    "_", "'"};

  @Test
  void countsWhatTheRegexesCounted() {
    Random r = new Random(7);
    for (int t = 0; t < 20_000; t++) {
      String text = ScanTexts.random(r, 1 + r.nextInt(30), PIECES, GLUE);
      assertArrayEquals(oracle(text), WORDS.count(text), () -> "text: " + text);
    }
  }

  @Test
  void countsOurSampleDocumentsAsTheRegexesDid() throws IOException {
    int checked = 0;
    for (ScanTexts.Sample s : ScanTexts.sampleDocuments()) {
      assertArrayEquals(oracle(s.text()), WORDS.count(s.text()), s.path()::toString);
      checked++;
    }
    assertEquals(true, checked > 20, "sample documents found: " + checked);
  }

  @Test
  void aProjectManagerIsOneManagementMatch() {
    assertArrayEquals(oracle("Project Manager, project manager"), WORDS.count("Project Manager, project manager"));
    assertEquals(2, WORDS.count("Project Manager, project manager")[Family.MANAGEMENT.ordinal()]);
  }
}
