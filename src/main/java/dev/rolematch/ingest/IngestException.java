package dev.rolematch.ingest;

import java.nio.file.Path;

/**
 * A document that cannot be read. The message always names the file and says what is wrong, so it
 * can be shown to a user as is.
 */
public class IngestException extends Exception {

  private final String source;
  private final String problem;

  public IngestException(Path path, String problem) {
    this(path, problem, null);
  }

  public IngestException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.source = String.valueOf(path);
    this.problem = problem;
  }

  /** What is wrong, without the file name (for reports that print the file already). */
  public String problem() {
    return problem;
  }

  /** The file (or file:line) the problem is about. */
  public String source() {
    return source;
  }
}
