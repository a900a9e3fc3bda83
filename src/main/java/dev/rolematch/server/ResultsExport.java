package dev.rolematch.server;

import dev.rolematch.app.Session;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.QueryType;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.index.Filters;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.Matcher;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/results/export}: the page's current results as CSV (see {@link Csv#RESULT_COLUMNS}),
 * computed by the same query as {@code /api/topic}, {@code /api/match} and {@code
 * /api/postings-for} with the same filters, plus the recruiter's feedback on each candidate.
 */
final class ResultsExport {

  private final Session session;
  private final Endpoints endpoints;
  private final FeedbackEndpoints feedback;

  ResultsExport(Session session, Endpoints endpoints, FeedbackEndpoints feedback) {
    this.session = session;
    this.endpoints = endpoints;
    this.feedback = feedback;
  }

  Endpoints.Route route() {
    return new Endpoints.Route(HandlerType.GET, "/api/results/export", this::export);
  }

  void export(Context ctx) throws Exception {
    String type = ctx.queryParam("type");
    type = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
    Filters filters = Params.filters(ctx);
    int top = Params.top(ctx);
    MatchResponse r;
    Map<String, Feedback> verdicts = Map.of();
    switch (type) {
      case "topic" -> {
        String q = param(ctx, "q", "the topic, e.g. ?type=topic&q=NLP");
        if (q.length() > 500) {
          throw ApiException.badRequest("'q' is longer than 500 characters; a topic is a few words");
        }
        r = endpoints.query(() -> session.matcher().topic(q.strip(), filters, top));
        verdicts = feedback.forQuery(QueryType.TOPIC, q, verdictsOf(ctx));
      }
      case "posting" -> {
        String id = param(ctx, "posting", "a posting id from GET /api/postings");
        r = endpoints.query(() -> session.matcher().matchPosting(Matcher.postingProfile(session.index.get(id, true)
            .filter(d -> d.kind() == DocKind.POSTING)
            .orElseThrow(() -> ApiException.notFound("no posting with id '" + id
                + "'; list posting ids with GET /api/postings"))), filters, top, new ArrayList<>()));
        verdicts = feedback.forQuery(QueryType.POSTING, id, verdictsOf(ctx));
      }
      case "candidate" -> {
        String id = param(ctx, "candidate", "a resume id");
        r = endpoints.query(() -> {
          if (session.index.get(id, false).filter(d -> d.kind() == DocKind.RESUME).isEmpty()) {
            throw ApiException.notFound("no resume with id '" + id + "'; list resumes with GET /api/documents?kind=resume");
          }
          return session.matcher().postingsFor(id, filters, top);
        });
      }
      default -> throw ApiException.badRequest("'type' must be topic, posting or candidate, not '" + type + "'");
    }
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"rolematch-results.csv\"");
    ctx.result(Csv.results(r, verdicts));
  }

  /** Whose verdicts the feedback column shows: {@code ?user=}, else the caller's own; one user, not all. */
  private static String verdictsOf(Context ctx) {
    String user = FeedbackEndpoints.user(ctx);
    if (user.equals(FeedbackEndpoints.ALL_USERS)) {
      throw ApiException.badRequest("the results export shows one user's verdicts: name the user, not *");
    }
    return user;
  }

  private static String param(Context ctx, String name, String what) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("query parameter '" + name + "' is required: " + what);
    }
    return v;
  }
}
