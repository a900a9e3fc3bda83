package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The level patterns tried at word starts find what {@code find()} finds. */
class RoleProfileLevelTest {

  private static final List<Pattern> LEVELS =
      List.of(RoleProfile.STUDENT, RoleProfile.ENTRY, RoleProfile.SENIOR, RoleProfile.EXECUTIVE);

  private static final String[] PIECES = {
    "intern", "Internship", "INTERNS", "interned", "trainee", "apprenticeship", "co-op", "coop", "co op",
    "working student", "working  student", "student", "undergraduate", "pursuing a PhD", "pursuing my master",
    "pursuing degree", "pursuing a Ph.D", "pursuing an m.s", "PhD candidate", "doctoral candidate", "junior", "Jr.",
    "jr", "entry-level", "entry level", "graduate engineer", "graduate program", "new grad", "associate", "senior",
    "Sr.", "staff", "principal", "lead", "leader", "architect", "distinguished", "director", "head of",
    "vice president", "VP", "chief", "CTO", "ceo", "cfo", "coo", "partner", "partners", "\u212Aunior", "s\u0301enior",
    "senior\u0301", "\u00e9lead", "lead\u00e9", "_lead", "lead_", "9lead", "lead9", "\uD834\uDD67lead", "x", "the",
    "and", "Python", "engineer", "team"};
  private static final String[] GLUE = {" ", "  ", ", ", "-", "\n", ".", "/", "", "(", ") ", "\u0301", " \u0301 ",
    "_", "'", "\u00a0", "\t"};

  @Test
  void findsWhatFindFinds() {
    Random r = new Random(3);
    int found = 0;
    for (int t = 0; t < 20_000; t++) {
      String text = ScanTexts.random(r, 1 + r.nextInt(6), PIECES, GLUE);
      for (Pattern p : LEVELS) {
        boolean expected = p.matcher(text).find();
        assertEquals(expected, RoleProfile.occurs(p, text), () -> p + " in: " + text);
        found += expected ? 1 : 0;
      }
    }
    assertTrue(found > 10_000 && found < 70_000, "found: " + found);
  }

  @Test
  void findsInOurSampleDocumentsWhatFindFinds() throws IOException {
    int checked = 0;
    for (ScanTexts.Sample f : ScanTexts.sampleDocuments()) {
      String text = f.text();
      for (String part : new String[] {text, text.substring(0, Math.min(300, text.length())),
          text.substring(0, Math.min(1500, text.length()))}) {
        for (Pattern p : LEVELS) {
          assertEquals(p.matcher(part).find(), RoleProfile.occurs(p, part), () -> p + " in " + f.path());
        }
      }
      checked++;
    }
    assertTrue(checked > 20, "sample documents: " + checked);
  }
}
