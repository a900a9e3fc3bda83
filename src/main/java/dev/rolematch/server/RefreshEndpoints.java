package dev.rolematch.server;

import static dev.rolematch.server.Params.intParam;
import static dev.rolematch.server.Params.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.refresh.RefreshOptions;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Batch refresh over HTTP: start a run, its status, stored scores with staleness. */
final class RefreshEndpoints {

  /** Posting ids one refresh request may name (an index with more refreshes them all). */
  static final int MAX_REFRESH_POSTINGS = 10_000;

  private final Endpoints endpoints;
  private final ServerRefresh refresh;

  RefreshEndpoints(Endpoints endpoints, ServerRefresh refresh) {
    this.endpoints = endpoints;
    this.refresh = refresh;
  }

  /**
   * Starts {@code ./rolematch refresh} in the background (202 with the status). Body, all
   * optional: {@code {"postings": [ids] (omitted, null or "all": every posting), "top": K,
   * "all_pairs": bool, "throttle_ms": pause before each posting}}. 409 while a refresh runs (here or in another process).
   */
  void start(Context ctx) throws IOException {
    RefreshOptions o = RefreshOptions.defaults(); // every posting, top 50, as the CLI
    if (!ctx.body().isBlank()) {
      JsonNode body = jsonBody(ctx);
      JsonNode p = body.get("postings");
      if (p != null && !p.isNull() && !(p.isTextual() && p.asText().equalsIgnoreCase("all"))) {
        if (!p.isArray() || p.isEmpty()) {
          throw ApiException.badRequest("'postings' must be a non-empty array of posting ids; omit it for all postings");
        }
        if (p.size() > MAX_REFRESH_POSTINGS) {
          throw ApiException.badRequest("'postings' has " + p.size() + " ids; at most " + MAX_REFRESH_POSTINGS
              + " are allowed in one request (omit 'postings' to refresh every posting)");
        }
        Set<String> ids = new LinkedHashSet<>(); // first occurrence wins; linear in the ids
        for (JsonNode n : p) {
          if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.badRequest("'postings' must hold posting ids (strings)");
          }
          String tooLong = DocumentIds.lengthProblem(n.asText());
          if (tooLong != null) {
            throw ApiException.badRequest("'postings': " + tooLong);
          }
          ids.add(n.asText());
        }
        o = o.withPostings(List.copyOf(ids));
      }
      JsonNode all = body.get("all_pairs");
      boolean allPairs = false;
      if (all != null && !all.isNull()) {
        if (!all.isBoolean()) {
          throw ApiException.badRequest("'all_pairs' must be true or false");
        }
        allPairs = all.asBoolean();
      }
      JsonNode top = body.get("top");
      if (top != null && !top.isNull()) {
        if (allPairs) {
          throw ApiException.badRequest("'top' and 'all_pairs' exclude each other");
        }
        if (!top.isIntegralNumber() || !top.canConvertToInt() || top.asInt() < 0) {
          throw ApiException.badRequest("'top' must be a whole number: K best per posting, or 0 for every pair");
        }
        o = o.withTop(top.asInt());
      }
      JsonNode throttle = body.get("throttle_ms");
      if (throttle != null && !throttle.isNull()) {
        if (!throttle.isIntegralNumber() || !throttle.canConvertToLong()) {
          throw ApiException.badRequest("'throttle_ms' must be a whole number of milliseconds");
        }
        try {
          o = o.withThrottle(throttle.asLong());
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("'throttle_ms': " + e.getMessage());
        }
      }
      if (allPairs) {
        o = o.allPairs();
      }
    }
    ctx.status(202).json(refresh.start(o));
  }

  void status(Context ctx) {
    ctx.json(refresh.status());
  }

  /** {@code ./rolematch scores --json}: stored rows of a posting with staleness. */
  void scores(Context ctx) throws Exception {
    String id = ctx.queryParam("posting");
    if (id == null || id.isBlank()) {
      throw ApiException.badRequest("query parameter 'posting' is required (a posting id from GET /api/postings)");
    }
    String stale = ctx.queryParam("stale");
    boolean staleOnly = false;
    if (stale != null && !stale.isBlank()) {
      staleOnly = switch (stale.strip().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw ApiException.badRequest("'stale' must be true or false, not '" + stale + "'");
      };
    }
    String t = ctx.queryParam("top");
    Integer top = t == null || t.isBlank() ? null : intParam(ctx, "top", 0, 1, Integer.MAX_VALUE);
    boolean only = staleOnly;
    ctx.json(endpoints.query(() -> refresh.scores(id, only, top)));
  }

  void close() {
    refresh.close();
  }
}
