package dev.rolematch.index;

import java.nio.file.Path;

/**
 * Where an index lives: one root folder holding the Lucene index of documents ({@code docs/}),
 * the scores store of batch refresh ({@code scores/}) and the refresh lock. The root is {@code
 * --index DIR}, else {@code $ROLEMATCH_INDEX}, else {@code rolematch-index/} under the working
 * directory.
 */
public record IndexLayout(Path root) {

  public static final String DEFAULT_DIR = "rolematch-index";

  public static IndexLayout resolve(Path option) {
    if (option != null) {
      return new IndexLayout(option);
    }
    String env = System.getenv("ROLEMATCH_INDEX");
    return new IndexLayout(Path.of(env != null && !env.isBlank() ? env : DEFAULT_DIR));
  }

  public Path docs() {
    return root.resolve("docs");
  }

  public Path scores() {
    return root.resolve("scores");
  }

  public Path refreshLock() {
    return root.resolve("refresh.lock");
  }
}
