package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.assertError;
import static dev.rolematch.server.ApiIntegrationTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import dev.rolematch.cli.Main;
import dev.rolematch.refresh.RefreshLock;
import dev.rolematch.refresh.Refresher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch-refresh endpoints over HTTP against the shared test server: a run in the background,
 * its status, stored scores equal to {@code /api/match} and to {@code ./rolematch scores --json},
 * and the refusals (401, 404, 400, 409). Each run asks for a {@code top} no other test uses, so a
 * mode change makes its first run score every posting whatever ran before.
 */
class RefreshApiTest {

  static TestServer ts;

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
  }

  HttpResponse<String> postRefresh(String body, String token) throws Exception {
    HttpRequest.Builder b = ts.request("/api/refresh").header("Content-Type", "application/json")
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  /** Starts a run (202) and polls the status until it is over; returns the final status. */
  JsonNode refresh(String body) throws Exception {
    HttpResponse<String> r = postRefresh(body, TestServer.TOKEN);
    assertEquals(202, r.statusCode(), r.body());
    assertTrue(json(r).get("running").asBoolean(), r.body());
    return waitUntilIdle();
  }

  JsonNode waitUntilIdle() throws Exception {
    long until = System.currentTimeMillis() + 120_000;
    while (true) {
      JsonNode s = json(ts.get("/api/refresh/status"));
      if (!s.get("running").asBoolean()) {
        return s;
      }
      assertTrue(System.currentTimeMillis() < until, "refresh still running: " + s);
      Thread.sleep(50);
    }
  }

  @Test
  void refreshThenNothingChangedAndStoredScoresEqualMatchScores() throws Exception {
    assertTrue(json(ts.get("/api/health")).get("refresh").asBoolean());
    JsonNode first = refresh("{\"top\": 7}");
    assertTrue(first.get("error").isNull(), first.toString());
    JsonNode s1 = first.get("last_summary");
    assertTrue(s1.get("scored").asLong() > 0, first.toString());
    assertEquals(0, s1.get("failed").asLong());
    assertEquals(0, s1.get("embedded").asLong(), "refresh embeds nothing");
    assertEquals("top:7", first.get("mode").asText());
    assertEquals(first.get("total").asLong(), first.get("done").asLong(), "progress reached the total");
    assertTrue(first.get("total").asLong() > 0);

    JsonNode second = refresh("{\"top\": 7}");
    assertEquals(0, second.get("last_summary").get("scored").asLong(), second.toString());
    assertTrue(second.get("last_summary").get("fresh").asLong() > 0);

    // Stored rows carry exactly the scores GET /api/match computes for the same pairs.
    JsonNode scores = json(ts.get("/api/scores?posting=nlp-intern"));
    assertEquals("nlp-intern", scores.get("posting").asText());
    assertTrue(scores.get("state").asText().startsWith("refreshed"), scores.toString());
    assertFalse(scores.get("candidates_changed").asBoolean());
    JsonNode rows = scores.get("rows");
    assertTrue(rows.size() >= 4, scores.toString());
    Map<String, Double> matched = new HashMap<>();
    json(ts.get("/api/match?posting=nlp-intern&top=100")).get("results")
        .forEach(n -> matched.put(n.get("id").asText(), n.get("score").asDouble()));
    int rank = 0;
    for (JsonNode row : rows) {
      assertEquals(++rank, row.get("rank").asInt());
      assertEquals("ok", row.get("status").asText());
      assertFalse(row.get("stale").asBoolean(), row.toString());
      assertTrue(row.get("evidence").isArray() && row.get("evidence").size() > 0, "evidence is JSON, not a string");
      String id = row.get("candidate_id").asText();
      assertNotNull(matched.get(id), id + " in /api/match");
      assertEquals(matched.get(id), row.get("score").asDouble(), "nlp-intern x " + id);
    }
    assertEquals(1, json(ts.get("/api/scores?posting=nlp-intern&top=1")).get("rows").size());
    assertEquals(0, json(ts.get("/api/scores?posting=nlp-intern&stale=true")).get("rows").size());

    // The same JSON as ./rolematch scores --json on the same index.
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = Main.commandLine().execute("scores", "--index", ts.root.resolve("index").toString(),
          "--posting", "nlp-intern", "--json");
    } finally {
      System.setOut(out);
    }
    assertEquals(0, exit);
    assertEquals(Json.MAPPER.readTree(captured.toString(StandardCharsets.UTF_8)), scores);
  }

  @Test
  void writesNeedTheToken() throws Exception {
    String before = json(ts.get("/api/refresh/status")).toString();
    assertTrue(assertError(postRefresh(null, null), 401).get("error").asText().contains("Bearer"));
    assertError(postRefresh("{}", "wrong-token"), 401);
    assertEquals(before, json(ts.get("/api/refresh/status")).toString(), "a refused start starts nothing");
  }

  @Test
  void secondStartWhileRunningIs409() throws Exception {
    {
      HttpResponse<String> r = postRefresh("{\"top\": 5, \"throttle_ms\": 800}", TestServer.TOKEN);
      assertEquals(202, r.statusCode(), r.body());
      JsonNode busy = assertError(postRefresh(null, TestServer.TOKEN), 409);
      assertTrue(busy.get("error").asText().contains("already running"), busy.toString());
      // Document writes wait for the run: once it is scoring, a delete returns only after it ended.
      long until = System.currentTimeMillis() + 60_000;
      JsonNode st;
      while (!(st = json(ts.get("/api/refresh/status"))).get("running").asBoolean() || st.get("total").asLong() == 0) {
        assertTrue(st.get("running").asBoolean() && System.currentTimeMillis() < until, "no slow run: " + st);
        Thread.sleep(20);
      }
      assertError(ts.send(ts.request("/api/documents/no-such-doc").header("Authorization", "Bearer " + TestServer.TOKEN)
          .DELETE()), 404);
      assertFalse(json(ts.get("/api/refresh/status")).get("running").asBoolean(), "the delete waited for the refresh");
      JsonNode done = waitUntilIdle();
      assertTrue(done.get("error").isNull(), done.toString());
      assertTrue(done.get("last_summary").get("scored").asLong() > 0);
    }
    // Another refresh (here: this test, as ./rolematch refresh would) holds the index's lock.
    try (RefreshLock held = RefreshLock.acquire(ts.session.index.layout())) {
      JsonNode busy = assertError(postRefresh("{}", TestServer.TOKEN), 409);
      assertTrue(busy.get("error").asText().contains("another refresh is running"), busy.toString());
      assertFalse(json(ts.get("/api/refresh/status")).get("running").asBoolean());
    }
  }

  @Test
  void unknownPostingsAndBadParameters() throws Exception {
    assertError(ts.get("/api/scores?posting=nobody"), 404);
    assertError(ts.get("/api/scores?posting=jana-novak"), 404); // a resume is not a posting
    assertError(ts.get("/api/scores"), 400);
    assertError(ts.get("/api/scores?posting=nlp-intern&stale=maybe"), 400);
    assertError(ts.get("/api/scores?posting=nlp-intern&top=0"), 400);
    assertError(postRefresh("{\"postings\": [\"nobody\"]}", TestServer.TOKEN), 404);
    assertError(postRefresh("{\"postings\": []}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"postings\": [3]}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"top\": -1}", TestServer.TOKEN), 400); // 0 is every pair, as --top 0
    assertError(postRefresh("{\"throttle_ms\": -5}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"throttle_ms\": \"slow\"}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"top\": 2.5}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"top\": 3, \"all_pairs\": true}", TestServer.TOKEN), 400);
    assertError(postRefresh("{\"all_pairs\": \"yes\"}", TestServer.TOKEN), 400);
    assertError(postRefresh("not json", TestServer.TOKEN), 400);
    assertFalse(json(ts.get("/api/refresh/status")).get("running").asBoolean(), "no refusal started a run");
  }
}
