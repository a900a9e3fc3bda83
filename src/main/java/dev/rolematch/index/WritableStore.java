package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.Optional;

/**
 * A store opened for writing: documents go in with their vectors made. Ids are unique across
 * kinds: an id taken by a resume is refused for a posting ({@link RefusedDocumentException}).
 * Nothing written is visible to readers, or durable, before {@link #commit()}.
 */
public interface WritableStore extends DocumentStore {

  /**
   * Adds or replaces a document. Same id and same text hash as what is stored is {@link
   * WriteOutcome#UNCHANGED} and writes nothing; an id taken by the other kind is refused.
   */
  WriteOutcome upsert(StoredDocument doc) throws IOException;

  /** Removes a document; false when no such id is stored. */
  boolean remove(String id) throws IOException;

  /** Makes every change durable and visible to new readers. */
  void commit() throws IOException;

  /**
   * Makes sure the store is blind (or not) as asked: an empty one takes the setting, one with
   * resumes keeps its own and asking for the other is an {@link IndexMismatchException}.
   */
  void requireBlind(boolean blind) throws IOException;

  /** Refuses to let a document of another kind take this id ({@link RefusedDocumentException}). */
  default void checkKind(String id, DocKind kind) throws IOException {
    Optional<DocKind> k = kindOf(id);
    if (k.isPresent() && k.get() != kind) {
      throw RefusedDocumentException.kindTaken(id, DocKinds.name(k.get()));
    }
  }
}
