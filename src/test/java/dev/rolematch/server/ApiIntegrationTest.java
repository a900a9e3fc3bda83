package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.Filters;
import dev.rolematch.match.Matcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and error path of the API, over HTTP against the real server and index. */
class ApiIntegrationTest {

  static TestServer ts;

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A 4xx/5xx with the JSON error body the contract promises. */
  static JsonNode assertError(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    JsonNode n = json(r);
    assertEquals(status, n.get("status").asInt());
    assertFalse(n.get("error").asText().isBlank());
    assertFalse(r.body().contains("\tat "), "no stack trace in the body");
    return n;
  }

  HttpResponse<String> postJson(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = ts.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  HttpResponse<String> delete(String path, String token) throws Exception {
    HttpRequest.Builder b = ts.request(path).DELETE();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  static final String BOUNDARY = "----rolematch-test-boundary";

  static byte[] multipart(String field, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  HttpResponse<String> upload(String query, String fileName, byte[] content, String token) throws Exception {
    HttpRequest.Builder b = ts.request("/api/documents/upload" + query)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("file", fileName, content)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ts.send(b);
  }

  // ---- status, topics, lists, static files ----

  @Test
  void healthReportsModelAndCounts() throws Exception {
    HttpResponse<String> r = ts.get("/api/health");
    assertEquals(200, r.statusCode());
    JsonNode h = json(r);
    assertEquals("ok", h.get("status").asText());
    assertEquals(TestServer.MODEL, h.get("model").asText());
    assertTrue(h.get("counts").get("postings").asInt() >= 2);
    assertTrue(h.get("counts").get("resumes").asInt() >= 4);
    assertTrue(h.get("auth_required").asBoolean());
    assertEquals(10L * 1024 * 1024, h.get("max_request_bytes").asLong());
    assertTrue(h.get("refresh").asBoolean(), "the refresh endpoints are served");
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  @Test
  void pageAndAssetsAreServedLocally() throws Exception {
    HttpResponse<String> page = ts.get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("id=\"topic-input\""));
    assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external assets");
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    for (String asset : List.of("/app.js", "/app.css", "/favicon.svg")) {
      HttpResponse<String> a = ts.get(asset);
      assertEquals(200, a.statusCode(), asset);
      String body = a.body().replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
      assertFalse(body.contains("http://") || body.contains("https://"), asset + " loads nothing remote");
    }
  }

  @Test
  void openApiDocumentsEveryRoute() throws Exception {
    HttpResponse<String> r = ts.get("/openapi.json");
    assertEquals(200, r.statusCode());
    JsonNode spec = json(r);
    assertTrue(spec.get("openapi").asText().startsWith("3."));
    Set<String> documented = new HashSet<>();
    spec.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (!m.equals("parameters")) {
        documented.add(m.toUpperCase() + " " + p.getKey());
      }
    }));
    // What Javalin holds, not a list typed here: a route added without its documentation fails.
    Set<String> served = ts.server.registeredRoutes();
    Set<String> table = new java.util.TreeSet<>();
    ts.server.routes().forEach(route -> table.add(route.key()));
    assertEquals(table, served, "every route in RoleServer.routes() is registered, and nothing else");
    assertFalse(served.isEmpty(), "no routes found on the Javalin app");
    Set<String> undocumented = new java.util.TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<String> notServed = new java.util.TreeSet<>(documented);
    notServed.removeAll(served);
    assertEquals(Set.of(), undocumented, "served routes missing from web/openapi.json");
    assertEquals(Set.of(), notServed, "routes in web/openapi.json that the server does not serve");
    assertTrue(spec.get("info").get("description").asText().contains("10 MB"), "the upload limit is documented");
  }

  @Test
  void topicsAndSuggestions() throws Exception {
    JsonNode all = json(ts.get("/api/topics"));
    assertTrue(all.get("topics").size() > 5);
    JsonNode s = json(ts.get("/api/topics/suggest?q=nl"));
    assertEquals("nl", s.get("query").asText());
    boolean nlp = false;
    for (JsonNode t : s.get("suggestions")) {
      nlp |= t.get("id").asText().equals("nlp");
    }
    assertTrue(nlp, s.toString());
    assertEquals(3, json(ts.get("/api/topics/suggest?max=3")).get("suggestions").size());
    assertError(ts.get("/api/topics/suggest?q=x&max=0"), 400);
    assertError(ts.get("/api/topics/suggest?q=x&max=lots"), 400);
  }

