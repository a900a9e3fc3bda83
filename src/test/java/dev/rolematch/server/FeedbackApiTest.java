package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.assertError;
import static dev.rolematch.server.ApiIntegrationTest.enc;
import static dev.rolematch.server.ApiIntegrationTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.rolematch.feedback.FeedbackStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feedback endpoints over HTTP against the shared test server: auth and origin, bad input
 * (unknown ids, labels and reasons, oversized batches), 10,000 rows, concurrent writers, CSV
 * exports. Each test uses its own topics, so tests sharing the server do not see each other's rows.
 */
class FeedbackApiTest {

  static TestServer ts;

  static final List<String> RESUMES = List.of("jana-novak", "lukas-weber", "ola-nordmann", "marco-bellini");

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
  }

  static HttpResponse<String> post(String body, String token) throws Exception {
    HttpRequest.Builder b = ts.request("/api/feedback").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  static String entry(String type, String query, String candidate, String label, String reason) {
    return "{\"query_type\":\"" + type + "\",\"query\":\"" + query + "\",\"candidate\":\"" + candidate
        + "\",\"label\":\"" + label + "\"" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
  }

  static List<Map<String, String>> csv(String text) throws Exception {
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
      return it.readAll();
    }
  }

  @Test
  void giveListReplaceWithdrawAndExport() throws Exception {
    HttpResponse<String> r = post(entry("topic", "Feedback NLP", "jana-novak", "shortlist", null), TestServer.TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode stored = json(r).get("feedback").get(0);
    assertEquals("shortlist", stored.get("label").asText());
    assertEquals("default", stored.get("user").asText());
    assertTrue(stored.get("reason").isNull());
    assertEquals(201, post(entry("topic", "Feedback NLP", "marco-bellini", "reject", "wrong_field"),
        TestServer.TOKEN).statusCode());
    assertEquals(201, post(entry("posting", "nlp-intern", "lukas-weber", "good_fit", null), TestServer.TOKEN)
        .statusCode());

    // The same topic, spelled otherwise, is the same query.
    JsonNode list = json(ts.get("/api/feedback?query_type=topic&query=" + enc("  feedback   nlp ")));
    assertEquals(2, list.get("count").asInt(), list.toString());
    assertEquals("wrong_field", list.get("feedback").get(1).get("reason").asText());

    // A new verdict replaces the old one.
    assertEquals(201, post(entry("topic", "feedback nlp", "jana-novak", "good_fit", null), TestServer.TOKEN)
        .statusCode());
    list = json(ts.get("/api/feedback?query_type=topic&query=" + enc("Feedback NLP") + "&label=good_fit"));
    assertEquals(1, list.get("count").asInt(), list.toString());
    assertEquals("jana-novak", list.get("feedback").get(0).get("candidate").asText());

    // CSV export: header and one row per verdict, with the candidate's title.
    HttpResponse<String> export = ts.get("/api/feedback/export?query_type=topic&query=" + enc("Feedback NLP"));
    assertEquals(200, export.statusCode(), export.body());
    assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(export.body().startsWith(String.join(",", Csv.FEEDBACK_COLUMNS) + "\n"), export.body());
    List<Map<String, String>> rows = csv(export.body());
    assertEquals(2, rows.size(), export.body());
    assertEquals(Set.of("marco-bellini", "jana-novak"), Set.of(rows.get(0).get("candidate"), rows.get(1).get("candidate")));
    Map<String, String> marco = rows.get(0).get("candidate").equals("marco-bellini") ? rows.get(0) : rows.get(1);
    assertEquals("reject", marco.get("label"));
    assertEquals("wrong_field", marco.get("reason"));
    assertEquals("Marco Bellini", marco.get("candidate_title"));

    // Withdraw (a write: token needed), then it is gone; a second withdraw is 404.
    String del = "/api/feedback?query_type=topic&query=" + enc("Feedback NLP") + "&candidate=marco-bellini";
    assertError(ts.send(ts.request(del).DELETE()), 401);
    assertEquals(200, ts.send(ts.request(del).header("Authorization", "Bearer " + TestServer.TOKEN).DELETE())
        .statusCode());
    assertError(ts.send(ts.request(del).header("Authorization", "Bearer " + TestServer.TOKEN).DELETE()), 404);
    assertEquals(1, json(ts.get("/api/feedback?query_type=topic&query=" + enc("Feedback NLP"))).get("count").asInt());
  }

  @Test
  void writesNeedTheTokenTheOwnOriginAndJson() throws Exception {
    String body = entry("topic", "auth topic", "jana-novak", "shortlist", null);
    assertError(post(body, null), 401);
    assertError(post(body, "wrong-token"), 401);
    assertError(ts.send(ts.request("/api/feedback").header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body))), 415);
    assertError(ts.send(ts.request("/api/feedback").header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(body))), 403);
    assertEquals(0, json(ts.get("/api/feedback?query_type=topic&query=" + enc("auth topic"))).get("count").asInt(),
        "nothing refused was stored");
  }

  @Test
  void badInputIsRefusedWithWhatIsWrongAndStoresNothing() throws Exception {
    JsonNode e = assertError(post(entry("topic", "bad topic", "no-such-person", "shortlist", null), TestServer.TOKEN), 404);
    assertTrue(e.get("error").asText().contains("no resume with id 'no-such-person'"), e.toString());
    e = assertError(post(entry("posting", "no-such-posting", "jana-novak", "shortlist", null), TestServer.TOKEN), 404);
    assertTrue(e.get("error").asText().contains("no posting with id 'no-such-posting'"), e.toString());
    e = assertError(post(entry("topic", "bad topic", "jana-novak", "reject", "too_expensive"), TestServer.TOKEN), 400);
    assertTrue(e.get("error").asText().contains("'reason' must be one of wrong_level, missing_must_have"), e.toString());
    e = assertError(post(entry("topic", "bad topic", "jana-novak", "maybe", null), TestServer.TOKEN), 400);
    assertTrue(e.get("error").asText().contains("'label' must be one of shortlist, reject, good_fit"), e.toString());
    e = assertError(post(entry("topic", "bad topic", "jana-novak", "shortlist", "wrong_level"), TestServer.TOKEN), 400);
    assertTrue(e.get("error").asText().contains("for label reject only"), e.toString());
    e = assertError(post(entry("paste", "bad topic", "jana-novak", "shortlist", null), TestServer.TOKEN), 400);
    assertTrue(e.get("error").asText().contains("'query_type' must be posting or topic"), e.toString());
    assertError(post("{\"query_type\":\"topic\",\"query\":\"bad topic\",\"label\":\"shortlist\"}", TestServer.TOKEN), 400);
    assertError(post("[1,2]", TestServer.TOKEN), 400);
    assertError(post("{not json", TestServer.TOKEN), 400);
    // One bad entry in a batch: the whole batch is refused, and says which entry.
    String batch = "{\"items\":[" + entry("topic", "bad topic", "jana-novak", "shortlist", null) + ","
        + entry("topic", "bad topic", "ghost", "shortlist", null) + "]}";
    e = assertError(post(batch, TestServer.TOKEN), 404);
    assertTrue(e.get("error").asText().startsWith("items[1]: "), e.toString());
    assertEquals(0, json(ts.get("/api/feedback?query_type=topic&query=" + enc("bad topic"))).get("count").asInt());
    // Filters are checked too.
    assertError(ts.get("/api/feedback?label=maybe"), 400);
    assertError(ts.get("/api/feedback?query=x"), 400);
  }

  @Test
  void tenThousandRowsInBatchesOfAThousandAndNoBiggerBatch() throws Exception {
    List<String> all = new ArrayList<>();
    for (int t = 0; t < 2500; t++) {
      for (String c : RESUMES) {
        all.add(entry("topic", "bulk-" + t, c, t % 3 == 0 ? "reject" : "shortlist", t % 3 == 0 ? "other" : null));
      }
    }
    JsonNode e = assertError(post("{\"items\":[" + String.join(",", all) + "]}", TestServer.TOKEN), 400);
    assertTrue(e.get("error").asText().contains("at most 1000"), e.toString());
    int before = ts.server.feedback().store().size();
    for (int i = 0; i < all.size(); i += FeedbackEndpoints.MAX_BATCH) {
      HttpResponse<String> r = post("{\"items\":[" + String.join(",", all.subList(i, i + FeedbackEndpoints.MAX_BATCH))
          + "]}", TestServer.TOKEN);
      assertEquals(201, r.statusCode(), r.body());
      assertEquals(FeedbackEndpoints.MAX_BATCH, json(r).get("stored").asInt());
    }
    assertEquals(before + 10_000, ts.server.feedback().store().size());
    JsonNode list = json(ts.get("/api/feedback?query_type=topic&query=bulk-3"));
    assertEquals(4, list.get("count").asInt());
    assertEquals("other", list.get("feedback").get(0).get("reason").asText());
    long bulkRows = csv(ts.get("/api/feedback/export?query_type=topic").body()).stream()
        .filter(m -> m.get("query").startsWith("bulk-")).count();
    assertEquals(10_000, bulkRows);
    // And all of it is on disk, committed.
    long onDisk = FeedbackStore.read(ts.session.index.layout().feedback()).stream()
        .filter(f -> f.key().query().startsWith("bulk-")).count();
    assertEquals(10_000, onDisk);
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    int threads = 8;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < each; i++) {
            String c = RESUMES.get(i % RESUMES.size());
            if (post(entry("topic", "concurrent-" + thread + "-" + i, c, "good_fit", null), TestServer.TOKEN)
                .statusCode() == 201) {
              ok++;
            }
          }
          return ok;
        }));
      }
      int acknowledged = 0;
      for (Future<Integer> f : done) {
        acknowledged += f.get();
      }
      assertEquals(threads * each, acknowledged);
    } finally {
      pool.shutdownNow();
    }
    Set<String> onDisk = new TreeSet<>();
    FeedbackStore.read(ts.session.index.layout().feedback()).stream()
        .filter(f -> f.key().query().startsWith("concurrent-")).forEach(f -> onDisk.add(f.key().query()));
    assertEquals(threads * each, onDisk.size());
  }

  @Test
  void resultsExportHasScoresMustHavesEvidenceAndFeedback() throws Exception {
    assertEquals(201, post(entry("posting", "nlp-intern", "jana-novak", "shortlist", null), TestServer.TOKEN)
        .statusCode());
    HttpResponse<String> r = ts.get("/api/results/export?type=posting&posting=nlp-intern&top=4");
    assertEquals(200, r.statusCode(), r.body());
    List<Map<String, String>> rows = csv(r.body());
    JsonNode match = json(ts.get("/api/match?posting=nlp-intern&top=4"));
    assertEquals(match.get("results").size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode m = match.get("results").get(i);
      Map<String, String> row = rows.get(i);
      assertEquals(m.get("id").asText(), row.get("id"));
      assertEquals(m.get("score").asDouble(), Double.parseDouble(row.get("score")), 1e-9);
      assertEquals(m.get("must_haves").get("met").asText(), row.get("must_met"));
      assertTrue(row.get("top_evidence").contains(" → "), row.toString());
      assertEquals(m.get("id").asText().equals("jana-novak") ? "shortlist" : "", row.get("feedback"), row.toString());
    }
    assertEquals(Csv.RESULT_COLUMNS, List.copyOf(rows.get(0).keySet()));
    assertError(ts.get("/api/results/export?type=paste"), 400);
    assertError(ts.get("/api/results/export?type=posting&posting=ghost"), 404);
    HttpResponse<String> topic = ts.get("/api/results/export?type=topic&q=NLP&top=3");
    assertEquals(200, topic.statusCode(), topic.body());
    assertEquals(3, csv(topic.body()).size());
  }

  @Test
  void spreadsheetFormulasAreDefused() {
    assertEquals("'=HYPERLINK(1)", Csv.defuse("=HYPERLINK(1)"));
    assertEquals("'-1+2", Csv.defuse("-1+2"));
    assertEquals("plain", Csv.defuse("plain"));
    assertEquals(12.5, Csv.defuse(12.5));
  }
}
