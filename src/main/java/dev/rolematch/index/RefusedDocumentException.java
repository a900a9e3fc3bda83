package dev.rolematch.index;

/**
 * A document the index refuses as it is, for a reason the user can fix: its id is taken by a
 * document of the other kind, or a posting has nothing to match. The message is the whole reason
 * (CLI: a failed entry; server: a 4xx).
 */
public final class RefusedDocumentException extends IllegalArgumentException {
  public RefusedDocumentException(String message) {
    super(message);
  }

  public static RefusedDocumentException kindTaken(String id, String existingKind) {
    return new RefusedDocumentException("id " + id + " is already a " + existingKind
        + "; remove it first or choose another id");
  }

  public static RefusedDocumentException nothingToMatch(String id) {
    return new RefusedDocumentException("posting " + id + " has nothing to match: no requirements, duties or"
        + " title found; add the posting's requirements");
  }
}
