package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.assertError;
import static dev.rolematch.server.ApiIntegrationTest.enc;
import static dev.rolematch.server.ApiIntegrationTest.json;
import static dev.rolematch.server.FeedbackApiTest.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feedback per user, over HTTP: the test server's token file names an admin ("default") and two
 * recruiters (alice, bob). Each user's verdicts are their own: lists and exports show the caller's
 * unless {@code ?user=} names another; writes and withdrawals act on the caller's only; bad or
 * missing tokens are refused; refitting the calibration is for the admin.
 */
class FeedbackUsersApiTest {

  static TestServer ts;
  static final String TOPIC = "Users NLP";

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

  static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder b = ts.request(pathAndQuery).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  static Set<String> candidates(JsonNode list) {
    Set<String> out = new TreeSet<>();
    list.get("feedback").forEach(f -> out.add(f.get("user").asText() + ":" + f.get("candidate").asText() + ":"
        + f.get("label").asText()));
    return out;
  }

  static HttpResponse<String> withdraw(String candidate, String token) throws Exception {
    return ts.send(ts.request("/api/feedback?query_type=topic&query=" + enc(TOPIC) + "&candidate=" + candidate)
        .header("Authorization", "Bearer " + token).DELETE());
  }

  @Test
  void eachUserSeesAndChangesOwnShortlist() throws Exception {
    String q = "/api/feedback?query_type=topic&query=" + enc(TOPIC);
    HttpResponse<String> r = post(entry("topic", TOPIC, "jana-novak", "shortlist", null), TestServer.ALICE_TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("alice", json(r).get("feedback").get(0).get("user").asText());
    assertEquals(201, post(entry("topic", TOPIC, "lukas-weber", "shortlist", null), TestServer.BOB_TOKEN).statusCode());
    assertEquals(201, post(entry("topic", TOPIC, "jana-novak", "reject", "wrong_level"), TestServer.BOB_TOKEN)
        .statusCode());
    try {
      // Each caller's own by default: bob's rejection of jana does not replace alice's shortlist.
      JsonNode alice = json(get(q, TestServer.ALICE_TOKEN));
      assertEquals("alice", alice.get("user").asText());
      assertEquals(Set.of("alice:jana-novak:shortlist"), candidates(alice));
      assertEquals(Set.of("bob:jana-novak:reject", "bob:lukas-weber:shortlist"),
          candidates(json(get(q, TestServer.BOB_TOKEN))));
      // The admin ("default") gave none here; an anonymous read is the default user's too.
      assertEquals(Set.of(), candidates(json(get(q, TestServer.TOKEN))));
      assertEquals(Set.of(), candidates(json(get(q, null))));
      // ?user= names another user (reads are open, as every read on this server), * is everyone.
      assertEquals(Set.of("alice:jana-novak:shortlist"), candidates(json(get(q + "&user=alice", null))));
      assertEquals(3, json(get(q + "&user=*", TestServer.ALICE_TOKEN)).get("count").asInt());

      // Exports: the shortlist of the caller, or of the user named (a download link sends no token).
      List<Map<String, String>> mine = FeedbackApiTest.csv(get("/api/feedback/export?query_type=topic&query="
          + enc(TOPIC) + "&label=shortlist", TestServer.BOB_TOKEN).body());
      assertEquals(List.of("lukas-weber"), mine.stream().map(m -> m.get("candidate")).toList());
      assertEquals("bob", mine.get(0).get("user"));
      List<Map<String, String>> hers = FeedbackApiTest.csv(get("/api/feedback/export?query_type=topic&query="
          + enc(TOPIC) + "&label=shortlist&user=alice", null).body());
      assertEquals(List.of("jana-novak"), hers.stream().map(m -> m.get("candidate")).toList());
      // The results export's feedback column is one user's.
      List<Map<String, String>> rows = FeedbackApiTest.csv(get("/api/results/export?type=topic&q=" + enc(TOPIC)
          + "&user=bob", null).body());
      Map<String, String> jana = rows.stream().filter(m -> m.get("id").equals("jana-novak")).findFirst().orElseThrow();
      assertEquals("reject", jana.get("feedback"));

      // Withdrawing is of one's own verdict: alice cannot withdraw bob's shortlist.
      assertError(withdraw("lukas-weber", TestServer.ALICE_TOKEN), 404);
      assertEquals(1, json(get(q + "&user=bob&label=shortlist", null)).get("count").asInt());
      // A verdict cannot be stored in another user's name.
      String forged = "{\"query_type\":\"topic\",\"query\":\"" + TOPIC
          + "\",\"candidate\":\"ola-nordmann\",\"label\":\"good_fit\",\"user\":\"bob\"}";
      assertError(post(forged, TestServer.ALICE_TOKEN), 403);
      assertEquals(2, json(get(q, TestServer.BOB_TOKEN)).get("count").asInt());
    } finally {
      withdraw("jana-novak", TestServer.ALICE_TOKEN);
      withdraw("jana-novak", TestServer.BOB_TOKEN);
      withdraw("lukas-weber", TestServer.BOB_TOKEN);
    }
    assertEquals(0, json(get(q + "&user=*", null)).get("count").asInt());
  }

  @Test
  void authErrors() throws Exception {
    String q = "/api/feedback?query_type=topic&query=" + enc(TOPIC);
    assertError(post(entry("topic", TOPIC, "jana-novak", "shortlist", null), null), 401);
    assertError(post(entry("topic", TOPIC, "jana-novak", "shortlist", null), "not-a-token"), 401);
    // A token sent with a read must be valid too: it says whose verdicts to list.
    HttpResponse<String> bad = get(q, "not-a-token");
    assertError(bad, 401);
    assertTrue(bad.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    assertTrue(!bad.body().contains("not-a-token"), "no token echoed");
    assertError(get(q + "&user=" + enc("bob smith"), null), 400);
    assertError(get("/api/results/export?type=topic&q=NLP&user=*", null), 400);
    assertEquals(0, json(get(q + "&user=*", null)).get("count").asInt(), "nothing stored by the refused writes");
  }

  /** Refitting is for the admin; a recruiter's token is refused before anything runs. */
  @Test
  void refitIsForAdmins() throws Exception {
    HttpRequest.Builder start = ts.request("/api/calibration/refit").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
    assertError(ts.send(start.copy()), 401);
    HttpResponse<String> alice = ts.send(start.copy().header("Authorization", "Bearer " + TestServer.ALICE_TOKEN));
    assertError(alice, 403);
    assertTrue(alice.body().contains("admin"), alice.body());
    HttpResponse<String> text = ts.send(ts.request("/api/calibration/refit").header("Content-Type", "text/plain")
        .header("Authorization", "Bearer " + TestServer.TOKEN).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertError(text, 415);
    JsonNode job = json(ts.get("/api/calibration/refit"));
    assertTrue(!job.get("running").asBoolean(), job.toString());
  }

  /** Without the dev data the admin's refit is refused at once, naming where the data should be. */
  @Test
  void refitWithoutDevDataSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    dev.rolematch.app.CalibrationRefit.Sources real = RefitData.write(tmp);
    dev.rolematch.eval.RegressionSpec gone = new dev.rolematch.eval.RegressionSpec("category_dev", "absent",
        new dev.rolematch.eval.RegressionSpec.Data(tmp.resolve("absent/resumes.jsonl").toString(),
            tmp.resolve("absent/queries.jsonl").toString(), tmp.resolve("absent/qrels.csv").toString(), null),
        List.of(), List.of(), List.of(), false);
    ts.server.calibration().useSources(new dev.rolematch.app.CalibrationRefit.Sources(tmp, real.evalIndexes(), gone,
        real.labels()));
    assertEquals(201, post(entry("topic", TOPIC, "ola-nordmann", "reject", null), TestServer.TOKEN).statusCode());
    try {
      HttpResponse<String> r = ts.send(ts.request("/api/calibration/refit").header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + TestServer.TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")));
      JsonNode e = assertError(r, 409);
      assertTrue(e.get("error").asText().contains("category_dev") && e.get("error").asText().contains(
          tmp.resolve("absent/resumes.jsonl").toString()), e.toString());
      assertTrue(!json(ts.get("/api/calibration/refit")).get("running").asBoolean(), "no job was started");
    } finally {
      ts.server.calibration().useSources(null);
      withdraw("ola-nordmann", TestServer.TOKEN);
    }
  }
}
