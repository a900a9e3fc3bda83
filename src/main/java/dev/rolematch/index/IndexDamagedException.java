package dev.rolematch.index;

/**
 * What the index holds cannot be right (a stored vector that is not finite or not of unit norm, a
 * damaged file): answering from it would rank wrongly without saying so. The message says what to
 * run ({@code ./rolematch check}, then {@code ./rolematch reindex}).
 */
public final class IndexDamagedException extends IllegalStateException {
  public IndexDamagedException(String message) {
    super(message);
  }

  public static IndexDamagedException vector(String docId, String what, String problem, String modelId) {
    return new IndexDamagedException("index damaged: stored vector of document " + docId + " (" + what + ") "
        + problem + "; run ./rolematch check, then rebuild with ./rolematch reindex --model "
        + (modelId == null ? "ID" : modelId));
  }
}
