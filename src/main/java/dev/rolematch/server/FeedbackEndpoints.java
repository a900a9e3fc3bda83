package dev.rolematch.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Session;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackKey;
import dev.rolematch.feedback.FeedbackLabel;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.feedback.QueryType;
import dev.rolematch.feedback.RejectReason;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentIds;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The feedback API over a {@link FeedbackStore} in the index folder: give ({@code POST}), list
 * ({@code GET}), withdraw ({@code DELETE}) and export ({@code GET .../export}, CSV) a recruiter's
 * verdicts. Writes pass the server's guards like every other write (token, origin, JSON only, body
 * size); a verdict is acknowledged only after it is fsynced. Every verdict is its caller's: the user
 * the token names ({@link Tokens}); lists and exports show the caller's own unless {@code ?user=}
 * names another user or {@code *} (everyone), as every read on this server is open.
 */
final class FeedbackEndpoints implements AutoCloseable {

  /** {@code ?user=*}: every user's verdicts. */
  static final String ALL_USERS = "*";

  private static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /** Verdicts one request may carry. */
  static final int MAX_BATCH = 1000;

  private final Session session;
  private final FeedbackStore store;

  FeedbackEndpoints(Session session) throws IOException {
    this.session = session;
    this.store = FeedbackStore.open(session.index.layout().feedback());
  }

  FeedbackStore store() {
    return store;
  }

  List<Endpoints.Route> routes() {
    return List.of(
        new Endpoints.Route(HandlerType.GET, "/api/feedback", this::list),
        new Endpoints.Route(HandlerType.POST, "/api/feedback", this::give),
        new Endpoints.Route(HandlerType.DELETE, "/api/feedback", this::withdraw),
        new Endpoints.Route(HandlerType.GET, "/api/feedback/export", this::export));
  }

  /** The JSON shape of one verdict (snake_case, a public contract). */
  static Map<String, Object> json(Feedback f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query_type", f.key().queryType().wire());
    m.put("query", f.key().query());
    m.put("candidate", f.key().candidate());
    m.put("label", f.label().wire());
    m.put("reason", f.reason() == null ? null : f.reason().wire());
    m.put("user", f.key().user());
    m.put("at", f.at().toString());
    return m;
  }

  // ---- handlers ----

  void list(Context ctx) {
    List<Feedback> found = store.list(filter(ctx));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", user(ctx));
    out.put("count", found.size());
    out.put("feedback", found.stream().map(FeedbackEndpoints::json).toList());
    ctx.json(out);
  }

