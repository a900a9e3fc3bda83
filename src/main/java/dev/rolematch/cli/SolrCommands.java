package dev.rolematch.cli;

import dev.rolematch.app.Home;
import dev.rolematch.app.Session;
import dev.rolematch.solr.LocalSolrCluster;
import dev.rolematch.solr.SolrConfigset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rolematch solr ...}: the SolrCloud backend's configset and a local cluster to try it on. */
@Command(
    name = "solr", mixinStandardHelpOptions = true,
    description = "SolrCloud backend: write the collection's configset, or start a local 2-node cluster.",
    subcommands = {SolrCommands.Configset.class, SolrCommands.StartLocal.class})
final class SolrCommands extends CommandGroup {

  /** The collection the local cluster creates. */
  static final String LOCAL_COLLECTION = "rolematch";

  static int dimensionOf(Integer dimension, String model) throws Exception {
    if (dimension != null) {
      return dimension;
    }
    return Home.modelCatalog().resolve(model != null ? model : Session.DEFAULT_MATCH_MODEL).dimension();
  }

  @Command(
      name = "configset", mixinStandardHelpOptions = true,
      description = {"Write the collection configset (schema.xml, solrconfig.xml) for a model's vectors,",
          "to upload with: bin/solr zk upconfig -n rolematch -d DIR -z ZKHOST"})
  static final class Configset implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Option(names = "--dimension", paramLabel = "N", description = "vector dimension (default: the model's)")
    Integer dimension;

    @Option(names = "--model", paramLabel = "ID|FILE",
        description = "the model whose dimension to use (default: " + Session.DEFAULT_MATCH_MODEL + ")")
    String model;

    @Override
    public Integer call() throws Exception {
      int d = dimensionOf(dimension, model);
      SolrConfigset.write(out, d);
      System.out.println("wrote the rolematch configset (" + d + "-d vectors) to " + out.toAbsolutePath());
      return 0;
    }
  }

  @Command(
      name = "start-local", mixinStandardHelpOptions = true,
      description = {"Start a local SolrCloud in the foreground: 2 Solr nodes, embedded ZooKeeper, collection",
          "'" + LOCAL_COLLECTION + "' (2 shards x 2 replicas), the same cluster the tests use. Ctrl-C stops it.",
          "Data lives under --dir (a new cluster each start)."})
  static final class StartLocal implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "rolematch-solr-local",
        description = "working folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--model", paramLabel = "ID|FILE",
        description = "size the vectors for this model (default: " + Session.DEFAULT_MATCH_MODEL + ")")
    String model;

    @Override
    public Integer call() throws Exception {
      int d = dimensionOf(null, model);
      if (Files.isDirectory(dir.resolve("cluster"))) {
        IndexCommands.deleteTree(dir.resolve("cluster")); // a fresh cluster: its ports and state change every start
      }
      Path configset = SolrConfigset.write(dir.resolve("configset"), d);
      Path log = dir.resolve("solr.log");
      System.err.println("starting a local SolrCloud in " + dir.toAbsolutePath() + " (log: " + log + ")...");
      LocalSolrCluster cluster = LocalSolrCluster.start(Home.dir(), dir.toAbsolutePath().resolve("cluster"),
          configset, LOCAL_COLLECTION, log.toAbsolutePath());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          cluster.close();
        } catch (Exception ignored) {
          // exiting anyway
        }
      }, "rolematch-solr-local-shutdown"));
      System.out.println("SolrCloud is up: nodes " + String.join(" ", cluster.nodeUrls()) + ", ZooKeeper "
          + cluster.zkHost());
      System.out.println("use it with: --index " + cluster.target().uri());
      System.out.println("e.g. ./rolematch demo --index " + cluster.target().uri() + "   (Ctrl-C here stops the cluster)");
      System.out.flush();
      return cluster.waitFor();
    }
  }
}
