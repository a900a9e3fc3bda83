package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.assertError;
import static dev.rolematch.server.ApiIntegrationTest.enc;
import static dev.rolematch.server.ApiIntegrationTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile test's inputs, each refused the way the README's Security section says: cross-site
 * writes to the default (token-less) server, DNS-rebound Host names, chunked bodies past the size
 * limit, slow headers, deep or costly must-have queries, absurd refresh id lists and ids, the
 * page's charset, and upload temp folders left by dead servers.
 */
class ServerHardeningTest {

  static TestServer ts;

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
  }

  /** A second server over the shared session with its own config (no writes succeed through it). */
  static void withServer(ServerConfig config, ServerTest body) throws Exception {
    RoleServer s = new RoleServer(ts.session, config).start();
    try {
      body.run(s);
    } finally {
      s.close();
    }
  }

  interface ServerTest {
    void run(RoleServer s) throws Exception;
  }

  static HttpResponse<String> send(int port, String method, String path, String contentType, String body,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return ts.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One raw HTTP/1.1 exchange (java.net.http will not send a Host of our choosing). */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static int status(String rawResponse) {
    return Integer.parseInt(rawResponse.split(" ", 3)[1]);
  }

  static JsonNode rawJson(String rawResponse) throws IOException {
    return Json.MAPPER.readTree(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4));
  }

  static String get(String path, String host) {
    return "GET " + path + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
  }

  static final String RESUME_JSON = "{\"kind\":\"resume\",\"id\":\"jana-novak\",\"text\":\"Mallory\\nNothing\"}";

  // ---- 1. cross-site writes, content types, Host names ----

  @Test
  void crossSiteWritesToTheDefaultServerAreRefused() throws Exception {
    withServer(ServerConfig.localhost(0), s -> {
      int p = s.port();
      String own = "http://127.0.0.1:" + p;
      String before = ts.get("/api/documents/jana-novak").body();
      Map<String, String> evil = Map.of("Origin", "http://evil.example");
      // The hostile "simple request": text/plain from a foreign page replaced a resume.
      JsonNode n = assertError(send(p, "POST", "/api/documents", "text/plain", RESUME_JSON, evil), 403);
      assertTrue(n.get("error").asText().contains("another origin"), n.toString());
      // Even declared as JSON, and as a form or multipart upload, and a refresh, and a delete.
      assertError(send(p, "POST", "/api/documents", "application/json", RESUME_JSON, evil), 403);
      assertError(send(p, "POST", "/api/documents", "application/x-www-form-urlencoded", "kind=resume&id=x&text=y",
          evil), 403);
      assertError(send(p, "POST", "/api/documents/upload?kind=resume&id=x", "multipart/form-data; boundary="
          + ApiIntegrationTest.BOUNDARY, new String(ApiIntegrationTest.multipart("file", "x.txt",
          "Mallory\nPython".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8), evil), 403);
      assertError(send(p, "POST", "/api/refresh", "text/plain", "", evil), 403);
      assertError(send(p, "POST", "/api/refresh", null, null, evil), 403);
      assertError(send(p, "DELETE", "/api/documents/jana-novak", null, null, evil), 403);
      assertError(send(p, "POST", "/api/documents", "application/json", RESUME_JSON, Map.of("Origin", "null")), 403);
      // Another site, or another port of this host, as the browser reports it.
      assertError(send(p, "POST", "/api/documents", "application/json", RESUME_JSON,
          Map.of("Origin", own, "Sec-Fetch-Site", "cross-site")), 403);
      assertError(send(p, "POST", "/api/documents", "application/json", RESUME_JSON,
          Map.of("Sec-Fetch-Site", "same-site")), 403);
      assertError(send(p, "POST", "/api/documents", "application/json", RESUME_JSON,
          Map.of("Origin", "http://127.0.0.1:" + (p == 65535 ? 1 : p + 1))), 403);
      assertEquals(before, ts.get("/api/documents/jana-novak").body(), "nothing was replaced or deleted");
      assertEquals(200, ts.get("/api/documents/jana-novak").statusCode());

      // JSON endpoints take JSON only, whoever sends it.
      JsonNode plain = assertError(send(p, "POST", "/api/documents", "text/plain", RESUME_JSON, Map.of()), 415);
      assertTrue(plain.get("error").asText().contains("application/json"), plain.toString());
      assertError(send(p, "POST", "/api/match", "text/plain", "{\"text\":\"Python developer\"}", Map.of()), 415);
      assertError(send(p, "POST", "/api/refresh", "application/x-www-form-urlencoded", "a=b", Map.of()), 415);

      // The page's own requests pass: same origin (as Chrome sends them) and JSON.
      Map<String, String> page = Map.of("Origin", own, "Sec-Fetch-Site", "same-origin");
      HttpResponse<String> read = send(p, "POST", "/api/match", "application/json; charset=utf-8",
          "{\"text\":\"Python developer\",\"top\":1}", page);
      assertEquals(200, read.statusCode(), read.body());
      // Past every guard to the handler's own validation (a write that would succeed is not sent here).
      assertError(send(p, "POST", "/api/documents", "application/json", "{\"kind\":\"cv\",\"id\":\"x\",\"text\":\"y\"}",
          page), 400);
      assertError(send(p, "POST", "/api/documents", "application/json", "{\"kind\":\"cv\",\"id\":\"x\",\"text\":\"y\"}",
          Map.of("Origin", "http://localhost:" + p)), 403); // sent to 127.0.0.1: another origin
      // Scripts without Origin (curl) are not browsers: only the content type applies.
      assertError(send(p, "POST", "/api/documents", "application/json", "{\"kind\":\"cv\",\"id\":\"x\",\"text\":\"y\"}",
          Map.of()), 400);
    });
  }

  @Test
  void allowedOriginsAreConfigurable() throws Exception {
    ServerConfig cfg = ServerConfig.localhost(0).withAllowedOrigins(List.of("https://rolematch.example.com"));
    withServer(cfg, s -> {
      String body = "{\"kind\":\"cv\",\"id\":\"x\",\"text\":\"y\"}";
      assertError(send(s.port(), "POST", "/api/documents", "application/json", body,
          Map.of("Origin", "https://rolematch.example.com", "Sec-Fetch-Site", "cross-site")), 400);
      assertError(send(s.port(), "POST", "/api/documents", "application/json", body,
          Map.of("Origin", "https://other.example.com")), 403);
    });
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.localhost(0).withAllowedOrigins(List.of("rolematch.example.com/path")));
  }

  @Test
  void onlyAllowedHostNamesAreServed() throws Exception {
    int p = ts.server.port();
    // DNS rebinding: a page on evil.example, its name now pointing at 127.0.0.1, reads nothing.
    String rebound = raw(p, get("/api/documents?kind=resume", "evil.example:" + p));
    assertEquals(421, status(rebound), rebound);
    assertTrue(rawJson(rebound).get("error").asText().contains("--allowed-hosts"), rebound);
    assertFalse(rebound.contains("jana-novak"), "no resume ids for a foreign host");
    assertEquals(421, status(raw(p, get("/", "evil.example"))));
    assertEquals(421, status(raw(p, get("/api/documents/jana-novak", "127.0.0.1.evil.example:" + p))));
    assertEquals(421, status(raw(p, "GET /api/health HTTP/1.0\r\n\r\n")), "no Host at all");
    // Loopback names, with any port.
    for (String host : List.of("127.0.0.1:" + p, "localhost:" + p, "LOCALHOST", "[::1]:" + p, "127.0.0.1")) {
      assertEquals(200, status(raw(p, get("/api/health", host))), host);
    }
    withServer(ServerConfig.localhost(0).withAllowedHosts(List.of("rm.example", "proxy.example:8443")), s -> {
      assertEquals(200, status(raw(s.port(), get("/api/health", "rm.example"))));
      assertEquals(200, status(raw(s.port(), get("/", "rm.example:80"))));
      assertEquals(200, status(raw(s.port(), get("/api/health", "proxy.example:8443"))));
      assertEquals(421, status(raw(s.port(), get("/api/health", "proxy.example:9999"))));
      assertEquals(421, status(raw(s.port(), get("/api/health", "evil.example"))));
    });
    withServer(ServerConfig.localhost(0).withAllowedHosts(List.of("*")), s ->
        assertEquals(200, status(raw(s.port(), get("/api/health", "anything.example")))));
  }

  @Test
  void guardUnitRules() {
    assertTrue(RequestGuard.isOwnOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assertTrue(RequestGuard.isOwnOrigin("http://example.com", "example.com:80"));
    assertTrue(RequestGuard.isOwnOrigin("https://example.com", "example.com"), "TLS proxy keeping the Host");
    assertFalse(RequestGuard.isOwnOrigin("http://example.com:8080", "example.com"));
    assertFalse(RequestGuard.isOwnOrigin("null", "127.0.0.1:8080"));
    assertFalse(RequestGuard.isOwnOrigin("http://127.0.0.1:8080/x", "127.0.0.1:8080"));
    assertEquals("[::1]", RequestGuard.bracketed("0:0:0:0:0:0:0:1"));
    assertEquals("[fe80::1:2]", RequestGuard.bracketed("fe80:0:0:0:0:0:1:2"));
    RequestGuard g = new RequestGuard(ServerConfig.localhost(0).withBind("192.168.7.9"));
    assertTrue(g.hostAllowed("192.168.7.9:8080"));
    assertTrue(g.hostAllowed("localhost."));
    assertFalse(g.hostAllowed("192.168.7.10:8080"));
  }

  // ---- 2. streaming request-size limit ----

  /** A JSON body of about {@code padBytes} with a short posting: valid, and read in full before the fix. */
  static HttpRequest.BodyPublisher chunkedPastedPosting(int padBytes) {
    byte[] head = "{\"text\":\"Python developer with PyTorch\",\"top\":1,\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
    // Unknown length: java.net.http sends it chunked, with no Content-Length to refuse up front.
    return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(List.of(
        new ByteArrayInputStream(head), new RepeatingStream((byte) 'a', padBytes), new ByteArrayInputStream(tail)))));
  }

  @Test
  void chunkedBodiesPastTheLimitAre413() throws Exception {
    HttpResponse<String> big = ts.send(ts.request("/api/match").header("Content-Type", "application/json")
        .POST(chunkedPastedPosting(12 * 1024 * 1024)));
    JsonNode n = assertError(big, 413);
    assertTrue(n.get("error").asText().contains("10 MB"), n.toString());
    // The same for a write with the token, and the server is still up.
    HttpResponse<String> doc = ts.send(ts.request("/api/documents").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.TOKEN).POST(chunkedPastedPosting(12 * 1024 * 1024)));
    assertError(doc, 413);
    assertEquals(200, ts.get("/api/health").statusCode());
    // A chunked body under the limit is read as before.
    HttpResponse<String> small = ts.send(ts.request("/api/match").header("Content-Type", "application/json")
        .POST(chunkedPastedPosting(1024 * 1024)));
    assertEquals(200, small.statusCode(), small.body());
    assertEquals(1, json(small).get("results").size());
  }

  /** {@code n} copies of one byte, without holding them. */
  static final class RepeatingStream extends InputStream {
    private final byte b;
    private long left;

    RepeatingStream(byte b, long n) {
      this.b = b;
      this.left = n;
    }

    @Override
    public int read() {
      return left-- > 0 ? b : -1;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(buf, off, off + n, b);
      left -= n;
      return n;
    }
  }

  // ---- 5. slow headers ----

  @Test
  void aClientSendingHeadersOneBytePerSecondIsCutOff() throws Exception {
    // Idle timeout 30 s (each byte restarts it); the header deadline is what cuts this client off.
    ServerConfig cfg = ServerConfig.localhost(0).withHeaderTimeout(Duration.ofSeconds(2));
    withServer(cfg, s -> {
      byte[] request = ("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200))
          .getBytes(StandardCharsets.US_ASCII);
      boolean closed = false;
      try (Socket sock = new Socket("127.0.0.1", s.port())) {
        sock.setSoTimeout(1000); // the one-byte-per-second pace
        OutputStream out = sock.getOutputStream();
        for (int i = 0; i < 40 && !closed; i++) { // the test's own bound: 40 bytes, about 40 s
          try {
            out.write(request[i]);
            out.flush();
            closed = sock.getInputStream().read() == -1;
          } catch (SocketTimeoutException stillOpen) {
            // no answer and not closed yet: next byte
          } catch (IOException reset) {
            closed = true;
          }
        }
      }
      assertTrue(closed, "the server closed a connection whose headers never completed");
      // A normal client on the same server is unaffected.
      assertEquals(200, status(raw(s.port(), get("/api/health", "127.0.0.1:" + s.port()))));
    });
  }

  // ---- 3. must-have queries over HTTP ----

  @Test
  void deepMustQueriesAre400NotEmpty500() throws Exception {
    String deep = "(".repeat(200) + "python" + ")".repeat(200);
    JsonNode n = assertError(ts.get("/api/match?posting=nlp-intern&must=" + enc(deep)), 400);
    assertEquals("the must-have query nests 200 levels deep; at most 32 are allowed", n.get("error").asText());
    String deeper = "(".repeat(3000) + "python" + ")".repeat(3000);
    String body = Json.MAPPER.writeValueAsString(Map.of("text", "Python developer", "must", deeper));
    JsonNode p = assertError(ts.send(ts.request("/api/match").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))), 400);
    assertTrue(p.get("error").asText().contains("nests 3000 levels deep"), p.toString());
    List<String> fuzzy = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      fuzzy.add("skill" + i + "~");
    }
    String costly = Json.MAPPER.writeValueAsString(Map.of("text", "Python developer", "must", String.join(" OR ", fuzzy)));
    assertTrue(assertError(ts.send(ts.request("/api/match").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(costly))), 400).get("error").asText().contains("at most 10"));
    assertEquals(200, ts.get("/api/topic?q=NLP&must=" + enc("pytorch~ OR pyth*")).statusCode());
  }

  // ---- 4. refresh id lists ----

  @Test
  void absurdRefreshIdListsAreRefusedAndDuplicatesCostNothing() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add("posting-" + i);
    }
    JsonNode n = assertError(postRefresh(Map.of("postings", ids)), 400);
    assertTrue(n.get("error").asText().contains("100000 ids; at most 10000"), n.toString());
    // Under the cap, de-duplicated in one pass; the first unknown id is named.
    List<String> dupes = new ArrayList<>(Collections.nCopies(9_000, "nobody-here"));
    dupes.add(0, "nlp-intern");
    JsonNode missing = assertError(postRefresh(Map.of("postings", dupes)), 404);
    assertTrue(missing.get("error").asText().contains("'nobody-here'"), missing.toString());
    JsonNode longId = assertError(postRefresh(Map.of("postings", List.of("p".repeat(40_000)))), 400);
    assertTrue(longId.get("error").asText().length() < 200, longId.toString());
    assertFalse(json(ts.get("/api/refresh/status")).get("running").asBoolean(), "no refusal started a run");
  }

  HttpResponse<String> postRefresh(Object body) throws Exception {
    return ts.send(ts.request("/api/refresh").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))));
  }

  // ---- 5. ids, charset, temp folders ----

  @Test
  void longIdsAreRefusedWithAShortMessage() throws Exception {
    String id = "x".repeat(40_000);
    String body = Json.MAPPER.writeValueAsString(Map.of("kind", "resume", "id", id, "text", "Ann\nPython"));
    JsonNode n = assertError(ts.send(ts.request("/api/documents").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.TOKEN).POST(HttpRequest.BodyPublishers.ofString(body))), 400);
    String m = n.get("error").asText();
    assertTrue(m.contains("has 40000 characters; an id may have at most 200"), m);
    assertTrue(m.contains("x".repeat(60)) && !m.contains("x".repeat(61)), "at most 60 characters of the id: " + m);
    String ok = Json.MAPPER.writeValueAsString(Map.of("kind", "resume", "id", "y".repeat(201), "text", "Ann\nPython"));
    assertError(ts.send(ts.request("/api/documents").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.TOKEN).POST(HttpRequest.BodyPublishers.ofString(ok))), 400);
  }

  @Test
  void pageAndAssetsDeclareUtf8() throws Exception {
    for (String path : List.of("/", "/index.html", "/app.js", "/app.css", "/openapi.json")) {
      String type = ts.get(path).headers().firstValue("Content-Type").orElse("");
      assertTrue(type.toLowerCase(java.util.Locale.ROOT).replace(" ", "").contains(";charset=utf-8"), path + ": " + type);
      assertFalse(type.contains("null"), path + ": " + type);
    }
    assertTrue(ts.get("/").headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
  }

  @Test
  void uploadsLeaveNoTempFolder() throws Exception {
    Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"));
    String mine = "rolematch-upload-" + ProcessHandle.current().pid() + "-";
    Consumer<String> none = when -> {
      try (var list = Files.list(tmpRoot)) {
        assertEquals(List.of(), list.filter(f -> f.getFileName().toString().startsWith(mine)).toList(), when);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    HttpResponse<String> bad = ts.send(ts.request("/api/documents/upload?kind=resume&id=tmp-check")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "multipart/form-data; boundary=" + ApiIntegrationTest.BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(ApiIntegrationTest.multipart("file", "bad.pdf",
            "not a pdf".getBytes(StandardCharsets.UTF_8)))));
    JsonNode refused = assertError(bad, 400);
    assertTrue(refused.get("error").asText().startsWith("upload:bad.pdf: not a valid PDF"), refused.toString());
    none.accept("after a failed upload");
  }
}
