package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.app.Session;
import dev.rolematch.cli.Main;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.ingest.DocKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ./rolematch serve} in a child JVM takes feedback from four writers (single
 * verdicts and batches of 100) and is killed with SIGKILL while they write: every verdict it
 * acknowledged (201) is in the log afterwards, the log opens for writing again, and nothing
 * unacknowledged beyond the requests in flight appears.
 */
class FeedbackKillTest {

  @TempDir Path tmp;

  /** Acknowledged requests before the kill (each one append and fsync). */
  static final int REQUESTS = 200;

  static final List<String> CANDIDATES = List.of("jana-novak", "ola-nordmann");

  @Test
  void killMinusNineMidWriteLosesNothingAcknowledged() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    Path in = Files.createDirectories(tmp.resolve("in"));
    try (Session s = Session.forWrites(layout, TestServer.MODEL, "cpu", false)) {
      new Indexer(s.writer(), s.embedder, 64).add(List.of(TestServer.write(in, "jana-novak.txt", TestServer.NLP_RESUME),
          TestServer.write(in, "ola-nordmann.txt", TestServer.VISION_RESUME)), DocKind.RESUME, null, f -> {});
    }
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TestServer.TOKEN + "\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve", "--index", layout.root().toString(), "--port", "0", "--token-file",
        tokenFile.toString(), "--device", "cpu");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean killed = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    try {
      String base = waitForUrl(child);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      CountDownLatch enough = new CountDownLatch(REQUESTS);
      for (int w = 0; w < 4; w++) {
        int writer = w;
        int batch = w < 2 ? 1 : 100;
        Thread t = new Thread(() -> {
          for (int i = 0; !killed.get(); i++) {
            List<String> keys = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"items\":[");
            for (int j = 0; j < batch; j++) {
              String topic = "kill-" + writer + "-" + i + "-" + j;
              String candidate = CANDIDATES.get((i + j) % 2);
              keys.add(topic + "|" + candidate);
              body.append(j == 0 ? "" : ",").append("{\"query_type\":\"topic\",\"query\":\"").append(topic)
                  .append("\",\"candidate\":\"").append(candidate).append("\",\"label\":\"shortlist\"}");
            }
            body.append("]}");
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/feedback"))
                  .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + TestServer.TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 201) {
                acknowledged.addAll(keys);
                enough.countDown();
              } else {
                throw new AssertionError("refused: " + r.statusCode() + " " + r.body());
              }
            } catch (java.io.IOException e) {
              return; // the server is gone
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "feedback-writer-" + w);
        t.start();
        writers.add(t);
      }
      assertTrue(enough.await(120, TimeUnit.SECONDS), "writers made no progress");
    } finally {
      child.destroyForcibly(); // SIGKILL, with writes in flight
      killed.set(true);
      child.waitFor(30, TimeUnit.SECONDS);
    }
    for (Thread t : writers) {
      t.join(60_000);
    }
    List<Feedback> kept = FeedbackStore.read(layout.feedback());
    Set<String> onDisk = kept.stream().map(f -> f.key().query() + "|" + f.key().candidate()).collect(Collectors.toSet());
    Set<String> lost = new java.util.TreeSet<>(acknowledged);
    lost.removeAll(onDisk);
    assertEquals(Set.of(), lost, "acknowledged and lost (" + acknowledged.size() + " acknowledged)");
    assertTrue(acknowledged.size() >= REQUESTS, acknowledged.size() + " acknowledged");
    // Unacknowledged rows can only be those of requests in flight: at most one batch per writer.
    assertTrue(onDisk.size() - acknowledged.size() <= 2 + 2 * 100, onDisk.size() + " on disk");
    // The next server opens the log (dropping any torn tail) and sees the same rows.
    try (FeedbackStore reopened = FeedbackStore.open(layout.feedback())) {
      assertEquals(kept.size(), reopened.size());
    }
  }

  private static String waitForUrl(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("open http")) {
        String url = line.substring(5).split("\\s+")[0];
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the child's pipe from filling
            }
          } catch (java.io.IOException ignored) {
            // the child died
          }
        });
        drain.setDaemon(true);
        drain.start();
        return url;
      }
    }
    throw new AssertionError("the server did not start:\n" + seen);
  }
}
