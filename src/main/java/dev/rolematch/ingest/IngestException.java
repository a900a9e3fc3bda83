package dev.rolematch.ingest;

import java.nio.file.Path;

/**
 * A document that cannot be read. The message always names the file and says what is wrong, so it
 * can be shown to a user as is.
 */
public class IngestException extends Exception {

  private final String source;

  public IngestException(Path path, String problem) {
    this(path, problem, null);
  }

  public IngestException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.source = String.valueOf(path);
  }

  /** The file (or file:line) the problem is about. */
  public String source() {
    return source;
  }
}
