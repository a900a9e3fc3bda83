package dev.rolematch.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the server listens and what it allows.
 *
 * @param bind address to listen on (default loopback only)
 * @param port TCP port; 0 picks a free one
 * @param token the token file's content (one token, or lines {@code TOKEN USER [ROLE]}, see {@link
 *     Tokens}) required for writes, or null for no authentication
 * @param maxRequestBytes largest request body (uploads, JSON); larger requests get 413, counted as
 *     the body is read (a chunked body has no Content-Length to check up front)
 * @param idleTimeout Jetty connection idle timeout (slow or stalled clients are dropped)
 * @param maxConcurrentQueries queries computed at once; others wait (bounded CPU and memory)
 * @param allowedHosts extra names (or {@code name:port}) the {@code Host} header may carry, beyond
 *     {@code localhost}, {@code 127.0.0.1}, {@code [::1]} and the bind address; {@code *} allows any
 *     (see {@link RequestGuard})
 * @param allowedOrigins extra origins ({@code https://name[:port]}) whose pages may send writes,
 *     beyond the server's own origin (the one the request's {@code Host} names)
 * @param headerTimeout how long a client may take to send a request's line and headers, counted
 *     from the connection's start or the end of its previous request (slow-header clients are cut
 *     off even while they trickle bytes, which resets the idle timeout)
 */
public record ServerConfig(
    String bind, int port, String token, long maxRequestBytes, Duration idleTimeout, int maxConcurrentQueries,
    List<String> allowedHosts, List<String> allowedOrigins, Duration headerTimeout) {

  /** 10 MB: the upload limit, documented in openapi.json. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 10L * 1024 * 1024;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Headers are one packet for a real client; ten seconds is generous even on a bad link. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, not " + port);
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("the token is empty");
    }
    if (maxConcurrentQueries < 1) {
      throw new IllegalArgumentException("maxConcurrentQueries must be at least 1");
    }
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
      headerTimeout = DEFAULT_HEADER_TIMEOUT;
    }
    for (String o : allowedOrigins) {
      RequestGuard.checkOrigin(o);
    }
  }

  /** As before the host and origin allow-lists: defaults for those. */
  public ServerConfig(
      String bind, int port, String token, long maxRequestBytes, Duration idleTimeout, int maxConcurrentQueries) {
    this(bind, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries, List.of(), List.of(),
        DEFAULT_HEADER_TIMEOUT);
  }

  public static ServerConfig localhost(int port) {
    return new ServerConfig("127.0.0.1", port, null, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_IDLE_TIMEOUT,
        defaultConcurrency());
  }

  public ServerConfig withToken(String t) {
    return new ServerConfig(bind, port, t, maxRequestBytes, idleTimeout, maxConcurrentQueries, allowedHosts,
        allowedOrigins, headerTimeout);
  }

  public ServerConfig withBind(String b) {
    return new ServerConfig(b, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries, allowedHosts,
        allowedOrigins, headerTimeout);
  }

  public ServerConfig withAllowedHosts(List<String> hosts) {
    return new ServerConfig(bind, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries, hosts,
        allowedOrigins, headerTimeout);
  }

  public ServerConfig withAllowedOrigins(List<String> origins) {
    return new ServerConfig(bind, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries, allowedHosts,
        origins, headerTimeout);
  }

  public ServerConfig withHeaderTimeout(Duration d) {
    return new ServerConfig(bind, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries, allowedHosts,
        allowedOrigins, d);
  }

  public ServerConfig withMaxRequestBytes(long bytes) {
    return new ServerConfig(bind, port, token, bytes, idleTimeout, maxConcurrentQueries, allowedHosts,
        allowedOrigins, headerTimeout);
  }

  /** Two queries per core: the embedder runs two intra-op threads, so more only queue in PyTorch. */
  public static int defaultConcurrency() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /** The tokens in a file: its content, trimmed; an empty, unreadable or malformed file is an error. */
  public static String readToken(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--token-file " + file + " does not exist");
    }
    String t = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("--token-file " + file + " is empty; put the token in it");
    }
    Tokens.parse(t, "--token-file " + file); // a malformed line is a start-up error, not a 401 later
    return t;
  }
}
