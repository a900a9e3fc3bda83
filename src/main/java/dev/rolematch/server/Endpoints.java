package dev.rolematch.server;

import static dev.rolematch.server.Params.checkTop;
import static dev.rolematch.server.Params.checkedId;
import static dev.rolematch.server.Params.filters;
import static dev.rolematch.server.Params.jsonBody;
import static dev.rolematch.server.Params.kind;
import static dev.rolematch.server.Params.requiredText;
import static dev.rolematch.server.Params.text;
import static dev.rolematch.server.Params.top;
import static dev.rolematch.server.Params.minYears;
import static dev.rolematch.server.Params.intParam;

import dev.rolematch.index.IndexStats;
import dev.rolematch.index.DocKinds;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.ingest.TextNormalizer;
import dev.rolematch.index.Filters;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.QueryProfile;
import dev.rolematch.match.Taxonomy;
import dev.rolematch.refresh.Refresher;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The JSON API: one method per endpoint, each documented in {@code web/openapi.json}. Query
 * results are the CLI's {@code --json} contract ({@link MatchResponse}, snake_case).
 */
public final class Endpoints implements AutoCloseable {

  /** Longest pasted posting, in characters (a long real posting is ~15,000). */
  static final int MAX_PASTED_CHARS = 100_000;

  /** How long a query waits for a free slot before the server says it is busy. */
  static final long QUERY_WAIT_SECONDS = 30;

  private final Session session;
  private final DocumentWrites writes;
  private final ServerConfig config;
  private final Semaphore querySlots;
  private final RefreshEndpoints refresh;

  Endpoints(Session session, DocumentWrites writes, ServerConfig config) {
    this.session = session;
    this.writes = writes;
    this.config = config;
    this.querySlots = new Semaphore(config.maxConcurrentQueries(), true);
    this.refresh = new RefreshEndpoints(this, new ServerRefresh(session, writes));
  }

  /**
   * One API route: method, path template and handler. {@link #routes} lists the core ones;
   * {@link RoleServer#routes} adds the feedback and export routes and registers exactly those, and
   * the API test compares what Javalin ends up holding ({@link RoleServer#registeredRoutes}) with
   * {@code web/openapi.json}.
   */
  record Route(HandlerType method, String path, Handler handler) {
    /** {@code "GET /api/health"}: the form the OpenAPI comparison uses. */
    String key() {
      return method.name() + " " + path;
    }
  }

  /** Every API route, in registration order. */
  List<Route> routes() {
    return List.of(
        new Route(HandlerType.GET, "/api/health", this::health),
        new Route(HandlerType.GET, "/api/topics", this::topics),
        new Route(HandlerType.GET, "/api/topics/suggest", this::suggest),
        new Route(HandlerType.GET, "/api/postings", this::postings),
        new Route(HandlerType.GET, "/api/documents", this::listDocuments),
        new Route(HandlerType.POST, "/api/documents", this::addJson),
        new Route(HandlerType.POST, "/api/documents/upload", this::upload),
        new Route(HandlerType.GET, "/api/documents/{id}", this::getDocument),
        new Route(HandlerType.DELETE, "/api/documents/{id}", this::deleteDocument),
        new Route(HandlerType.GET, "/api/match", this::matchIndexed),
        new Route(HandlerType.POST, "/api/match", this::matchPasted),
        new Route(HandlerType.GET, "/api/topic", this::topic),
        new Route(HandlerType.GET, "/api/postings-for", this::postingsFor),
        new Route(HandlerType.POST, "/api/refresh", refresh::start),
        new Route(HandlerType.GET, "/api/refresh/status", refresh::status),
        new Route(HandlerType.GET, "/api/scores", refresh::scores));
  }

  // ---- status and lists ----

