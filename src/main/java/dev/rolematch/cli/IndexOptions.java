package dev.rolematch.cli;

import dev.rolematch.app.Session;
import dev.rolematch.app.StoreChoice;
import dev.rolematch.index.IndexLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --index DIR}, shared by every command that touches the index. */
public final class IndexOptions {
  @Option(names = "--index", paramLabel = "DIR|solr://HOST:PORT[,...]/COLLECTION",
      description = "index folder (default: $ROLEMATCH_INDEX, else ./" + IndexLayout.DEFAULT_DIR + "), or a SolrCloud"
          + " collection (README, Running on SolrCloud)")
  String index;

  @Option(names = "--state", paramLabel = "DIR",
      description = "with a SolrCloud --index: the local folder for refresh's scores and the locks"
          + " (default: ./rolematch-solr-COLLECTION)")
  Path state;

  @Option(names = "--model", paramLabel = "ID|FILE",
      description = "embedding model (default: the index's model; new indexes: " + Session.DEFAULT_MATCH_MODEL + ")")
  String model;

  @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
      description = "where the model runs (default: ${DEFAULT-VALUE})")
  String device;

  public IndexLayout layout() {
    return StoreChoice.layout(index, state);
  }
}
