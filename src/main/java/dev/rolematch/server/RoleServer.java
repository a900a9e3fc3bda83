package dev.rolematch.server;

import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.refresh.RefreshBusyException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recruiter HTTP API and web page on Javalin/Jetty, over one open {@link Session}. The server
 * is the index's one writer: it holds the Lucene IndexWriter and answers queries from its
 * near-real-time searchers, so an upload is searchable as soon as its request returns.
 *
 * <p>Safety: request bodies are capped ({@link ServerConfig#maxRequestBytes}, 413 beyond, counted
 * as read by {@link BodyLimit} so a chunked body cannot bypass it), idle connections time out and
 * headers have a total deadline ({@link HeaderDeadline}), only the server's own host names are
 * served and writes from pages on other origins are refused ({@link RequestGuard}), every refusal
 * is a JSON {@code {"error", "status"}} with a 4xx status, unexpected failures are a 500 without a
 * stack trace, writes need the bearer token when one is configured, and the access log holds
 * method, route template, status and duration only (no query strings, ids or bodies: resumes are
 * personal data).
 *
 * <p>Batch refresh ({@code POST /api/refresh}) runs {@code ./rolematch refresh}'s code in a
 * background thread over this session's index and holds the document-write lock while it runs;
 * see {@link ServerRefresh}.
 */
public final class RoleServer implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger("rolematch.server");

  /** Room for the multipart envelope around a file of the maximum size. */
  static final long MULTIPART_OVERHEAD = 64 * 1024;

  private final Session session;
  private final ServerConfig config;
  private final DocumentWrites writes;
  private final Endpoints endpoints;
  private final FeedbackEndpoints feedback;
  private final ResultsExport results;
  private final Tokens tokens; // null: no token, changes are open to whoever reaches the port
  private final CalibrationEndpoints calibration;
  private final RequestGuard guard;
  private final Javalin app;

  public RoleServer(Session session, ServerConfig config) {
    this.session = session;
    this.config = config;
    this.writes = new DocumentWrites(session.writer(),
        new Indexer(session.writer(), session.embedder, Indexer.DEFAULT_CHUNK_TOKENS));
    this.endpoints = new Endpoints(session, writes, config);
    this.feedback = openFeedback(session);
    this.results = new ResultsExport(session, endpoints, feedback);
    this.tokens = config.token() == null ? null : Tokens.parse(config.token(), "the token file");
    this.calibration = new CalibrationEndpoints(session, feedback.store());
    this.guard = new RequestGuard(config);
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      cfg.http.maxRequestSize = config.maxRequestBytes();
      cfg.http.defaultContentType = "application/json";
      cfg.jetty.defaultHost = config.bind();
      cfg.jetty.defaultPort = config.port();
      long fileMb = Math.max(1, config.maxRequestBytes());
      cfg.jetty.multipartConfig.maxFileSize(fileMb, SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxTotalRequestSize(fileMb + MULTIPART_OVERHEAD, SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
      cfg.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
      // Counted as read: a chunked body has no Content-Length for Javalin's own check.
      cfg.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new BodyLimit(config.maxRequestBytes())),
          "/*", EnumSet.of(DispatcherType.REQUEST)));
      cfg.staticFiles.add(sf -> {
        sf.hostedPath = "/";
        sf.directory = "/web";
        sf.location = Location.CLASSPATH;
        sf.headers = Map.of("Cache-Control", "no-cache");
        // Explicit types with their charset (Jetty's defaults came out as "text/html;charset=null").
        sf.mimeTypes.add("text/html; charset=utf-8", "html");
        sf.mimeTypes.add("text/javascript; charset=utf-8", "js");
        sf.mimeTypes.add("text/css; charset=utf-8", "css");
        sf.mimeTypes.add("application/json; charset=utf-8", "json");
        sf.mimeTypes.add("image/svg+xml; charset=utf-8", "svg");
      });
      cfg.requestLogger.http((ctx, ms) ->
          LOG.info("{} {} {} {}ms", ctx.method(), routeOf(ctx), ctx.statusCode(), Math.round(ms)));
      cfg.router.mount(router -> {
        router.before(this::securityHeaders);
        router.before(guard::checkHost); // every request, the page and its assets too
        router.before(guard::checkOrigin); // every write, token or not
        router.before("/api/*", this::guard);
        for (Endpoints.Route route : routes()) {
          router.addHttpHandler(route.method(), route.path(), route.handler());
        }
      });
    });
    app.events(ev -> ev.serverStarting(() -> {
      for (Connector c : app.jettyServer().server().getConnectors()) {
        if (c instanceof ServerConnector sc) {
          sc.setIdleTimeout(config.idleTimeout().toMillis());
          sc.addBean(new HeaderDeadline(config.headerTimeout().toMillis(), sc.getScheduler()));
        }
      }
    }));
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    // Another process (./rolematch refresh) holds the index's refresh lock.
    app.exception(RefreshBusyException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      if (isTooLarge(e)) {
        error(ctx, 413, tooLargeMessage());
        return;
      }
      // The class and the route, never the message: it may quote a document.
      LOG.error("500 on {} {}: {}", ctx.method(), routeOf(ctx), e.getClass().getName());
      error(ctx, 500, "internal error while handling the request; the server log has the error class");
    });
  }

  private static FeedbackEndpoints openFeedback(Session session) {
    try {
      return new FeedbackEndpoints(session);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot open the feedback store in "
          + session.index.layout().feedback() + ": " + e.getMessage(), e);
    }
  }

  /** Starts listening; returns this. */
  public RoleServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The page's URL, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = config.bind();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = InetAddress.getLoopbackAddress().getHostAddress();
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/";
  }

  public DocumentWrites writes() {
    return writes;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** Every API route: the core endpoints, feedback and the results export (what is registered). */
  List<Endpoints.Route> routes() {
    List<Endpoints.Route> all = new java.util.ArrayList<>(endpoints.routes());
    all.addAll(feedback.routes());
    all.add(results.route());
    all.add(new DocumentText(session).route());
    all.addAll(calibration.routes());
    return all;
  }

  FeedbackEndpoints feedback() {
    return feedback;
  }

  CalibrationEndpoints calibration() {
    return calibration;
  }

  /**
   * The HTTP routes Javalin actually holds (filters and static files left out), as {@code "GET
   * /api/health"}: what the API test checks against {@code web/openapi.json}. Read from Javalin's
   * router rather than from {@link Endpoints#routes}, so a route registered any other way counts too.
   */
  Set<String> registeredRoutes() {
    Set<String> out = new java.util.TreeSet<>();
    for (ParsedEndpoint e : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
      if (e.getEndpoint().getMethod().isHttpMethod()) {
        out.add(e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath());
      }
    }
    return out;
  }

  /**
   * Stops the server, waiting briefly for a running refresh; the session stays open (its owner
   * closes it).
   */
  @Override
  public void close() {
    app.stop();
    endpoints.close();
    calibration.close();
    try {
      feedback.close();
    } catch (java.io.IOException e) {
      LOG.warn("closing the feedback store: {}", e.getClass().getName());
    }
  }

  // ---- filters ----

  private void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    // Every asset comes from this server: no CDN, no inline script.
    ctx.header("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** Without a token every caller may change anything: the default user, with an admin's rights. */
  static final Tokens.Caller OPEN = new Tokens.Caller(Tokens.DEFAULT_USER, true);

  /** No token sent to a server that has tokens: reads only, as the default user. */
  static final Tokens.Caller ANONYMOUS = new Tokens.Caller(Tokens.DEFAULT_USER, false);

  private static final String CALLER = "rolematch.caller";

  /** Who sent the request (set by the /api/* guard). */
  static Tokens.Caller caller(Context ctx) {
    Tokens.Caller c = ctx.attribute(CALLER);
    return c == null ? ANONYMOUS : c;
  }

  /** Bearer token on writes (POST /api/match is a read), then the body size. */
  private void guard(Context ctx) {
    boolean write = WRITES.contains(ctx.method()) && !isReadPost(ctx.path());
    ctx.attribute(CALLER, identify(ctx, write));
    guard.checkContentType(ctx);
    if (WRITES.contains(ctx.method())) {
      long length = ctx.req().getContentLengthLong();
      if (length > config.maxRequestBytes() + MULTIPART_OVERHEAD) {
        throw ApiException.tooLarge(tooLargeMessage());
      }
    }
  }

  /**
   * The caller: a token is required on writes; a token sent with a read must be valid too (it
   * names whose feedback the read lists), a read without one is {@link #ANONYMOUS}.
   */
  private Tokens.Caller identify(Context ctx, boolean write) {
    if (tokens == null) {
      return OPEN;
    }
    String h = ctx.header("Authorization");
    if (h == null || h.isBlank()) {
      if (!write) {
        return ANONYMOUS;
      }
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "this server requires a token for changes: send 'Authorization: Bearer <token>'"
          + " (a token from the server's --token-file)");
    }
    String given = h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : "";
    return tokens.find(given).orElseThrow(() -> {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return new ApiException(401, "the bearer token is not valid for this server");
    });
  }

  private static boolean isReadPost(String path) {
    return path.equals("/api/match") || path.equals("/api/match/");
  }

  String tooLargeMessage() {
    return "request too large: the limit is " + config.maxRequestBytes() / (1024 * 1024) + " MB ("
        + config.maxRequestBytes() + " bytes) per request";
  }

  // ---- errors and logging ----

  static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message == null || message.isBlank() ? "error " + status : message);
    body.put("status", status);
    ctx.status(status).json(body);
  }

  /** Jetty and Javalin say "too large" in several ways; any of them in the cause chain counts. */
  static boolean isTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyLimit.TooLarge || (t instanceof HttpResponseException h && h.getStatus() == 413)) {
        return true;
      }
      String m = t.getMessage();
      if (m != null) {
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("exceeds max") || lower.contains("too large") || lower.contains("max file size")
            || lower.contains("maxrequestsize") || lower.contains("maxfilesize")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The route template ({@code /api/documents/{id}}), so ids and query strings stay out of the log. */
  static String routeOf(Context ctx) {
    String template = null;
    try {
      template = ctx.endpointHandlerPath();
    } catch (RuntimeException ignored) {
      // no endpoint matched
    }
    if (template != null && !template.isEmpty() && !template.equals("*")) {
      return template;
    }
    // Unmatched paths are logged as such: a mistyped URL may hold a name.
    String path = ctx.path();
    if (path.startsWith("/api/")) {
      return "/api/*"; // stopped by the /api/* filter (401, 413) or no route matched
    }
    return ctx.statusCode() < 400 ? path : "(no route)";
  }
}
