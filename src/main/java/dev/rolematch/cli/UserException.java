package dev.rolematch.cli;

/** A problem the user can fix; its message says how. Printed without a stack trace. */
public class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, Main.EXIT_USAGE);
  }

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
