package dev.rolematch.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback log: replace, delete, reopen, torn and uncommitted tails, damage, compaction. */
class FeedbackStoreTest {

  @TempDir Path dir;

  static Feedback f(String query, String candidate, FeedbackLabel label, RejectReason reason) {
    return new Feedback(new FeedbackKey("default", QueryType.TOPIC, query, candidate), label, reason,
        Instant.parse("2026-12-01T10:00:00Z"));
  }

  @Test
  void aVerdictReplacesTheEarlierOneAndSurvivesReopening() throws IOException {
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      s.put(List.of(f("NLP", "a", FeedbackLabel.SHORTLIST, null), f("NLP", "b", FeedbackLabel.GOOD_FIT, null)));
      s.put(List.of(f(" nlp ", "a", FeedbackLabel.REJECT, RejectReason.WRONG_LEVEL))); // same topic
      assertEquals(2, s.size());
      assertEquals(1, s.delete(List.of(new FeedbackKey("default", QueryType.TOPIC, "NLP", "b"))));
      assertEquals(0, s.delete(List.of(new FeedbackKey("default", QueryType.TOPIC, "NLP", "b"))));
    }
    List<Feedback> back = FeedbackStore.read(dir);
    assertEquals(1, back.size());
    assertEquals(FeedbackLabel.REJECT, back.get(0).label());
    assertEquals(RejectReason.WRONG_LEVEL, back.get(0).reason());
    assertEquals("nlp", back.get(0).key().query(), "stored as given, trimmed");
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      assertEquals(1, s.size());
    }
  }

  @Test
  void aTornOrUncommittedTailIsDroppedAndLaterAppendsStayReadable() throws IOException {
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      s.put(List.of(f("NLP", "a", FeedbackLabel.SHORTLIST, null)));
    }
    Path log = dir.resolve(FeedbackStore.FILE);
    // A crash mid-append: a whole line of an uncommitted batch, then half a line.
    byte[] batch = FeedbackLog.encode(List.of(FeedbackLog.Change.put(f("NLP", "b", FeedbackLabel.SHORTLIST, null)),
        FeedbackLog.Change.put(f("NLP", "c", FeedbackLabel.SHORTLIST, null))));
    String text = new String(batch, StandardCharsets.UTF_8);
    int cut = text.indexOf('\n') + 1 + 20;
    Files.write(log, text.substring(0, cut).getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertEquals(1, FeedbackStore.read(dir).size(), "readers ignore the tail");
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      assertEquals(1, s.size(), "the uncommitted batch counts not at all");
      s.put(List.of(f("NLP", "d", FeedbackLabel.GOOD_FIT, null)));
    }
    List<String> candidates = FeedbackStore.read(dir).stream().map(x -> x.key().candidate()).toList();
    assertEquals(List.of("a", "d"), candidates);
  }

  @Test
  void damageBeforeTheLastCommitIsAnErrorNamingTheLine() throws IOException {
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      s.put(List.of(f("NLP", "a", FeedbackLabel.SHORTLIST, null)));
      s.put(List.of(f("NLP", "b", FeedbackLabel.SHORTLIST, null)));
    }
    Path log = dir.resolve(FeedbackStore.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.set(0, "{\"op\":\"put\",garbage");
    Files.write(log, lines);
    IOException e = assertThrows(IOException.class, () -> FeedbackStore.open(dir));
    assertTrue(e.getMessage().contains("feedback log damaged") && e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void labelsAndReasonsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> f("NLP", "a", FeedbackLabel.SHORTLIST, RejectReason.OTHER));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RejectReason.parse("too_pricey"));
    assertTrue(e.getMessage().contains("wrong_level, missing_must_have, wrong_field, other"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FeedbackLabel.parse("maybe"));
    assertNull(RejectReason.parse(" "));
    assertThrows(IllegalArgumentException.class, () -> QueryType.parse("paste"));
  }

  @Test
  void aMostlySupersededLogIsCompactedOnOpen() throws IOException {
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      for (int i = 0; i < 1200; i++) {
        s.put(List.of(f("NLP", "a", i % 2 == 0 ? FeedbackLabel.SHORTLIST : FeedbackLabel.GOOD_FIT, null)));
      }
    }
    Path log = dir.resolve(FeedbackStore.FILE);
    assertEquals(2400, Files.readAllLines(log).size());
    try (FeedbackStore s = FeedbackStore.open(dir)) {
      assertEquals(1, s.size());
      assertEquals(FeedbackLabel.GOOD_FIT, s.list(x -> true).get(0).label());
    }
    assertEquals(2, Files.readAllLines(log).size(), "one put and its commit");
    assertEquals(1, FeedbackStore.read(dir).size());
  }
}
