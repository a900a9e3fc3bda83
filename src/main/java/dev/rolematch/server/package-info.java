/**
 * The recruiter HTTP API and web page (Javalin/Jetty) over one open {@code app.Session}: routes
 * ({@link dev.rolematch.server.Endpoints}, documented in {@code web/openapi.json}), request safety
 * (size limits, header deadline, host and origin checks, bearer token), document writes and
 * background refresh. It translates HTTP into calls on index, ingest, match and refresh and holds no
 * scoring or document-parsing rules of its own. It never depends on {@code cli}, which starts it.
 */
package dev.rolematch.server;