  @Test
  void postingsAndDocumentLists() throws Exception {
    JsonNode p = json(ts.get("/api/postings"));
    List<String> ids = new ArrayList<>();
    p.get("postings").forEach(n -> ids.add(n.get("id").asText()));
    assertTrue(ids.containsAll(List.of("nlp-intern", "vision-intern")), ids.toString());
    assertEquals("Research Intern, Natural Language Processing", p.get("postings").get(0).get("title").asText());
    JsonNode resumes = json(ts.get("/api/documents?kind=resume"));
    resumes.get("documents").forEach(n -> assertEquals("resume", n.get("kind").asText()));
    assertTrue(resumes.get("documents").size() >= 4);
    assertError(ts.get("/api/documents?kind=cv"), 400);
  }

  @Test
  void documentMetadataWithoutText() throws Exception {
    JsonNode d = json(ts.get("/api/documents/jana-novak"));
    assertEquals("resume", d.get("kind").asText());
    assertEquals("Jana Novak", d.get("title").asText());
    assertEquals(TestServer.NLP_RESUME.strip().length(), d.get("text_length").asInt(), 3.0);
    assertTrue(d.get("chunks").asInt() >= 1);
    assertEquals("Berlin, Germany", d.get("metadata").get("location").asText());
    assertEquals("PhD", d.get("metadata").get("highest_degree").asText());
    assertFalse(d.has("text"));
    JsonNode p = json(ts.get("/api/documents/nlp-intern"));
    assertTrue(p.get("requirements").get("must").asInt() >= 1, p.toString());
    assertError(ts.get("/api/documents/no-such-doc"), 404);
  }

  // ---- queries ----

