package dev.rolematch.solrcluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A local SolrCloud for tests and for trying rolematch without a Solr install: N Solr nodes and an
 * embedded ZooKeeper from solr-test-framework's {@link MiniSolrCloudCluster}, one configset
 * uploaded and one collection created. Runs in its own JVM (Solr 9 is built on Lucene 9; rolematch
 * on Lucene 10), driven over stdin and stdout by its parent:
 *
 * <pre>
 *   args:   --dir DIR --configset DIR --collection NAME [--nodes 2] [--shards 2] [--replicas 2]
 *   stdout: "READY zk=HOST:PORT nodes=URL,URL" once the collection is active, then one line per command
 *   stdin:  "stop N" | "start N" (node N from 0; a restarted node keeps its port) | "urls";
 *           end of input (the parent closed it or died) shuts the cluster down
 * </pre>
 *
 * Also writes the READY line to {@code DIR/cluster.txt} for people who start it by hand.
 */
public final class LocalSolrCloud {

  public static void main(String[] args) throws Exception {
    Path dir = null;
    Path configset = null;
    String collection = null;
    int nodes = 2;
    int shards = 2;
    int replicas = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--configset" -> configset = Path.of(args[++i]);
        case "--collection" -> collection = args[++i];
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--shards" -> shards = Integer.parseInt(args[++i]);
        case "--replicas" -> replicas = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dir == null || configset == null || collection == null) {
      System.err.println("usage: LocalSolrCloud --dir DIR --configset DIR --collection NAME [--nodes N] [--shards N] [--replicas N]");
      System.exit(2);
    }
    Files.createDirectories(dir);
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, dir.resolve("cluster"))
        .addConfig("rolematch", configset)
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(cluster)));
    CollectionAdminRequest.createCollection(collection, "rolematch", shards, replicas)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, shards, shards * replicas);
    String ready = "READY zk=" + cluster.getZkServer().getZkAddress() + " nodes=" + urls(cluster);
    Path info = dir.resolve("cluster.txt");
    Files.writeString(dir.resolve("cluster.txt.tmp"), ready + "\n", StandardCharsets.UTF_8);
    Files.move(dir.resolve("cluster.txt.tmp"), info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println(ready);
    System.out.flush();

    List<JettySolrRunner> runners = new ArrayList<>(cluster.getJettySolrRunners());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] cmd = line.trim().split("\\s+");
      try {
        switch (cmd[0]) {
          case "stop" -> {
            JettySolrRunner j = runners.get(Integer.parseInt(cmd[1]));
            cluster.stopJettySolrRunner(j);
            cluster.waitForJettyToStop(j);
            System.out.println("STOPPED " + cmd[1]);
          }
          case "start" -> {
            JettySolrRunner j = runners.get(Integer.parseInt(cmd[1]));
            cluster.startJettySolrRunner(j, true); // same port: clients keep their node list
            cluster.waitForNode(j, 60);
            cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, shards, shards * replicas);
            System.out.println("STARTED " + cmd[1]);
          }
          case "urls" -> System.out.println("URLS " + urls(cluster));
          case "" -> { }
          default -> System.out.println("ERROR unknown command " + cmd[0]);
        }
      } catch (Exception e) {
        System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      System.out.flush();
    }
    shutdown(cluster);
    System.exit(0);
  }

  private static String urls(MiniSolrCloudCluster cluster) {
    List<String> urls = new ArrayList<>();
    for (JettySolrRunner j : cluster.getJettySolrRunners()) {
      if (j.isRunning()) {
        urls.add(j.getBaseUrl().toString());
      }
    }
    return String.join(",", urls);
  }

  private static volatile boolean down;

  private static synchronized void shutdown(MiniSolrCloudCluster cluster) {
    if (down) {
      return;
    }
    down = true;
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("solr cluster shutdown: " + e.getMessage());
    }
  }
}
