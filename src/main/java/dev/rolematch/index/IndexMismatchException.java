package dev.rolematch.index;

/** The index was built by another model; its vectors cannot be compared with this model's. */
public class IndexMismatchException extends IllegalStateException {
  public IndexMismatchException(String message) {
    super(message);
  }
}
