package dev.rolematch.refresh;

/** Another refresh holds the index's refresh lock; the message names the holder when it can. */
public final class RefreshBusyException extends RuntimeException {
  public RefreshBusyException(String message) {
    super(message);
  }
}
