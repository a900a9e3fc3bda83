package dev.rolematch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small self-contained regression, end to end through {@code eval run}: a corpus, queries and
 * qrels written here (three professions), the real model and index, the product beside the
 * baselines, and an expected metric that must hold.
 */
class EvalRunTest {

  @TempDir Path tmp;

  static final String[][] RESUMES = {
    {"java-1", "Backend engineer. 6 years building Java and Spring Boot microservices, REST APIs, Kafka, PostgreSQL."},
    {"java-2", "Software developer: Java 17, Hibernate, JUnit, Maven; designed payment services running on Kubernetes."},
    {"nurse-1", "Registered nurse with 8 years in intensive care: patient assessment, medication administration, triage."},
    {"nurse-2", "Pediatric nurse. Care plans for children, vaccinations, wound care, family education at a city hospital."},
    {"acct-1", "Staff accountant: month-end close, general ledger reconciliations, accounts payable, audits, IFRS."},
    {"acct-2", "Accountant with CPA; tax returns, budgeting and financial statements for small businesses."},
  };

  @Test
  void evalRunPrintsTheProductBesideTheBaselinesAndChecksExpectations() throws Exception {
    StringBuilder corpus = new StringBuilder();
    for (String[] r : RESUMES) {
      corpus.append("{\"doc_id\": \"").append(r[0]).append("\", \"text\": \"").append(r[1]).append("\"}\n");
    }
    Files.writeString(tmp.resolve("resumes.jsonl"), corpus);
    Files.writeString(tmp.resolve("queries.jsonl"), """
        {"query_id": "q-java-name", "query_type": "name", "text": "Java Developer"}
        {"query_id": "q-nurse-name", "query_type": "name", "text": "Nurse"}
        {"query_id": "q-acct-posting", "query_type": "posting", "posting_title": "Accountant", "text": "Accountant\\nResponsibilities:\\n- Prepare financial statements and reconcile accounts\\nRequirements:\\n- Degree in accounting"}
        """);
    StringBuilder qrels = new StringBuilder("query_id,doc_id,relevance\n");
    for (String q : List.of("q-java-name:java", "q-nurse-name:nurse", "q-acct-posting:acct")) {
      String[] qp = q.split(":");
      for (String[] r : RESUMES) {
        qrels.append(qp[0]).append(',').append(r[0]).append(',').append(r[0].startsWith(qp[1]) ? 1 : 0).append('\n');
      }
    }
    Files.writeString(tmp.resolve("qrels.csv"), qrels);
    Path spec = tmp.resolve("tiny.json");
    Files.writeString(spec, """
        {"name": "tiny-%d", "data": {"corpus": "%s", "queries": "%s", "qrels": "%s"},
         "models": ["all-minilm-l6-v2"],
         "expected": [{"model": "all-minilm-l6-v2", "method": "rolematch", "query_type": "all",
                       "metric": "ndcg@10", "value": 1.0, "tolerance": 0.0}],
         "beats_baselines": ["all-minilm-l6-v2"]}
        """.formatted(ProcessHandle.current().pid(), tmp.resolve("resumes.jsonl"), tmp.resolve("queries.jsonl"),
            tmp.resolve("qrels.csv")));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = EvalRunCommand.run(List.of(spec), null, "cpu", true, null);
    } finally {
      System.setOut(old);
    }
    JsonNode result = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8)).get(0);
    assertEquals(0, code, result.toPrettyString());
    List<String> methods = new java.util.ArrayList<>();
    for (JsonNode row : result.get("rows")) {
      if (row.get("queries").asText().equals("all")) {
        methods.add(row.get("method").asText());
      }
    }
    assertEquals(List.of("bm25", "doc-cosine", "chunk-max", "rrf(bm25,doc-cosine)", "rolematch"), methods);
    for (JsonNode c : result.get("checks")) {
      assertTrue(c.get("ok").asBoolean(), c.toString());
    }
    assertTrue(result.get("checks").size() >= 4, "the expected metric and one baseline check per query type");
  }
}
