package dev.rolematch.cli;

import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --index DIR}, shared by every command that touches the index. */
public final class IndexOptions {
  @Option(names = "--index", paramLabel = "DIR",
      description = "index folder (default: $ROLEMATCH_INDEX, else ./" + IndexLayout.DEFAULT_DIR + ")")
  Path index;

  @Option(names = "--model", paramLabel = "ID|FILE",
      description = "embedding model (default: the index's model; new indexes: " + Session.DEFAULT_MATCH_MODEL + ")")
  String model;

  @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
      description = "where the model runs (default: ${DEFAULT-VALUE})")
  String device;

  public IndexLayout layout() {
    return IndexLayout.resolve(index);
  }
}