  void health(Context ctx) throws IOException {
    IndexStats st = session.index.stats();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("postings", st.postings());
    counts.put("resumes", st.resumes());
    counts.put("chunks", st.chunks());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "ok");
    out.put("model", st.info().modelId());
    out.put("blind", st.info().blind());
    out.put("device", session.embedder.device());
    out.put("counts", counts);
    out.put("auth_required", config.token() != null);
    out.put("max_request_bytes", config.maxRequestBytes());
    out.put("refresh", true);
    out.put("calibration", session.calibration().describe());
    ctx.json(out);
  }

  void topics(Context ctx) {
    ctx.json(Map.of("topics", session.matcher().taxonomy().topics()));
  }

  void suggest(Context ctx) {
    String q = ctx.queryParam("q");
    int max = intParam(ctx, "max", 10, 1, 50);
    Taxonomy tax = session.matcher().taxonomy();
    List<Taxonomy.Topic> hits = q == null || q.isBlank()
        ? tax.topics().subList(0, Math.min(max, tax.topics().size()))
        : tax.suggest(q, max);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("query", q == null ? "" : q);
    out.put("suggestions", hits);
    ctx.json(out);
  }

  void postings(Context ctx) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredDocument d : session.index.all(DocKind.POSTING, false)) {
      out.add(brief(d));
    }
    ctx.json(Map.of("postings", out));
  }

  void listDocuments(Context ctx) throws IOException {
    String k = ctx.queryParam("kind");
    List<DocKind> kinds = k == null || k.isBlank() ? List.of(DocKind.POSTING, DocKind.RESUME) : List.of(kind(k));
    List<Map<String, Object>> out = new ArrayList<>();
    for (DocKind kind : kinds) {
      for (StoredDocument d : session.index.all(kind, false)) {
        Map<String, Object> m = brief(d);
        m.put("kind", DocKinds.name(d.kind()));
        out.add(m);
      }
    }
    ctx.json(Map.of("documents", out));
  }

  private static Map<String, Object> brief(StoredDocument d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("title", d.title());
    return m;
  }

  // ---- documents ----

  void getDocument(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    StoredDocument d = session.index.get(id, true)
        .orElseThrow(() -> ApiException.notFound("no document with id '" + id + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.id());
    out.put("kind", DocKinds.name(d.kind()));
    out.put("title", d.title());
    out.put("source", d.source());
    out.put("text_length", d.text() == null ? 0 : d.text().length());
    out.put("sha256", d.sha256());
    out.put("chunks", d.chunks().size());
    if (d.kind() == DocKind.POSTING) {
      Map<String, Integer> reqs = new LinkedHashMap<>();
      d.chunks().forEach(c -> reqs.merge(c.requirementKind().toLowerCase(Locale.ROOT), 1, Integer::sum));
      out.put("requirements", reqs);
    }
    var m = d.metadata();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("location", m.location());
    meta.put("years_experience", m.yearsExperience());
    meta.put("highest_degree", m.highestDegree());
    meta.put("graduation_year", m.graduationYear());
    out.put("metadata", meta);
    out.put("warnings", d.warnings());
    ctx.json(out);
  }

  void addJson(Context ctx) throws IOException {
    JsonNode body = jsonBody(ctx);
    DocKind kind = kind(requiredText(body, "kind"));
    String text = text(body, "text");
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("'text' is empty: send the document's text");
    }
    String title = text(body, "title");
    String id = text(body, "id");
    if (id == null || id.isBlank()) {
      id = title;
    }
    String format = text(body, "format");
    boolean markdown = format != null && (format.equalsIgnoreCase("md") || format.equalsIgnoreCase("markdown"));
    if (format != null && !markdown && !format.equalsIgnoreCase("txt") && !format.equalsIgnoreCase("text")) {
      throw ApiException.badRequest("'format' must be txt or md, not '" + format + "'");
    }
    DocumentWrites.Result r = writes.addText(kind, checkedId(id), title, text, markdown);
    ctx.status(r.outcome().equals("added") ? 201 : 200).json(r);
  }

  void upload(Context ctx) throws IOException {
    String k = ctx.queryParam("kind");
    if (k == null || k.isBlank()) {
      throw ApiException.badRequest("query parameter 'kind' is required: resume or posting");
    }
    DocKind kind = kind(k);
    if (!ctx.isMultipartFormData()) {
      throw ApiException.badRequest("send the file as multipart/form-data in the field 'file'");
    }
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      throw ApiException.badRequest("no file in the multipart field 'file'");
    }
    if (file.size() > config.maxRequestBytes()) {
      throw ApiException.tooLarge("file too large: the limit is " + config.maxRequestBytes() + " bytes");
    }
    if (file.size() == 0) {
      throw ApiException.badRequest("the uploaded file is empty");
    }
    String name = DocumentWrites.baseName(file.filename());
    String id = ctx.queryParam("id");
    if (id == null || id.isBlank()) {
      int dot = name.lastIndexOf('.');
      id = dot > 0 ? name.substring(0, dot) : name;
    }
    DocumentWrites.Result r;
    try (InputStream in = file.content()) {
      r = writes.addUpload(kind, checkedId(id), name, in);
    }
    ctx.status(r.outcome().equals("added") ? 201 : 200).json(r);
  }

  void deleteDocument(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (!writes.remove(id)) {
      throw ApiException.notFound("no document with id '" + id + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("deleted", true);
    ctx.json(out);
  }

  // ---- queries ----

  void matchIndexed(Context ctx) throws Exception {
    String id = ctx.queryParam("posting");
    if (id == null || id.isBlank()) {
      throw ApiException.badRequest("query parameter 'posting' is required (a posting id from GET /api/postings)");
    }
    Filters filters = filters(ctx);
    int top = top(ctx);
    ctx.json(query(() -> {
      StoredDocument posting = session.index.get(id, DocKind.POSTING, true)
          .orElseThrow(() -> ApiException.notFound(
              "no posting with id '" + id + "'; list posting ids with GET /api/postings"));
      return session.matcher().matchPosting(Matcher.postingProfile(posting), filters, top, new ArrayList<>());
    }));
  }

  void matchPasted(Context ctx) throws Exception {
    JsonNode body = jsonBody(ctx);
    String text = text(body, "text");
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("'text' is empty: paste the posting's text");
    }
    if (text.length() > MAX_PASTED_CHARS) {
      throw ApiException.tooLarge("'text' has " + text.length() + " characters; a pasted posting may have at most "
          + MAX_PASTED_CHARS + " (index long postings with POST /api/documents instead)");
    }
    String title = text(body, "title");
    int top = body.has("top") && !body.get("top").isNull() ? checkTop(body.get("top")) : 10;
    Filters filters = filters(text(body, "must"), text(body, "location"), minYears(body.get("min_years")));
    String normalized = TextNormalizer.normalize(text);
    if (normalized.isBlank()) {
      throw ApiException.badRequest("'text' has no readable characters");
    }
    ctx.json(query(() -> {
      List<String> notes = new ArrayList<>();
      QueryProfile p = session.matcher().postingProfile("pasted", title == null ? "" : title, normalized, notes);
      return session.matcher().matchPosting(p, filters, top, notes);
    }));
  }

  void topic(Context ctx) throws Exception {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw ApiException.badRequest("query parameter 'q' is required, e.g. ?q=NLP or ?q=generative%20AI");
    }
    if (q.length() > 500) {
      throw ApiException.badRequest("'q' is longer than 500 characters; a topic is a few words");
    }
    Filters filters = filters(ctx);
    int top = top(ctx);
    ctx.json(query(() -> session.matcher().topic(q.strip(), filters, top)));
  }

  void postingsFor(Context ctx) throws Exception {
    String id = ctx.queryParam("candidate");
    if (id == null || id.isBlank()) {
      throw ApiException.badRequest("query parameter 'candidate' is required (a resume id)");
    }
    Filters filters = filters(ctx);
    int top = top(ctx);
    ctx.json(query(() -> {
      boolean known = session.index.contains(id, DocKind.RESUME);
      if (!known) {
        throw ApiException.notFound("no resume with id '" + id + "'; list resumes with GET /api/documents?kind=resume");
      }
      return session.matcher().postingsFor(id, filters, top);
    }));
  }

  /** Runs a query in one of the bounded slots; 503 when none frees up in time. */
  <T> T query(Callable<T> work) throws Exception {
    if (!querySlots.tryAcquire(QUERY_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new ApiException(503, "the server is busy; retry in a moment");
    }
    try {
      return work.call();
    } finally {
      querySlots.release();
    }
  }

  /** Waits briefly for a running refresh (see {@link ServerRefresh#close}). */
  @Override
  public void close() {
    refresh.close();
  }
}
