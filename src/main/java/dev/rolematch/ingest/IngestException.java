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
    this(String.valueOf(path), problem, cause);
  }

  /** @param source what the document is known as: a path, {@code path:line}, or an upload's name */
  public IngestException(String source, String problem) {
    this(source, problem, null);
  }

  public IngestException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
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
