package dev.rolematch.server;

import dev.rolematch.index.DocKinds;
import dev.rolematch.app.Session;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/documents/{id}/text}: a document's stored text (masked in a blind index), for the
 * page's candidate view, which marks the evidence lines in place.
 */
final class DocumentText {

  private final Session session;

  DocumentText(Session session) {
    this.session = session;
  }

  Endpoints.Route route() {
    return new Endpoints.Route(HandlerType.GET, "/api/documents/{id}/text", this::text);
  }

  void text(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    StoredDocument d = session.index.get(id, false)
        .orElseThrow(() -> ApiException.notFound("no document with id '" + id + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.id());
    out.put("kind", DocKinds.name(d.kind()));
    out.put("title", d.title());
    out.put("text", d.text() == null ? "" : d.text());
    ctx.json(out);
  }
}
