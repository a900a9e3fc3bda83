package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage seam: what the matcher, refresh and the front doors need from a store of postings
 * and resumes, whatever engine holds them. Documents go in with their vectors already made (the
 * store never embeds); candidates come out of kNN over chunk vectors and BM25 over full text, and
 * documents come back with every stored vector, so that {@code match.PairScorer} scores a pair the
 * same way on every backend.
 *
 * <p>Two implementations: {@link RoleIndex} (the embedded Lucene index, the default) and the
 * SolrCloud backend ({@code dev.rolematch.solr}). Errors are in domain words (no CLI flags).
 *
 * <p>Reads only; a store opened for writing is a {@link WritableStore}. Every list method returns
 * documents in ascending id order unless it says otherwise.
 */
public interface DocumentStore extends Closeable {

  /** Which model and settings built the store. */
  IndexInfo info();

  /**
   * The local folder of this store's local state: refresh's scores store, the writer and refresh
   * locks. For the Lucene backend, the index root itself.
   */
  IndexLayout layout();

  /** Where the store is, in words, for messages ("the index at DIR", "collection C on HOSTS"). */
  String describe();

  // ---- reading ----

  /** A stored document by id, with its chunks (vectors included) when asked. */
  Optional<StoredDocument> get(String id, boolean withChunks) throws IOException;

  /** The document with this id if it is stored and of this kind (a resume id is no posting). */
  default Optional<StoredDocument> get(String id, DocKind kind, boolean withChunks) throws IOException {
    return kindOf(id).filter(k -> k == kind).isPresent() ? get(id, withChunks) : Optional.empty();
  }

  /** Whether a document of this kind is stored under the id. */
  default boolean contains(String id, DocKind kind) throws IOException {
    return kindOf(id).filter(k -> k == kind).isPresent();
  }

  /** Documents by id with their chunks, in the order asked; ids not stored are left out. */
  List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException;

  /** The kind of the document with this id, if one is stored. */
  Optional<DocKind> kindOf(String id) throws IOException;

  /** SHA-256 of the stored text for this id, if the document is stored. */
  Optional<String> sha256Of(String id) throws IOException;

  /** Id → SHA-256 of the stored text, for every document of a kind. */
  Map<String, String> sha256s(DocKind kind) throws IOException;

  /** Every document of a kind that passes the filters (null: none), in id order. */
  List<StoredDocument> all(DocKind kind, Filters filters, boolean withChunks) throws IOException;

  /** Every document of a kind, in id order. */
  default List<StoredDocument> all(DocKind kind, boolean withChunks) throws IOException {
    return all(kind, null, withChunks);
  }

  /**
   * Visits every document of a kind, one at a time, in the order the store reads fastest (not
   * necessarily by id: a visitor that needs an order sorts; refresh over large pools): a
   * document that cannot be read is reported to the visitor, never skipped silently. The loaders
   * handed over stay valid, and may be called from any thread, until the visitor's
   * {@link DocumentVisitor#end} returns: a visitor may load a batch on several threads.
   */
  void forEach(DocKind kind, DocumentVisitor visitor) throws IOException;

  /** What {@link #forEach} hands over for each document. */
  interface DocumentVisitor {
    /** A readable document; {@code load} reads it with its chunks (and may fail on a damaged one). */
    void visit(String id, String sha256, Loader load) throws IOException;

    /** A document whose id or text hash cannot be read; {@code where} names it as well as can be. */
    void unreadable(String where, Exception problem);

    /** After the last visit, before {@link #forEach} returns (its loaders are still valid). */
    default void end() throws IOException {}
  }

  /** Loads one document with its chunks; thread-safe. */
  interface Loader {
    StoredDocument load() throws IOException;
  }

  /**
   * A candidate from a search: a top-level document id, the search's score for it, and an opaque
   * handle by which the same store can load it again without looking the id up ({@link #load}):
   * the Lucene index's handle is the parent's doc id in the reader that searched, a store without
   * one passes null.
   */
  record Hit(String id, double score, Object handle) {
    public Hit(String id, double score) {
      this(id, score, null);
    }
  }

  /**
   * Documents for hits of this store's searches, in the order given (ids not stored any more are
   * left out). The same as {@link #getAll} by their ids; a store whose hits carry handles skips
   * the lookups (a kNN already found the documents).
   */
  default List<StoredDocument> load(List<Hit> hits, boolean withChunks) throws IOException {
    return getAll(hits.stream().map(Hit::id).toList(), withChunks);
  }

  /**
   * The {@code k} documents of a kind whose best chunk is nearest the vector (dot product of unit
   * vectors: cosine), one hit per document, score = that chunk's similarity mapped as Lucene's
   * {@code DOT_PRODUCT} does ({@code (1 + cos) / 2}); filters are applied inside the search, so a
   * filter never empties the top-k. Approximate (HNSW); best first.
   */
  List<Hit> nearest(DocKind kind, float[] vector, int k, Filters filters) throws IOException;

  /** A hit's vectors: its whole-text vector (null if none) and its chunks', in chunk order. */
  record HitVectors(Hit hit, float[] whole, List<float[]> chunks) {}

  /**
   * The vectors of hits of this store's searches, each with its hit, in no promised order (hits
   * not stored any more are left out): what a cheap first scoring of a wide pool needs, without
   * the texts. Here from {@link #load} with chunks; the Lucene index reads its vector files.
   */
  default List<HitVectors> vectors(List<Hit> hits) throws IOException {
    Map<String, Hit> byId = new java.util.HashMap<>();
    for (Hit h : hits) {
      byId.put(h.id(), h);
    }
    List<HitVectors> out = new java.util.ArrayList<>(hits.size());
    for (StoredDocument d : load(hits, true)) {
      out.add(new HitVectors(byId.get(d.id()), d.docVector(), d.chunks().stream().map(IndexedChunk::vector).toList()));
    }
    return out;
  }

  /**
   * Documents for hits whose vectors were read ({@link #vectors}), in the order given: a store may
   * use those vectors instead of reading them again. Here {@link #load} with chunks.
   */
  default List<StoredDocument> loadWithVectors(List<HitVectors> hits) throws IOException {
    return load(hits.stream().map(HitVectors::hit).toList(), true);
  }

  /**
   * The {@code k} documents of a kind whose whole-text vector is nearest the vector, scored as in
   * {@link #nearest}; approximate (HNSW), best first, filters inside the search. Empty where the
   * store keeps no searchable whole-text vectors (the SolrCloud backend; a Lucene index written
   * before they were added, until it is reindexed): callers then rely on {@link #nearest}.
   */
  default List<Hit> nearestWhole(DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return List.of();
  }

  /**
   * The {@code k} best documents of a kind for BM25 over the full text of an OR of the query
   * text's analysed terms (at most 400 distinct words); best first. Empty when the text has no
   * searchable words.
   */
  List<Hit> lexical(DocKind kind, String text, int k, Filters filters) throws IOException;

  /** How much the store holds. */
  IndexStats stats() throws IOException;

  /** The frozen lexical statistics the scorer uses ({@link CorpusStats}). */
  CorpusStats corpusStats() throws IOException;

  /** Picks up changes: other processes' commits, this writer's latest. */
  void refresh() throws IOException;
}
