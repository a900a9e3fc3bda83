package dev.rolematch.cli;

import dev.rolematch.index.IndexStats;
import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.server.RoleServer;
import dev.rolematch.server.ServerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rolematch serve}: the recruiter web page and JSON API over the index. */
@Command(
    mixinStandardHelpOptions = true,
    name = "serve",
    description = "Serve the recruiter web page and JSON API (OpenAPI description at /openapi.json).")
final class ServeCommand implements Callable<Integer> {
  @Mixin IndexOptions indexOptions;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only); any other address"
          + " needs --token-file (or --insecure-no-token)")
  String bind;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "require 'Authorization: Bearer <token>' on changes: the file is one token (its holder is the user"
          + " 'default', an admin), or lines 'TOKEN USER [admin|recruiter]' (feedback is stored per user; refitting"
          + " the calibration needs admin)")
  Path tokenFile;

  @Option(names = "--insecure-no-token",
      description = "allow a non-loopback --bind without --token-file: anyone who can reach the port can add and"
          + " delete documents")
  boolean insecureNoToken;

  @Option(names = "--allowed-hosts", split = ",", paramLabel = "HOST[:PORT]",
      description = "more names the Host header may carry (a reverse proxy's public name, this machine's DNS"
          + " name), comma-separated; NAME allows any port, NAME:PORT one; '*' allows any host (turns off the"
          + " DNS-rebinding check). Always allowed: localhost, 127.0.0.1, [::1] and the bind address")
  List<String> allowedHosts;

  @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
      description = "more origins (scheme://host[:port]) whose pages may send changes, comma-separated; the"
          + " server's own origin (the Host it is reached at, http or https) is always allowed")
  List<String> allowedOrigins;

  @Option(names = "--blind", description = "blind index: resumes added through the server are masked (names, contact"
      + " details, gender, age, ...); must match the index's setting (README, Blind mode)")
  boolean blind;

  @Override
  public Integer call() throws Exception {
    // The access log (method, route, status, ms) is the one INFO logger that serve shows.
    if (System.getProperty("org.slf4j.simpleLogger.log.rolematch.server") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.rolematch.server", "info");
    }
    // POI (DOCX uploads) logs through log4j-api; without a provider it complains once on stderr.
    if (System.getProperty("log4j2.loggerContextFactory") == null) {
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }
    String token = tokenFile == null ? null : ServerConfig.readToken(tokenFile);
    ServerConfig config = ServerConfig.localhost(port).withBind(bind).withToken(token)
        .withAllowedHosts(allowedHosts == null ? List.of() : allowedHosts)
        .withAllowedOrigins(allowedOrigins == null ? List.of() : allowedOrigins);
    boolean loopback = isLoopback(bind);
    if (!loopback && token == null) {
      if (!insecureNoToken) {
        throw new UserException("refusing to listen on " + bind + " without a token: anyone who can reach this"
            + " port could add and delete documents. Give --token-file FILE (changes then need 'Authorization:"
            + " Bearer <token>'), or --bind 127.0.0.1 behind a reverse proxy, or --insecure-no-token to accept"
            + " the risk");
      }
      System.err.println("warning: listening on " + bind + " without --token-file (--insecure-no-token): anyone who"
          + " can reach this port can add and delete documents");
    }
    IndexLayout layout = indexOptions.layout();
    Session s = Session.forWrites(layout, indexOptions.model, indexOptions.device, false);
    RoleServer server;
    try {
      s.writer().requireBlind(blind);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    try {
      server = new RoleServer(s, config).start();
    } catch (RuntimeException e) {
      s.close();
      throw new UserException("could not start the server on " + bind + ":" + port + ": " + rootMessage(e));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        s.close();
      } catch (Exception ignored) {
        // exiting anyway; Lucene's last commit is intact
      } finally {
        stopped.countDown();
      }
    }, "rolematch-serve-shutdown"));
    IndexStats st = s.index.stats();
    System.out.printf("rolematch serving %s (model %s, %d postings, %d resumes)%s%n", s.index.describe(),
        st.info().modelId(), st.postings(), st.resumes(), token == null ? "" : "; changes need the bearer token");
    if (st.postings() + st.resumes() == 0) {
      System.out.println("the index is empty: upload resumes on the page, or stop and run ./rolematch demo --index "
          + layout.root());
    }
    System.out.println("open " + server.url() + "   (API: " + server.url() + "openapi.json; Ctrl-C stops)");
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** A loopback address (127.0.0.0/8, ::1, localhost); an unresolvable name is not. */
  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
