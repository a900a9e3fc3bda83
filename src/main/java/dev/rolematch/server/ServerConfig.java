package dev.rolematch.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server listens and what it allows.
 *
 * @param bind address to listen on (default loopback only)
 * @param port TCP port; 0 picks a free one
 * @param token bearer token required for writes, or null for no authentication
 * @param maxRequestBytes largest request body (uploads, JSON); larger requests get 413
 * @param idleTimeout Jetty connection idle timeout (slow or stalled clients are dropped)
 * @param maxConcurrentQueries queries computed at once; others wait (bounded CPU and memory)
 */
public record ServerConfig(
    String bind, int port, String token, long maxRequestBytes, Duration idleTimeout, int maxConcurrentQueries) {

  /** 10 MB: the upload limit, documented in openapi.json. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 10L * 1024 * 1024;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

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
  }

  public static ServerConfig localhost(int port) {
    return new ServerConfig("127.0.0.1", port, null, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_IDLE_TIMEOUT,
        defaultConcurrency());
  }

  public ServerConfig withToken(String t) {
    return new ServerConfig(bind, port, t, maxRequestBytes, idleTimeout, maxConcurrentQueries);
  }

  public ServerConfig withBind(String b) {
    return new ServerConfig(b, port, token, maxRequestBytes, idleTimeout, maxConcurrentQueries);
  }

  /** Two queries per core: the embedder runs two intra-op threads, so more only queue in PyTorch. */
  public static int defaultConcurrency() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /** The token in a file: its content, trimmed; an empty or unreadable file is an error. */
  public static String readToken(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--token-file " + file + " does not exist");
    }
    String t = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("--token-file " + file + " is empty; put the token in it");
    }
    return t;
  }
}