  @Test
  void matchIndexedPostingIsTheCliJsonContract() throws Exception {
    HttpResponse<String> r = ts.get("/api/match?posting=nlp-intern&top=3");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode got = json(r);
    JsonNode first = got.get("results").get(0);
    assertEquals("jana-novak", first.get("id").asText());
    for (String f : List.of("rank", "id", "title", "score", "must_haves", "evidence", "metadata")) {
      assertTrue(first.has(f), f);
    }
    for (String f : List.of("met", "unmet", "unknown")) {
      assertTrue(first.get("must_haves").has(f), f);
    }
    for (String f : List.of("requirement", "kind", "snippet", "similarity", "status")) {
      assertTrue(first.get("evidence").get(0).has(f), f);
    }
    assertEquals(3, got.get("results").size());
    // Same bytes-for-meaning as the CLI's --json: the matcher's response through the one mapper.
    Matcher m = ts.session.matcher();
    var expected = m.matchPosting(Matcher.postingProfile(ts.session.index.get("nlp-intern", true).orElseThrow()),
        new Filters(null, null, null), 3, new ArrayList<>());
    assertEquals(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(expected)), got);
  }

  @Test
  void matchFilters() throws Exception {
    JsonNode berlin = json(ts.get("/api/match?posting=nlp-intern&location=Berlin"));
    assertTrue(berlin.get("results").size() >= 1);
    berlin.get("results").forEach(n -> assertTrue(n.get("metadata").get("location").asText().contains("Berlin")));
    JsonNode must = json(ts.get("/api/match?posting=vision-intern&must=" + enc("opencv AND cuda")));
    assertEquals(1, must.get("results").size(), must.toString());
    assertEquals("ola-nordmann", must.get("results").get(0).get("id").asText());
    JsonNode years = json(ts.get("/api/match?posting=nlp-intern&min_years=50"));
    assertEquals(0, years.get("results").size());
    assertEquals(50, years.get("query").get("filters").get("min_years").asInt());
  }

  @Test
  void matchErrors() throws Exception {
    assertError(ts.get("/api/match"), 400);
    assertTrue(assertError(ts.get("/api/match?posting=nope"), 404).get("error").asText().contains("nope"));
    assertError(ts.get("/api/match?posting=jana-novak"), 404); // a resume is not a posting
    assertError(ts.get("/api/match?posting=nlp-intern&top=0"), 400);
    assertError(ts.get("/api/match?posting=nlp-intern&top=101"), 400);
    assertError(ts.get("/api/match?posting=nlp-intern&top=ten"), 400);
    assertError(ts.get("/api/match?posting=nlp-intern&min_years=-1"), 400);
    assertTrue(assertError(ts.get("/api/match?posting=nlp-intern&must=" + enc("(python AND")), 400)
        .get("error").asText().contains("must"));
  }

  @Test
  void matchPastedPostingIsAReadWithoutToken() throws Exception {
    String body = Json.MAPPER.writeValueAsString(java.util.Map.of("text", TestServer.VISION_POSTING, "top", 2));
    HttpResponse<String> r = postJson("/api/match", body, null);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode got = json(r);
    assertEquals("posting", got.get("query").get("type").asText());
    assertEquals(2, got.get("results").size());
    assertEquals("ola-nordmann", got.get("results").get(0).get("id").asText());
    assertTrue(got.get("query").get("requirements").get("must").asInt() >= 1);
  }

  @Test
  void matchPastedErrors() throws Exception {
    assertError(postJson("/api/match", "{\"text\": \"   \"}", null), 400);
    assertError(postJson("/api/match", "{}", null), 400);
    assertError(postJson("/api/match", "", null), 400);
    assertError(postJson("/api/match", "{\"text\": ", null), 400);
    assertError(postJson("/api/match", "[1, 2]", null), 400);
    assertError(postJson("/api/match", "{\"text\": 42}", null), 400);
    assertError(postJson("/api/match", "{\"text\": \"Python developer\", \"top\": 0}", null), 400);
    assertError(postJson("/api/match", "{\"text\": \"Python developer\", \"top\": \"five\"}", null), 400);
    assertError(postJson("/api/match", "{\"text\": \"Python developer\", \"min_years\": -2}", null), 400);
    String huge = "{\"text\": \"" + "python ".repeat(20_000) + "\"}";
    assertError(postJson("/api/match", huge, null), 413);
  }

  @Test
  void topicQuery() throws Exception {
    HttpResponse<String> r = ts.get("/api/topic?q=NLP&top=2");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode got = json(r);
    assertEquals("topic", got.get("query").get("type").asText());
    assertEquals("nlp", got.get("query").get("resolved").asText());
    assertEquals(2, got.get("results").size());
    Set<String> top2 = Set.of(got.get("results").get(0).get("id").asText(), got.get("results").get(1).get("id").asText());
    assertEquals(Set.of("jana-novak", "lukas-weber"), top2);
    JsonNode free = json(ts.get("/api/topic?q=" + enc("kitchen management")));
    assertEquals("marco-bellini", free.get("results").get(0).get("id").asText());
    assertError(ts.get("/api/topic"), 400);
    assertError(ts.get("/api/topic?q=%20"), 400);
    assertError(ts.get("/api/topic?q=" + "x".repeat(501)), 400);
  }

  @Test
  void postingsForCandidate() throws Exception {
    JsonNode got = json(ts.get("/api/postings-for?candidate=ola-nordmann"));
    assertEquals("candidate", got.get("query").get("type").asText());
    assertEquals("vision-intern", got.get("results").get(0).get("id").asText());
    assertError(ts.get("/api/postings-for"), 400);
    assertError(ts.get("/api/postings-for?candidate=nobody"), 404);
    assertError(ts.get("/api/postings-for?candidate=nlp-intern"), 404); // a posting is not a candidate
  }

  // ---- writes ----

  @Test
  void addFindUpdateAndDeleteJsonDocument() throws Exception {
    String text = """
        Priya Raman
        Chennai, India
        Experience
        - Built speech recognition and spoken language understanding models (2020 - 2024)
        Skills: Python, PyTorch, Kaldi
        """;
    String body = Json.MAPPER.writeValueAsString(java.util.Map.of("kind", "resume", "id", "API Priya", "text", text));
    HttpResponse<String> r = postJson("/api/documents", body, TestServer.TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode added = json(r);
    assertEquals("api-priya", added.get("id").asText());
    assertEquals("added", added.get("outcome").asText());
    assertEquals("Priya Raman", added.get("title").asText());
    assertTrue(added.get("chunks").asInt() >= 1);

    assertEquals("unchanged", json(postJson("/api/documents", body, TestServer.TOKEN)).get("outcome").asText());
    String retitled = Json.MAPPER.writeValueAsString(
        java.util.Map.of("kind", "resume", "id", "api-priya", "title", "P. Raman", "text", text));
    HttpResponse<String> r2 = postJson("/api/documents", retitled, TestServer.TOKEN);
    assertEquals(200, r2.statusCode(), r2.body());
    assertEquals("replaced", json(r2).get("outcome").asText());
    assertEquals("P. Raman", json(ts.get("/api/documents/api-priya")).get("title").asText());

    JsonNode found = json(ts.get("/api/topic?q=" + enc("speech recognition") + "&top=1"));
    assertEquals("api-priya", found.get("results").get(0).get("id").asText(), "searchable right after the add");

    assertEquals(200, delete("/api/documents/api-priya", TestServer.TOKEN).statusCode());
    assertError(ts.get("/api/documents/api-priya"), 404);
    assertError(delete("/api/documents/api-priya", TestServer.TOKEN), 404);
    JsonNode after = json(ts.get("/api/topic?q=" + enc("speech recognition")));
    after.get("results").forEach(n -> assertFalse(n.get("id").asText().equals("api-priya")));
  }

  @Test
  void addErrors() throws Exception {
    String ok = "{\"kind\":\"resume\",\"id\":\"x-err\",\"text\":\"Some One\\nPython developer\"}";
    JsonNode missing = assertError(postJson("/api/documents", ok, null), 401);
    assertTrue(missing.get("error").asText().contains("Bearer"));
    assertError(postJson("/api/documents", ok, "wrong-token"), 401);
    assertError(postJson("/api/documents", ok, TestServer.TOKEN + "x"), 401);
    assertError(delete("/api/documents/jana-novak", null), 401);
    assertError(delete("/api/documents/jana-novak", "nope"), 401);
    assertEquals(200, ts.get("/api/documents/jana-novak").statusCode(), "a refused delete deletes nothing");

    assertError(postJson("/api/documents", "{\"kind\":\"cv\",\"id\":\"x\",\"text\":\"abc\"}", TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "{\"id\":\"x\",\"text\":\"abc\"}", TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "{\"kind\":\"resume\",\"id\":\"x\",\"text\":\"  \"}", TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "{\"kind\":\"resume\",\"text\":\"abc\"}", TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "{\"kind\":\"resume\",\"id\":\"!!!\",\"text\":\"abc\"}", TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "{\"kind\":\"resume\",\"id\":\"x\",\"text\":\"a\",\"format\":\"pdf\"}",
        TestServer.TOKEN), 400);
    assertError(postJson("/api/documents", "not json", TestServer.TOKEN), 400);
    // An id taken by the other kind is a conflict, not a silent replacement.
    assertError(postJson("/api/documents", "{\"kind\":\"posting\",\"id\":\"jana-novak\",\"text\":\"Intern\\nPython\"}",
        TestServer.TOKEN), 409);
  }

  @Test
  void uploadsOfEachFormat(@TempDir Path tmp) throws Exception {
    HttpResponse<String> txt = upload("?kind=resume&id=up-txt", "Kim Lee CV.txt",
        "Kim Lee\nSeoul, Korea\nExperience\n- Built recommender systems with PyTorch (2019 - 2024)\n".getBytes(StandardCharsets.UTF_8),
        TestServer.TOKEN);
    assertEquals(201, txt.statusCode(), txt.body());
    assertEquals("up-txt", json(txt).get("id").asText());
    assertEquals("upload:Kim Lee CV.txt", json(ts.get("/api/documents/up-txt")).get("source").asText());

    HttpResponse<String> md = upload("?kind=posting", "ml-intern.md",
        "# ML Intern\n\n## Requirements\n\n- **Python** and PyTorch\n- MS student\n".getBytes(StandardCharsets.UTF_8),
        TestServer.TOKEN);
    assertEquals(201, md.statusCode(), md.body());
    assertEquals("ml-intern", json(md).get("id").asText(), "id from the file name");
    assertEquals("posting", json(ts.get("/api/documents/ml-intern")).get("kind").asText());

    ByteArrayOutputStream docx = new ByteArrayOutputStream();
    try (XWPFDocument d = new XWPFDocument()) {
      d.createParagraph().createRun().setText("Sara Okafor");
      d.createParagraph().createRun().setText("Lagos, Nigeria");
      d.createParagraph().createRun().setText("Built crop yield forecasting models with gradient boosting (2021 - 2024)");
      d.write(docx);
    }
    HttpResponse<String> dr = upload("?kind=resume&id=up-docx", "sara.docx", docx.toByteArray(), TestServer.TOKEN);
    assertEquals(201, dr.statusCode(), dr.body());

    Path pdfFile = tmp.resolve("cv.pdf");
    try (PDDocument pdf = new PDDocument()) {
      PDPage page = new PDPage();
      pdf.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Tom Berg - Stockholm, Sweden - reinforcement learning for robot grasping");
        cs.endText();
      }
      pdf.save(pdfFile.toFile());
    }
    HttpResponse<String> pr = upload("?kind=resume&id=up-pdf", "cv.pdf", Files.readAllBytes(pdfFile), TestServer.TOKEN);
    assertEquals(201, pr.statusCode(), pr.body());
    JsonNode found = json(ts.get("/api/topic?q=" + enc("robot grasping reinforcement learning") + "&top=1"));
    assertEquals("up-pdf", found.get("results").get(0).get("id").asText());

    for (String id : List.of("up-txt", "ml-intern", "up-docx", "up-pdf")) {
      assertEquals(200, delete("/api/documents/" + id, TestServer.TOKEN).statusCode());
    }
  }

  @Test
  void uploadErrors() throws Exception {
    byte[] small = "Ann Example\nPython developer\n".getBytes(StandardCharsets.UTF_8);
    assertError(upload("?kind=resume", "a.txt", small, null), 401);
    assertError(upload("?kind=resume", "a.txt", small, "bad"), 401);
    assertError(upload("", "a.txt", small, TestServer.TOKEN), 400);
    assertError(upload("?kind=candidate", "a.txt", small, TestServer.TOKEN), 400);
    assertTrue(assertError(upload("?kind=resume", "a.exe", small, TestServer.TOKEN), 415).get("error").asText().contains(".pdf"));
    assertError(upload("?kind=resume", "a.jsonl", small, TestServer.TOKEN), 415);
    assertError(upload("?kind=resume", "empty.txt", new byte[0], TestServer.TOKEN), 400);
    assertError(upload("?kind=resume", "blank.txt", "   \n\n ".getBytes(StandardCharsets.UTF_8), TestServer.TOKEN), 400);
    assertError(upload("?kind=resume", "bad.pdf", "not a pdf".getBytes(StandardCharsets.UTF_8), TestServer.TOKEN), 400);
    // No 'file' field.
    HttpResponse<String> noFile = ts.send(ts.request("/api/documents/upload?kind=resume")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("other", "a.txt", small))));
    assertError(noFile, 400);
    HttpResponse<String> notMultipart = ts.send(ts.request("/api/documents/upload?kind=resume")
        .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertError(notMultipart, 400);
  }

  @Test
  void oversizedUploadIs413AndTheServerStaysUp() throws Exception {
    byte[] big = new byte[11 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<String> r = ts.send(ts.request("/api/documents/upload?kind=resume&id=too-big")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("file", "big.txt", big))));
    assertTrue(assertError(r, 413).get("error").asText().contains("10 MB"));
    // Without a Content-Length up front (chunked), Jetty's multipart limit catches it.
    HttpResponse<String> chunked = ts.send(ts.request("/api/documents/upload?kind=resume&id=too-big")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(multipart("file", "big.txt", big)))));
    assertError(chunked, 413);
    String json = "{\"kind\":\"resume\",\"id\":\"too-big\",\"text\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}";
    assertError(ts.send(ts.request("/api/documents").header("Authorization", "Bearer " + TestServer.TOKEN)
        .header("Content-Type", "application/json").expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofString(json))), 413);
    assertError(ts.get("/api/documents/too-big"), 404);
    assertEquals(200, ts.get("/api/health").statusCode());
  }

  // ---- robustness ----

  @Test
  void unknownRoutesAreJson404() throws Exception {
    assertError(ts.get("/api/nothing-here"), 404);
    assertError(ts.send(ts.request("/api/topic?q=NLP").PUT(HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer " + TestServer.TOKEN)), 404);
  }

  @Test
  void concurrentQueriesAndWrites() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        fs.add(pool.submit(() -> switch (n % 4) {
          case 0 -> ts.get("/api/topic?q=NLP").statusCode();
          case 1 -> ts.get("/api/match?posting=vision-intern").statusCode();
          case 2 -> ts.get("/api/postings-for?candidate=jana-novak").statusCode();
          default -> postJson("/api/documents", "{\"kind\":\"resume\",\"id\":\"conc-" + n
              + "\",\"text\":\"Person " + n + "\\nData engineer building Spark pipelines\"}", TestServer.TOKEN).statusCode();
        }));
      }
      for (Future<Integer> f : fs) {
        int s = f.get();
        assertTrue(s == 200 || s == 201, "status " + s);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int n = 3; n < 16; n += 4) {
      assertEquals(200, delete("/api/documents/conc-" + n, TestServer.TOKEN).statusCode());
    }
  }

  @Test
  void accessLogHasRoutesNotIdsQueriesOrBodies() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ts.get("/api/documents/jana-novak");
      ts.get("/api/topic?q=" + enc("Jana Novak secret query"));
      postJson("/api/match", "{\"text\": \"Secret Posting Body\\nPython developer\"}", null);
      long until = System.currentTimeMillis() + 30_000; // the log line follows the response; a loaded machine is slow
      while (System.currentTimeMillis() < until && !captured.toString(StandardCharsets.UTF_8).contains("POST /api/match")) {
        Thread.sleep(50);
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("GET /api/documents/{id} 200"), log);
    assertTrue(log.contains("GET /api/topic 200"), log);
    assertTrue(log.contains("POST /api/match 200"), log);
    for (String secret : List.of("jana", "Jana", "secret", "Secret")) {
      assertFalse(log.contains(secret), "log leaks '" + secret + "': " + log);
    }
  }

  @Test
  void failuresAre500JsonAndOneBadRequestDoesNotStopTheServer(@TempDir Path tmp) throws Exception {
    Session s = Session.forWrites(new IndexLayout(tmp.resolve("index")), TestServer.MODEL, "cpu", false);
    ServerConfig cfg = ServerConfig.localhost(0);
    cfg = new ServerConfig(cfg.bind(), 0, null, cfg.maxRequestBytes(), java.time.Duration.ofMillis(800), 2);
    RoleServer open = new RoleServer(s, cfg).start();
    try {
      String base = "http://127.0.0.1:" + open.port();
      java.net.http.HttpClient c = ts.http;
      // No token configured: writes are open.
      HttpResponse<String> add = c.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/documents"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"resume\",\"id\":\"solo\",\"text\":\"Solo\\nPython\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, add.statusCode(), add.body());
      assertFalse(json(c.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString())).get("auth_required").asBoolean());
      // A client that connects and sends nothing is dropped after the idle timeout.
      try (java.net.Socket idle = new java.net.Socket("127.0.0.1", open.port())) {
        idle.setSoTimeout(10_000);
        long t0 = System.nanoTime();
        assertEquals(-1, idle.getInputStream().read(), "closed by the server");
        assertTrue((System.nanoTime() - t0) / 1e9 < 8, "closed by the idle timeout");
      }
      s.index.close(); // every index read now fails inside the handler
      HttpResponse<String> broken = c.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode err = assertError(broken, 500);
      assertFalse(err.get("error").asText().contains("Exception"), "no internals in the message");
      assertEquals(200, c.send(HttpRequest.newBuilder(java.net.URI.create(base + "/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode(), "the server still answers");
    } finally {
      open.close();
      s.embedder.close();
    }
  }

  @Test
  void tokenFileIsTrimmedAndMustNotBeEmpty(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("token");
    Files.writeString(f, "  abc123\n");
    assertEquals("abc123", ServerConfig.readToken(f));
    Files.writeString(f, " \n");
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.readToken(f));
    assertEquals("--token-file " + f + " is empty; put the token in it", empty.getMessage());
    Path missing = tmp.resolve("missing");
    IllegalArgumentException absent =
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.readToken(missing));
    assertEquals("--token-file " + missing + " does not exist", absent.getMessage());
  }
}