  /**
   * One verdict ({@code {"query_type", "query", "candidate", "label", "reason"}}) or several
   * ({@code {"items": [...]}}, at most {@link #MAX_BATCH}); all are checked before any is stored,
   * and they are stored together (one fsync) or not at all.
   */
  void give(Context ctx) throws IOException {
    JsonNode body = Params.jsonBody(ctx);
    List<JsonNode> items = new ArrayList<>();
    JsonNode batch = body.get("items");
    if (batch != null) {
      if (!batch.isArray() || batch.isEmpty()) {
        throw ApiException.badRequest("'items' must be a non-empty array of feedback objects");
      }
      if (batch.size() > MAX_BATCH) {
        throw ApiException.badRequest("'items' has " + batch.size() + " entries; at most " + MAX_BATCH
            + " are allowed in one request (send the rest in further requests)");
      }
      batch.forEach(items::add);
    } else {
      items.add(body);
    }
    Instant now = Instant.now();
    Map<String, Boolean> known = new HashMap<>();
    List<Feedback> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String where = batch == null ? "" : "items[" + i + "]: ";
      JsonNode n = items.get(i);
      if (!n.isObject()) {
        throw ApiException.badRequest(where + "each feedback entry must be a JSON object");
      }
      try {
        parsed.add(parse(n, now, known, RoleServer.caller(ctx).user()));
      } catch (ApiException e) {
        throw new ApiException(e.status(), where + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(where + e.getMessage());
      }
    }
    store.put(parsed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stored", parsed.size());
    out.put("feedback", parsed.stream().map(FeedbackEndpoints::json).toList());
    ctx.status(201).json(out);
  }

  void withdraw(Context ctx) throws IOException {
    QueryType type = QueryType.parse(required(ctx, "query_type"));
    String query = required(ctx, "query");
    String candidate = required(ctx, "candidate");
    int n = store.delete(List.of(new FeedbackKey(RoleServer.caller(ctx).user(), type, query, candidate)));
    if (n == 0) {
      throw ApiException.notFound("no feedback on '" + candidate + "' for " + type.wire() + " '" + query + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deleted", n);
    ctx.json(out);
  }

  void export(Context ctx) throws IOException {
    List<Feedback> rows = store.list(filter(ctx));
    Map<String, String> titles = new HashMap<>();
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"rolematch-feedback.csv\"");
    ctx.result(Csv.feedback(rows, id -> titles.computeIfAbsent(id, this::titleOf)));
  }

  // ---- parsing and checks ----

  private Feedback parse(JsonNode n, Instant now, Map<String, Boolean> known, String user) throws IOException {
    QueryType type = QueryType.parse(Params.requiredText(n, "query_type"));
    String query = Params.requiredText(n, "query");
    String candidate = Params.requiredText(n, "candidate");
    FeedbackLabel label = FeedbackLabel.parse(Params.requiredText(n, "label"));
    RejectReason reason = RejectReason.parse(Params.text(n, "reason"));
    if (type == QueryType.TOPIC && query.length() > 500) {
      throw ApiException.badRequest("'query' is longer than 500 characters; a topic is a few words");
    }
    checkId(candidate, "candidate");
    if (!known.computeIfAbsent("r\u0000" + candidate, k -> isKind(candidate, DocKind.RESUME))) {
      throw ApiException.notFound("no resume with id '" + candidate
          + "'; feedback is on indexed candidates (list them with GET /api/documents?kind=resume)");
    }
    if (type == QueryType.POSTING) {
      checkId(query, "query");
      if (!known.computeIfAbsent("p\u0000" + query.strip(), k -> isKind(query.strip(), DocKind.POSTING))) {
        throw ApiException.notFound("no posting with id '" + query.strip()
            + "'; list posting ids with GET /api/postings (feedback on a topic takes query_type topic)");
      }
    }
    if (n.has("user") && !user.equals(Params.text(n, "user"))) {
      throw new ApiException(403, "a verdict is stored as the caller's own ('" + user + "'); 'user' may not name"
          + " another user");
    }
    return new Feedback(new FeedbackKey(user, type, query, candidate.strip()), label, reason, now);
  }

  private static void checkId(String id, String field) {
    String problem = DocumentIds.lengthProblem(id);
    if (problem != null) {
      throw ApiException.badRequest("'" + field + "': " + problem);
    }
  }

  private boolean isKind(String id, DocKind kind) {
    try {
      return session.index.get(id, false).filter(d -> d.kind() == kind).isPresent();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String titleOf(String id) {
    try {
      return session.index.get(id, false).map(StoredDocument::title).orElse("");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Whose verdicts a read lists: {@code ?user=NAME}, {@code ?user=*} for everyone's, else the
   * caller's own (an anonymous caller's are the default user's).
   */
  static String user(Context ctx) {
    String u = ctx.queryParam("user");
    if (u == null || u.isBlank()) {
      return RoleServer.caller(ctx).user();
    }
    u = u.strip();
    if (!u.equals(ALL_USERS) && !USER.matcher(u).matches()) {
      throw ApiException.badRequest("'user' must be a user name (letters, digits, '.', '_', '@', '-') or * for every"
          + " user");
    }
    return u;
  }

  /** {@code user}, {@code query_type}, {@code query}, {@code candidate} and {@code label}, each optional. */
  static Predicate<Feedback> filter(Context ctx) {
    String user = user(ctx);
    Optional<QueryType> type = optional(ctx, "query_type").map(QueryType::parse);
    Optional<String> query = optional(ctx, "query");
    if (query.isPresent() && type.isEmpty()) {
      throw ApiException.badRequest("'query' needs 'query_type' (posting or topic) beside it");
    }
    Optional<FeedbackKey> probe = query.map(q -> new FeedbackKey(user, type.get(), q, "-"));
    Optional<String> candidate = optional(ctx, "candidate").map(String::strip);
    Optional<FeedbackLabel> label = optional(ctx, "label").map(FeedbackLabel::parse);
    return f -> (user.equals(ALL_USERS) || user.equals(f.key().user()))
        && type.map(t -> t == f.key().queryType()).orElse(true)
        && probe.map(p -> sameQuery(p, f.key())).orElse(true)
        && candidate.map(c -> c.equals(f.key().candidate())).orElse(true)
        && label.map(l -> l == f.label()).orElse(true);
  }

  static boolean sameQuery(FeedbackKey a, FeedbackKey b) {
    return a.queryType() == b.queryType() && (a.queryType() == QueryType.TOPIC
        ? a.query().toLowerCase(Locale.ROOT).equals(b.query().toLowerCase(Locale.ROOT))
        : a.query().equals(b.query()));
  }

  /** One user's verdict on each candidate for one query, for the results export. */
  Map<String, Feedback> forQuery(QueryType type, String query, String user) {
    FeedbackKey probe = new FeedbackKey(user, type, query, "-");
    Map<String, Feedback> out = new HashMap<>();
    for (Feedback f : store.list(f -> f.key().user().equals(user) && sameQuery(probe, f.key()))) {
      out.put(f.key().candidate(), f);
    }
    return out;
  }

  private static Optional<String> optional(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  private static String required(Context ctx, String name) {
    return optional(ctx, name).orElseThrow(() -> ApiException.badRequest("query parameter '" + name
        + "' is required"));
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
