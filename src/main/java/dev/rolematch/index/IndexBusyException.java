package dev.rolematch.index;

/**
 * Another process (or another part of this one) holds the index's writer lock; the message names
 * the holder (pid and command) and says what to do. A failed precondition: the CLI exits with 2.
 */
public final class IndexBusyException extends IllegalStateException {
  public IndexBusyException(String message) {
    super(message);
  }
}
