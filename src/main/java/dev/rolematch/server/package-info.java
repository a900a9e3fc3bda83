/**
 * The recruiter HTTP API and web page (Javalin/Jetty) over one open {@code cli.Session}: routes
 * ({@link dev.rolematch.server.Endpoints}, documented in {@code web/openapi.json}), request safety
 * (size limits, header deadline, host and origin checks, bearer token), document writes and
 * background refresh. It translates HTTP into calls on index, ingest, match and refresh and holds no
 * scoring or document-parsing rules of its own; of {@code cli} it uses only Session and Json.
 */
package dev.rolematch.server;
