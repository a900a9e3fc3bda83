package dev.rolematch.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local SolrCloud (2 nodes, embedded ZooKeeper, one collection of 2 shards × 2 replicas) in a
 * child JVM on its own class path: {@code solr-cluster/} in the source tree, built by the main
 * build ({@code solr-cluster/target/classes} + {@code solr-cluster/target/classpath.txt}). Used by
 * the tests and by {@code ./rolematch solr start-local}. Nodes can be stopped and restarted (same
 * port); closing this ends the child, and the child also ends when this process dies (its stdin
 * closes).
 */
public final class LocalSolrCluster implements AutoCloseable {

  /** How long the cluster may take to come up (two nodes, ZooKeeper, collection active). */
  public static final long START_SECONDS = 300;

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(100);
  private final String zk;
  private final List<String> nodeUrls;
  private final String collection;

  private LocalSolrCluster(Process process, String ready, String collection) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.collection = collection;
    String zkPart = ready.replaceFirst(".*zk=(\\S+).*", "$1");
    this.zk = zkPart;
    this.nodeUrls = List.of(ready.replaceFirst(".*nodes=(\\S+).*", "$1").split(","));
  }

  /** The child JVM's class path, or an {@link IllegalStateException} saying how to build it. */
  public static String classPath(Path home) throws IOException {
    Path project = home.resolve("solr-cluster");
    Path classes = project.resolve("target/classes");
    Path cp = project.resolve("target/classpath.txt");
    if (!Files.isDirectory(classes.resolve("dev")) || !Files.isRegularFile(cp)) {
      throw new IllegalStateException("the local Solr cluster is not built (" + cp + " is missing); build it with:"
          + " mvn -B compile (the main build compiles solr-cluster/), or mvn -B -f " + project.resolve("pom.xml")
          + " compile");
    }
    return classes + java.io.File.pathSeparator + Files.readString(cp, StandardCharsets.UTF_8).strip();
  }

  /**
   * Starts the cluster and waits until the collection is active.
   *
   * @param log where the child's stderr (Solr's log) goes
   */
  public static LocalSolrCluster start(Path home, Path dir, Path configset, String collection, Path log)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty("rolematch.solr.heap", "2g"), "-XX:+UseSerialGC",
        "--enable-native-access=ALL-UNNAMED", "-cp", classPath(home), "dev.rolematch.solrcluster.LocalSolrCloud",
        "--dir", dir.toString(), "--configset", configset.toString(), "--collection", collection));
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
    Thread reader = new Thread(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.put(line);
        }
      } catch (IOException | InterruptedException e) {
        // the child ended
      }
    }, "solr-cluster-stdout");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (true) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("READY ")) {
        LocalSolrCluster c = new LocalSolrCluster(p, line, collection);
        Thread pump = new Thread(() -> {
          try {
            while (true) {
              c.replies.put(lines.take());
            }
          } catch (InterruptedException e) {
            // closing
          }
        }, "solr-cluster-replies");
        pump.setDaemon(true);
        pump.start();
        return c;
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroy();
        throw new IOException("the local Solr cluster did not come up" + (p.isAlive() ? " within " + START_SECONDS
            + " s" : " (exit " + p.exitValue() + ")") + "; its log: " + log);
      }
    }
  }

  public String zkHost() {
    return zk;
  }

  public List<String> nodeUrls() {
    return nodeUrls;
  }

  /** The {@code --index} value for the collection on all nodes. */
  public SolrTarget target() {
    return SolrTarget.ofBaseUrls(nodeUrls, collection);
  }

  /** Stops node {@code n} (from 0), as a crash would leave it to the others: its replicas are gone. */
  public void stopNode(int n) throws IOException, InterruptedException {
    command("stop " + n, "STOPPED " + n);
  }

  /** Starts node {@code n} again on its port and waits until every replica is active. */
  public void startNode(int n) throws IOException, InterruptedException {
    command("start " + n, "STARTED " + n);
  }

  private void command(String line, String expected) throws IOException, InterruptedException {
    commands.write(line + "\n");
    commands.flush();
    String reply = replies.poll(START_SECONDS, TimeUnit.SECONDS);
    if (!expected.equals(reply)) {
      throw new IOException("local Solr cluster: '" + line + "' answered " + reply);
    }
  }

  /** Blocks until the child ends (Ctrl-C in start-local). */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      commands.close(); // end of input: the child shuts the cluster down
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return "local SolrCloud " + Arrays.toString(nodeUrls.toArray()) + " zk " + zk;
  }
}
