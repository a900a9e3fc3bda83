package dev.rolematch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end (in-process): add, the JSON contract, clear errors with their exit codes. */
class CliTest {

  @TempDir static Path tmp;

  static Path index;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringWriter picoErr = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Main.commandLine();
      cl.setErr(new PrintWriter(picoErr, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + picoErr);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void buildIndex() throws Exception {
    index = tmp.resolve("index");
    Path postings = Files.createDirectories(tmp.resolve("postings"));
    Path resumes = Files.createDirectories(tmp.resolve("resumes"));
    Files.writeString(postings.resolve("nlp-intern.md"), """
        # Research Intern, NLP
        ## What you'll be doing
        - Train transformer language models for summarisation
        ## What we need to see
        - Pursuing a PhD in Computer Science
        - Strong Python and PyTorch
        """);
    Files.writeString(resumes.resolve("ana.txt"), """
        Ana Lima
        Lisbon, Portugal
        PhD candidate in Computer Science, expected 2027
        - Built abstractive summarisation models with transformers in PyTorch
        """);
    Files.writeString(resumes.resolve("bo.txt"), """
        Bo Berg
        Accountant, 2012 - 2024: audits, payroll and tax filings for small firms
        """);
    Run p = run("add", "posting", postings.toString(), "--index", index.toString(), "--model", "all-minilm-l6-v2");
    assertEquals(0, p.code(), p.err());
    Run r = run("add", "resume", resumes.toString(), "--index", index.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode report = Json.MAPPER.readTree(r.out());
    assertEquals(2, report.get("added").asInt());
  }

  @Test
  void topicJsonFollowsTheContract() throws Exception {
    Run r = run("topic", "summarisation with language models", "--index", index.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode root = Json.MAPPER.readTree(r.out());
    assertEquals("all-minilm-l6-v2", root.get("model").asText());
    assertTrue(root.get("query").isObject());
    JsonNode first = root.get("results").get(0);
    for (String field : new String[] {"rank", "id", "title", "score", "must_haves", "evidence"}) {
      assertTrue(first.has(field), field + " missing in " + first);
    }
    assertEquals("ana", first.get("id").asText());
    JsonNode ev = first.get("evidence").get(0);
    for (String field : new String[] {"requirement", "kind", "snippet", "similarity"}) {
      assertTrue(ev.has(field), field + " missing in " + ev);
    }
  }

  @Test
  void matchJsonReportsMustHaves() throws Exception {
    Run r = run("match", "--posting", "nlp-intern", "--index", index.toString(), "--json", "--top", "1");
    assertEquals(0, r.code(), r.err());
    JsonNode first = Json.MAPPER.readTree(r.out()).get("results").get(0);
    assertEquals("ana", first.get("id").asText());
    JsonNode mh = first.get("must_haves");
    assertEquals(2, mh.get("met").asInt() + mh.get("unmet").asInt() + mh.get("unknown").asInt());
  }

  @Test
  void unknownPostingIsAClearErrorListingTheIds() {
    Run r = run("match", "--posting", "no-such-posting", "--index", index.toString());
    assertEquals(Main.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("no posting with id 'no-such-posting'") && r.err().contains("nlp-intern"), r.err());
    assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
  }

  @Test
  void queryWithoutAnIndexSaysHowToCreateOne() {
    Run r = run("topic", "NLP", "--index", tmp.resolve("nothing-here").toString());
    assertEquals(Main.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("no index") && r.err().contains("./rolematch add"), r.err());
  }

  @Test
  void reindexRebuildsWithAnotherModelAndKeepsEveryDocument() throws Exception {
    Path copy = tmp.resolve("reindexed");
    copyTree(index, copy);
    Run r = run("reindex", "--model", "bge-small-en-v1.5", "--index", copy.toString());
    assertEquals(0, r.code(), r.err());
    Run stats = run("stats", "--index", copy.toString(), "--json");
    JsonNode st = Json.MAPPER.readTree(stats.out());
    assertEquals("bge-small-en-v1.5", st.get("model").asText());
    assertEquals(2, st.get("resumes").asInt());
    assertEquals(1, st.get("postings").asInt());
    Run q = run("topic", "summarisation", "--index", copy.toString(), "--json");
    assertEquals(0, q.code(), q.err());
    assertEquals("bge-small-en-v1.5", Json.MAPPER.readTree(q.out()).get("model").asText());
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("write.lock")) {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void deeplyNestedMustIsExit2WithAMessageNotAStackOverflow() {
    String deep = "(".repeat(3000) + "python" + ")".repeat(3000);
    Run r = run("topic", "NLP", "--index", index.toString(), "--must", deep);
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().contains("the must-have query nests 3000 levels deep; at most 32 are allowed"), r.err());
    assertFalse(r.err().contains("StackOverflowError") || r.err().contains("\tat "), r.err());
    assertTrue(r.err().lines().count() < 5, "a message, not a trace: " + r.err());
  }

  @Test
  void longIdsAreRefusedWithTheServersLimit() throws Exception {
    Path f = Files.writeString(tmp.resolve("long-id.txt"), "Ann Example\nPython developer\n");
    String id = "a".repeat(2_000);
    Run r = run("add", "resume", f.toString(), "--id", id, "--index", index.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().contains("has 2000 characters; an id may have at most 200"), r.err());
    assertFalse(r.err().contains("a".repeat(61)), "at most 60 characters of the id: " + r.err());
    // A .jsonl record with a 40,000-character id: a clear failure, not Lucene's "immense term".
    Path jsonl = tmp.resolve("long-ids.jsonl");
    Files.writeString(jsonl, "{\"id\": \"" + "b".repeat(40_000) + "\", \"text\": \"Bea\\nPython\"}\n");
    Run j = run("add", "resume", jsonl.toString(), "--index", index.toString(), "--json");
    assertEquals(1, j.code(), j.err());
    JsonNode failed = Json.MAPPER.readTree(j.out()).get("failed").get(0);
    assertTrue(failed.get("reason").asText().contains("has 40000 characters; an id may have at most 200"),
        failed.toString());
    assertFalse(j.out().contains("b".repeat(61)) || j.out().contains("immense"), j.out());
  }

  @Test
  void serveOnAPublicAddressNeedsATokenOrAnExplicitOptOut() throws Exception {
    // Refused before anything is opened or bound; before the fix this started a server (and hung here).
    Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(2),
        () -> run("serve", "--bind", "0.0.0.0", "--port", "0", "--index", index.toString()));
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().contains("without a token") && r.err().contains("--token-file")
        && r.err().contains("--insecure-no-token"), r.err());
    Run help = run("serve", "--help");
    for (String flag : new String[] {"--insecure-no-token", "--allowed-hosts", "--allowed-origins", "--token-file"}) {
      assertTrue(help.out().contains(flag), flag + " in serve --help: " + help.out());
    }
  }

  @Test
  void aPostingCannotTakeTheIdOfAResume() throws Exception {
    Path posting = Files.writeString(tmp.resolve("ana-posting.md"), "# ML Engineer\n## Requirements\n- Python\n");
    Run r = run("add", "posting", posting.toString(), "--id", "ana", "--index", index.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("added 0, replaced 0"), r.out());
    assertTrue(r.err().contains("failed: " + posting + ": id ana is already a resume; remove it first or choose"
        + " another id"), r.err());
    Run stats = run("stats", "--index", index.toString(), "--json");
    assertEquals(2, Json.MAPPER.readTree(stats.out()).get("resumes").asInt(), "the resume is still there");
  }

  @Test
  void aPostingWithNothingToMatchIsAFailedEntryWithThePathOnce() throws Exception {
    Path headings = Files.writeString(tmp.resolve("headings-only.md"), "## Requirements\n\n## Responsibilities\n");
    Path empty = Files.writeString(tmp.resolve("blank.txt"), "  \n");
    Run r = run("add", "posting", headings.toString(), empty.toString(), "--index", index.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("failed: " + headings + ": posting headings-only has nothing to match: no"
        + " requirements, duties or title found; add the posting's requirements"), r.err());
    assertTrue(r.err().contains("failed: " + empty + ": file is empty"), r.err());
    assertFalse(r.err().contains(empty + ": " + empty), "path printed twice: " + r.err());
  }

  @Test
  void anotherModelIsRefusedWithTheReindexCommand() {
    Run r = run("topic", "NLP", "--index", index.toString(), "--model", "bge-small-en-v1.5");
    assertEquals(Main.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("./rolematch reindex --model bge-small-en-v1.5"), r.err());
  }

  @Test
  void aPostingWithNothingToMatchScoresLowNotAHundred() throws Exception {
    // Before the external-label calibration this got 100.0 and 95.1 (hardening issue, item 8).
    Path empty = Files.writeString(tmp.resolve("content-free.txt"), "Job\nWe are great.\n");
    Run r = run("match", "--posting", empty.toString(), "--index", index.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    double contentFree = Json.MAPPER.readTree(r.out()).get("results").get(0).get("score").asDouble();
    assertTrue(contentFree < 20, "nothing to match, yet " + contentFree);
    Run real = run("match", "--posting", "nlp-intern", "--index", index.toString(), "--json");
    assertEquals(0, real.code(), real.err());
    JsonNode top = Json.MAPPER.readTree(real.out()).get("results").get(0);
    assertEquals("ana", top.get("id").asText(), real.out());
    assertTrue(top.get("score").asDouble() > contentFree + 20, real.out());
    assertEquals("student", top.get("metadata").get("level").asText(), "a PhD candidate: " + real.out());
  }

}
