package dev.rolematch.cli;

import dev.rolematch.app.Json;
import static dev.rolematch.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** add --blind end to end: nothing that identifies the candidate reaches the index or the query output. */
class BlindModeCliTest {

  @TempDir static Path tmp;

  static Path blind;
  static Path plain;
  static Path resumes;

  /** What must not come out of a blind index (the name, its parts, the e-mail, the phone, the pronoun). */
  static final List<String> PERSONAL = List.of("Amara", "Okonkwo", "amara", "okonkwo", "example.com", "803",
      "4567", "She ", " she ");

  static final String MODEL = "all-minilm-l6-v2";

  @BeforeAll
  static void buildIndexes() throws Exception {
    blind = tmp.resolve("blind");
    plain = tmp.resolve("plain");
    Path postings = Files.createDirectories(tmp.resolve("postings"));
    resumes = Files.createDirectories(tmp.resolve("resumes"));
    Files.writeString(postings.resolve("nlp-intern.md"), """
        # Research Intern, NLP
        ## What you'll be doing
        - Train transformer language models for summarisation
        ## What we need to see
        - Pursuing a PhD in Computer Science
        - Strong Python and PyTorch
        """);
    Files.writeString(resumes.resolve("c-101.txt"), """
        Amara Okonkwo
        Lagos, Nigeria | amara.okonkwo@example.com | +234 803 123 4567

        SUMMARY
        She trains transformer language models for summarisation in PyTorch; Amara's thesis is on long documents.
        PhD candidate in Computer Science, expected 2027
        """);
    Files.writeString(resumes.resolve("c-102.txt"), """
        Bo Berg
        Accountant, 2012 - 2024: audits, payroll and tax filings for small firms
        """);
    for (Path index : List.of(blind, plain)) {
      CliTest.Run p = run("add", "posting", postings.toString(), "--index", index.toString(), "--model", MODEL);
      assertEquals(0, p.code(), p.err());
    }
    CliTest.Run b = run("add", "resume", resumes.toString(), "--index", blind.toString(), "--blind", "--json");
    assertEquals(0, b.code(), b.err());
    CliTest.Run n = run("add", "resume", resumes.toString(), "--index", plain.toString(), "--json");
    assertEquals(0, n.code(), n.err());
  }

  static void assertNothingPersonal(String output) {
    for (String p : PERSONAL) {
      assertFalse(output.contains(p), "'" + p + "' in the output of a blind index:\n" + output);
    }
  }

  @Test
  void matchAndTopicOutputOfABlindIndexRevealNothing() throws Exception {
    CliTest.Run m = run("match", "--posting", "nlp-intern", "--index", blind.toString(), "--json");
    assertEquals(0, m.code(), m.err());
    JsonNode first = Json.MAPPER.readTree(m.out()).get("results").get(0);
    assertEquals("c-101", first.get("id").asText(), "the masked resume still matches: " + m.out());
    assertEquals("c-101", first.get("title").asText(), "a blind resume's title is its id");
    assertNothingPersonal(m.out());
    CliTest.Run t = run("topic", "summarisation with language models", "--index", blind.toString(), "--json");
    assertEquals(0, t.code(), t.err());
    assertEquals("c-101", Json.MAPPER.readTree(t.out()).get("results").get(0).get("id").asText());
    assertNothingPersonal(t.out());
    CliTest.Run text = run("topic", "summarisation with language models", "--index", blind.toString());
    assertEquals(0, text.code(), text.err());
    assertNothingPersonal(text.out());
  }

  @Test
  void statsAndTheStoredDocumentOfABlindIndexRevealNothing() throws Exception {
    CliTest.Run s = run("stats", "--ids", "--json", "--index", blind.toString());
    assertEquals(0, s.code(), s.err());
    assertTrue(Json.MAPPER.readTree(s.out()).get("blind").asBoolean(), s.out());
    assertNothingPersonal(s.out());
    CliTest.Run text = run("stats", "--ids", "--index", blind.toString());
    assertTrue(text.out().contains("blind: true"), text.out());
    try (RoleIndex index = RoleIndex.openForRead(new IndexLayout(blind))) {
      StoredDocument d = index.get("c-101", true).orElseThrow();
      assertEquals("c-101", d.title());
      StringBuilder all = new StringBuilder(d.title()).append('\n').append(d.text()).append('\n')
          .append(d.warnings()).append('\n').append(d.metadata());
      for (IndexedChunk c : d.chunks()) {
        all.append('\n').append(c.text());
      }
      assertNothingPersonal(all.toString());
      assertTrue(d.text().startsWith("[name]\n"), d.text());
      assertTrue(d.text().contains("[gender] trains transformer language models for summarisation in PyTorch"), d.text());
      assertEquals("Lagos, Nigeria", d.metadata().location(), "the city stays for --location");
    }
  }

  @Test
  void theNonBlindIndexShowsTheNameAsTitle() throws Exception {
    CliTest.Run s = run("stats", "--json", "--index", plain.toString());
    assertFalse(Json.MAPPER.readTree(s.out()).get("blind").asBoolean(), s.out());
    CliTest.Run m = run("match", "--posting", "nlp-intern", "--index", plain.toString(), "--json");
    assertEquals(0, m.code(), m.err());
    JsonNode first = Json.MAPPER.readTree(m.out()).get("results").get(0);
    assertEquals("c-101", first.get("id").asText());
    assertEquals("Amara Okonkwo", first.get("title").asText());
  }

  @Test
  void addingWithTheOtherSettingIsAClearError() {
    CliTest.Run toBlind = run("add", "resume", resumes.resolve("c-102.txt").toString(), "--index", blind.toString());
    assertEquals(Main.EXIT_USAGE, toBlind.code());
    assertTrue(toBlind.err().contains("is blind") && toBlind.err().contains("--blind"), toBlind.err());
    CliTest.Run toPlain = run("add", "resume", resumes.resolve("c-102.txt").toString(), "--index", plain.toString(),
        "--blind");
    assertEquals(Main.EXIT_USAGE, toPlain.code());
    assertTrue(toPlain.err().contains("is not blind") && toPlain.err().contains("--blind --index NEW_DIR"),
        toPlain.err());
    assertFalse(toPlain.err().contains("Exception"), toPlain.err());
  }

  @Test
  void anIdWithTheNameIsWarnedAbout() throws Exception {
    Path index = tmp.resolve("blind-named");
    Path named = Files.writeString(tmp.resolve("amara-okonkwo.txt"),
        Files.readString(resumes.resolve("c-101.txt")));
    CliTest.Run r = run("add", "resume", named.toString(), "--index", index.toString(), "--model", MODEL, "--blind");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("contains the candidate's name") && r.err().contains("--id"), r.err());
  }

  @Test
  void reindexKeepsTheIndexBlind() throws Exception {
    Path copy = tmp.resolve("blind-reindexed");
    CliTest.copyTree(blind, copy);
    CliTest.Run r = run("reindex", "--model", "bge-small-en-v1.5", "--index", copy.toString());
    assertEquals(0, r.code(), r.err());
    CliTest.Run s = run("stats", "--ids", "--json", "--index", copy.toString());
    JsonNode st = Json.MAPPER.readTree(s.out());
    assertTrue(st.get("blind").asBoolean(), s.out());
    assertEquals(2, st.get("resumes").asInt());
    try (RoleIndex index = RoleIndex.openForRead(new IndexLayout(copy))) {
      StoredDocument d = index.get("c-101", false).orElseThrow();
      assertEquals("c-101", d.title());
      assertNothingPersonal(d.text());
    }
  }
}
