package dev.rolematch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per index across processes: while {@code serve} runs in a child JVM, {@code reindex},
 * {@code add} and {@code remove} are refused with exit code 2 and a message naming the server's
 * pid and command (before: reindex swapped the index away under the server, whose next write got
 * a 500 and was lost; add was refused without saying by whom). Queries keep working; the server's
 * own writes are kept; once it stops, add works again.
 */
class WriterLockTest {

  @TempDir Path tmp;

  @Test
  void aLiveServerHoldsTheIndexAgainstOtherWriters() throws Exception {
    Path index = tmp.resolve("index");
    Path resume = Files.writeString(tmp.resolve("ana.txt"), "Ana Lima\nLisbon\n- Built summarisation models in PyTorch\n");
    Path late = Files.writeString(tmp.resolve("x.txt"), "Xu Late\nBerlin\n- Wrote Rust services\n");
    CliTest.Run first = CliTest.run("add", "resume", resume.toString(), "--index", index.toString(),
        "--model", "all-minilm-l6-v2");
    assertEquals(0, first.code(), first.err());

    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = tmp.resolve("serve.log");
    Process child = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve", "--index", index.toString(), "--port", "0"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String url = waitForUrl(child, log);
      String holder = "pid " + child.pid() + ", rolematch serve";

      CliTest.Run reindex = CliTest.run("reindex", "--model", "all-minilm-l6-v2", "--index", index.toString());
      assertEquals(Main.EXIT_USAGE, reindex.code(), reindex.out() + reindex.err());
      assertTrue(reindex.err().contains("is being written by another rolematch process")
          && reindex.err().contains(holder), reindex.err());

      CliTest.Run add = CliTest.run("add", "resume", late.toString(), "--index", index.toString());
      assertEquals(Main.EXIT_USAGE, add.code(), add.out() + add.err());
      assertTrue(add.err().contains(holder), add.err());

      CliTest.Run remove = CliTest.run("remove", "ana", "--index", index.toString());
      assertEquals(Main.EXIT_USAGE, remove.code(), remove.out() + remove.err());
      assertTrue(remove.err().contains(holder), remove.err());

      // Reads run while the server holds the lock.
      CliTest.Run stats = CliTest.run("stats", "--index", index.toString(), "--json");
      assertEquals(0, stats.code(), stats.err());

      // The server's own writes go through and are kept.
      HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/documents"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"kind\":\"resume\",\"id\":\"srv\",\"text\":\"Sam Server\\nMadrid\\n- Ran Kubernetes clusters\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(put.statusCode() / 100 == 2, put.statusCode() + " " + put.body());
    } finally {
      child.destroy(); // SIGTERM: the shutdown hook closes the index
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
    }
    CliTest.Run add = CliTest.run("add", "resume", late.toString(), "--index", index.toString(), "--json");
    assertEquals(0, add.code(), add.err());
    assertEquals(1, Json.MAPPER.readTree(add.out()).get("added").asInt());
    JsonNode st = Json.MAPPER.readTree(CliTest.run("stats", "--index", index.toString(), "--json").out());
    assertEquals(3, st.get("resumes").asInt(), "ana, the server's srv and x: nothing lost");
  }

  private static String waitForUrl(Process child, Path log) throws Exception {
    Pattern open = Pattern.compile("open (http://\\S+/)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = open.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      if (!child.isAlive()) {
        throw new AssertionError("serve exited with " + child.exitValue() + ":\n" + text);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start:\n" + Files.readString(log));
  }
}
