package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --blind: resumes added through the API are masked; health says so. */
class BlindServerTest {

  @TempDir Path tmp;

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aResumeAddedToABlindServerIsMaskedInEveryAnswer() throws Exception {
    try (Session s = Session.forWrites(new IndexLayout(tmp.resolve("index")), TestServer.MODEL, "cpu", false)) {
      s.writer().requireBlind(true); // what serve --blind does
      try (RoleServer server = new RoleServer(s, ServerConfig.localhost(0)).start()) {
        String base = "http://127.0.0.1:" + server.port();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(health.get("blind").asBoolean(), health.toString());
        String body = JSON.writeValueAsString(Map.of("kind", "resume", "id", "c-7", "title", "Jana Novak",
            "text", "Jana Novak\njana.novak@example.com | +49 30 123456\nShe built summarisers in PyTorch.\n"));
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(base + "/api/documents"))
            .header("Content-Type", "application/json").header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("c-7", JSON.readTree(added.body()).get("title").asText(), added.body());
        String got = http.send(HttpRequest.newBuilder(URI.create(base + "/api/documents/c-7")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        String topic = http.send(HttpRequest.newBuilder(URI.create(base + "/api/topic?q=summarisation")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(topic.contains("c-7"), topic);
        for (String answer : new String[] {added.body(), got, topic}) {
          for (String personal : new String[] {"Jana", "Novak", "example.com", "123456", "She "}) {
            assertFalse(answer.contains(personal), "'" + personal + "' in " + answer);
          }
        }
        assertTrue(s.index.get("c-7", false).orElseThrow().text().startsWith("[name]\n[email] | [phone]\n"));
      }
    }
    assertTrue(Files.isDirectory(tmp.resolve("index")));
  }
}
