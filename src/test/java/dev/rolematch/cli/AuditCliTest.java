package dev.rolematch.cli;

import static dev.rolematch.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit end to end: refuses without stored scores, then reports who refresh's top K are, by category. */
class AuditCliTest {

  @TempDir static Path tmp;

  static Path index;
  static Path demographics;

  static final Map<String, String> SEX = Map.of("a-1", "Female", "a-2", "Male", "a-3", "Female", "a-4", "Male");

  @BeforeAll
  static void build() throws Exception {
    index = tmp.resolve("index");
    Path postings = Files.createDirectories(tmp.resolve("postings"));
    Path resumes = Files.createDirectories(tmp.resolve("resumes"));
    Files.writeString(postings.resolve("data-eng.md"), """
        # Data Engineering Intern
        ## What we need to see
        - Python and SQL
        - Experience building batch data pipelines with Spark or Airflow
        """);
    Files.writeString(resumes.resolve("a-1.txt"), "Data engineer\nBuilt Spark and Airflow batch pipelines in Python and SQL.\n");
    Files.writeString(resumes.resolve("a-2.txt"), "Pastry chef\nBaked bread and croissants for a hotel kitchen.\n");
    Files.writeString(resumes.resolve("a-3.txt"), "Analyst\nWrote SQL reports and Python scripts for sales data.\n");
    Files.writeString(resumes.resolve("a-4.txt"), "Bus driver\nDrove city routes on early shifts.\n");
    Files.writeString(resumes.resolve("a-5.txt"), "Data intern\nLoaded CSV files into Postgres with Python and Airflow.\n");
    demographics = Files.writeString(tmp.resolve("demo.csv"), "candidate_id,sex,race_ethnicity\n"
        + "a-1,Female,Asian\na-2,Male,White\na-3,Female,White\na-4,Male,Asian\n"); // a-5 not listed
    assertEquals(0, run("add", "posting", postings.toString(), "--index", index.toString(), "--model",
        "all-minilm-l6-v2").code());
    assertEquals(0, run("add", "resume", resumes.toString(), "--index", index.toString()).code());
  }

  @Test
  void theTablesCountRefreshsTopK() throws Exception {
    CliTest.Run before = run("audit", "--demographics", demographics.toString(), "--posting", "data-eng",
        "--selected-top", "2", "--out", tmp.resolve("early").toString(), "--index", index.toString());
    assertEquals(Main.EXIT_USAGE, before.code(), before.err());
    assertTrue(before.err().contains("run ./rolematch refresh"), before.err());

    assertEquals(0, run("refresh", "--all-pairs", "--index", index.toString()).code());
    CliTest.Run scores = run("scores", "--posting", "data-eng", "--json", "--index", index.toString());
    JsonNode rows = Json.MAPPER.readTree(scores.out()).get("rows");
    assertEquals(5, rows.size());
    List<String> top = List.of(rows.get(0).get("candidate_id").asText(), rows.get(1).get("candidate_id").asText());
    Map<String, int[]> expected = new HashMap<>(); // sex -> {candidates, selected}, by hand from the scores
    for (JsonNode r : rows) {
      String id = r.get("candidate_id").asText();
      int[] c = expected.computeIfAbsent(SEX.getOrDefault(id, "Unknown"), k -> new int[2]);
      c[0]++;
      c[1] += top.contains(id) ? 1 : 0;
    }

    Path out = tmp.resolve("audit");
    CliTest.Run a = run("audit", "--demographics", demographics.toString(), "--posting", "data-eng",
        "--selected-top", "2", "--out", out.toString(), "--index", index.toString());
    assertEquals(0, a.code(), a.err());
    List<String> csv = Files.readAllLines(out.resolve("audit.csv"));
    int checked = 0;
    for (String line : csv) {
      String[] f = line.split(",", -1);
      if (f.length > 4 && f[1].equals("sex")) {
        int[] c = expected.get(f[2]);
        assertEquals(c[0], Integer.parseInt(f[3]), line);
        assertEquals(c[1], Integer.parseInt(f[4]), line);
        checked++;
      }
    }
    assertEquals(expected.size(), checked, csv.toString());
    assertTrue(Files.readString(out.resolve("audit.md")).contains("without demographics (counted as Unknown): 1"));
  }
}
