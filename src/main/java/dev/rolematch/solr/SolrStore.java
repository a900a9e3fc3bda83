package dev.rolematch.solr;

import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.DocKinds;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.WritableStore;
import dev.rolematch.index.Fields;
import dev.rolematch.index.Filters;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexMismatchException;
import dev.rolematch.index.IndexStats;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.index.RefusedDocumentException;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;

/**
 * The SolrCloud backend of {@link DocumentStore}: documents as nested blocks in one collection
 * (any number of shards and replicas), kNN and BM25 candidates from Solr, documents read back with
 * their exact stored vectors so that {@code match.PairScorer} scores on the client exactly as over
 * the embedded index. Local state (refresh's scores store, the writer and refresh locks) lives in
 * {@link #layout()}, a folder on the machine that runs rolematch.
 *
 * <p>Writes: {@link #upsert} sends the whole block (Solr replaces a block by its {@code _root_});
 * {@link #commit} is a hard commit of the whole collection, after which every replica serves the
 * change. Thread-safe for reads; one writer per process, as for the embedded index.
 */
public final class SolrStore implements WritableStore {

  private static final int BATCH = SolrReads.BATCH;

  private final SolrNodes nodes;
  private final IndexLayout layout;
  private final boolean writable;
  private IndexWriteLock writeLock; // the local writer lock a writing session holds, released on close
  private volatile IndexInfo info;
  private volatile CorpusStats stats;

  private SolrStore(SolrNodes nodes, IndexLayout layout, boolean writable, IndexInfo info) {
    this.nodes = nodes;
    this.layout = layout;
    this.writable = writable;
    this.info = info;
  }

  /** Which model built the collection, without opening it for use; empty when it has no rolematch record. */
  public static Optional<IndexInfo> peek(SolrTarget target) throws IOException {
    try (SolrNodes n = new SolrNodes(target)) {
      return meta(n).map(SolrMeta::info);
    }
  }

  /** Opens a collection for queries: it must already hold a rolematch record. */
  public static SolrStore openForRead(SolrTarget target, IndexLayout layout) throws IOException {
    SolrNodes n = new SolrNodes(target);
    try {
      SolrDocument meta = meta(n).orElseThrow(() -> new IllegalStateException("collection '" + target.collection()
          + "' on " + target.uri() + " holds no rolematch documents yet; add documents first, e.g."
          + " ./rolematch add resume data/resumes --index " + target.uri()));
      return new SolrStore(n, layout, false, SolrMeta.info(meta));
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  /**
   * Opens (or, on an empty collection, initialises) a collection for writing with this model: a
   * collection built by another model is an {@link IndexMismatchException}, as for the embedded index.
   */
  public static SolrStore openForWrite(SolrTarget target, IndexLayout layout, IndexInfo wanted) throws IOException {
    return openForWrite(target, layout, wanted, null);
  }

  /** As above, owning the caller's local writer lock: released on close, also when opening fails. */
  public static SolrStore openForWrite(SolrTarget target, IndexLayout layout, IndexInfo wanted, IndexWriteLock lock)
      throws IOException {
    try {
      SolrStore s = openForWrite0(target, layout, wanted);
      s.writeLock = lock;
      return s;
    } catch (IOException | RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  private static SolrStore openForWrite0(SolrTarget target, IndexLayout layout, IndexInfo wanted) throws IOException {
    if (wanted.quantize()) {
      throw new IllegalArgumentException("--quantize int8 is an embedded-index option; on SolrCloud the vector"
          + " format is the collection's (schema field type knn_vector)");
    }
    SolrNodes n = new SolrNodes(target);
    try {
      Optional<SolrDocument> meta = meta(n);
      SolrStore store;
      if (meta.isPresent()) {
        IndexInfo onDisk = SolrMeta.info(meta.get());
        store = new SolrStore(n, layout, true, onDisk);
        onDisk.requireModel(wanted.modelId(), wanted.fingerprint(), store.describe());
      } else {
        store = new SolrStore(n, layout, true, wanted.withBlind(false));
        if (store.count(SolrQueries.ALL_PARENTS) > 0) {
          throw new IllegalStateException(store.describe() + " holds documents but no rolematch record; it was not"
              + " written by rolematch: use an empty collection created from ./rolematch solr configset");
        }
        store.writeMeta(null);
      }
      return store;
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  private static Optional<SolrDocument> meta(SolrNodes n) throws IOException {
    SolrQuery q = new SolrQuery(SolrQueries.term(Fields.ID, SolrDocuments.META_ID));
    q.setRows(1);
    QueryResponse r = SolrReads.query(n, q);
    return r.getResults().isEmpty() ? Optional.empty() : Optional.of(r.getResults().get(0));
  }

  private void writeMeta(CorpusStats s) throws IOException {
    UpdateRequest u = new UpdateRequest();
    u.add(SolrMeta.document(info, s));
    u.setAction(UpdateRequest.ACTION.COMMIT, true, true);
    nodes.request(u);
  }

  @Override
  public IndexInfo info() {
    return info;
  }

  @Override
  public IndexLayout layout() {
    return layout;
  }

  @Override
  public String describe() {
    return "collection '" + nodes.target().collection() + "' on " + nodes.target().uri();
  }

  // ---- reading (SolrReads) ----

  private QueryResponse query(SolrQuery q) throws IOException {
    return SolrReads.query(nodes, q);
  }

  private long count(String q, String... fq) throws IOException {
    return reads().count(q, fq);
  }

  private SolrReads reads() {
    return new SolrReads(nodes, info);
  }

  @Override
  public Optional<StoredDocument> get(String id, boolean withChunks) throws IOException {
    return reads().get(id, withChunks);
  }

  @Override
  public List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException {
    return reads().getAll(ids, withChunks);
  }

  @Override
  public Optional<DocKind> kindOf(String id) throws IOException {
    return reads().kindOf(id);
  }

  @Override
  public Optional<String> sha256Of(String id) throws IOException {
    return reads().sha256Of(id);
  }

  @Override
  public Map<String, String> sha256s(DocKind kind) throws IOException {
    return reads().sha256s(kind);
  }

  @Override
  public List<StoredDocument> all(DocKind kind, Filters filters, boolean withChunks) throws IOException {
    return reads().all(kind, filters, withChunks);
  }

  /** Exactly what {@code CorpusStats.of} reads from a Lucene index of the same documents. */
  CorpusStats computeStats() throws IOException {
    return reads().computeStats();
  }

  private Optional<SolrReads.Existing> existing(String id) throws IOException {
    return reads().existing(id);
  }


  /** In id order, loaded a batch at a time ({@link SolrReads#forEach}). */
  @Override
  public void forEach(DocKind kind, DocumentVisitor visitor) throws IOException {
    reads().forEach(kind, visitor, describe());
  }

  @Override
  public List<Hit> nearest(DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return hits(query(SolrQueries.nearest(kind, vector, k, filters)), k);
  }

  @Override
  public List<Hit> lexical(DocKind kind, String text, int k, Filters filters) throws IOException {
    SolrQuery q = SolrQueries.lexical(kind, text, k, filters);
    return q == null ? List.of() : hits(query(q), k);
  }

  private static List<Hit> hits(QueryResponse r, int k) {
    List<Hit> out = new ArrayList<>();
    for (SolrDocument d : r.getResults()) {
      if (out.size() == k) {
        break;
      }
      out.add(new Hit((String) d.getFirstValue(Fields.ID), ((Number) d.getFirstValue("score")).doubleValue()));
    }
    return out;
  }

  @Override
  public IndexStats stats() throws IOException {
    int postings = (int) count(SolrQueries.ALL_PARENTS, SolrQueries.term(Fields.KIND, "posting"));
    int resumes = (int) count(SolrQueries.ALL_PARENTS, SolrQueries.term(Fields.KIND, "resume"));
    int chunks = (int) count(Fields.DOC_TYPE + ":" + Fields.CHUNK);
    return new IndexStats(postings, resumes, chunks, info, 0);
  }

  /**
   * The frozen corpus statistics from the metadata document; a collection without them (no
   * commit by rolematch yet) gets them computed from the stored term frequencies now.
   */
  @Override
  public CorpusStats corpusStats() throws IOException {
    CorpusStats s = stats;
    if (s == null) {
      s = meta(nodes).flatMap(m -> {
        try {
          return SolrMeta.stats(m);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).orElse(null);
      if (s == null) {
        s = computeStats();
        if (writable && s.docs() > 0) {
          writeMeta(s);
        }
      }
      stats = s;
    }
    return s;
  }


  /** Queries always see the collection's latest commit; this forgets the cached corpus statistics. */
  @Override
  public void refresh() {
    stats = null;
  }

  // ---- writing ----

  private void requireWriter() {
    if (!writable) {
      throw new IllegalStateException(describe() + " was opened read-only");
    }
  }

  @Override
  public WriteOutcome upsert(StoredDocument doc) throws IOException {
    requireWriter();
    if (doc.id().equals(SolrDocuments.META_ID)) {
      throw new RefusedDocumentException("id " + doc.id() + " is the collection's own metadata record; choose another id");
    }
    Optional<SolrReads.Existing> found = existing(doc.id());
    if (found.isPresent() && found.get().kind() != null && found.get().kind() != doc.kind()) {
      throw RefusedDocumentException.kindTaken(doc.id(), DocKinds.name(found.get().kind()));
    }
    if (found.isPresent() && doc.sha256().equals(found.get().sha256())) {
      return WriteOutcome.UNCHANGED;
    }
    UpdateRequest u = new UpdateRequest();
    u.add(SolrDocuments.block(doc, info.fingerprint())); // replaces the old block: same _root_
    nodes.request(u);
    return found.isPresent() ? WriteOutcome.REPLACED : WriteOutcome.ADDED;
  }

  @Override
  public boolean remove(String id) throws IOException {
    requireWriter();
    if (existing(id).isEmpty()) {
      return false;
    }
    UpdateRequest u = new UpdateRequest();
    u.deleteByQuery(SolrQueries.term(SolrDocuments.ROOT, id)); // the parent and its chunks
    nodes.request(u);
    return true;
  }

  /** A hard commit of the collection; retakes the corpus statistics when they drifted (as the embedded index does). */
  @Override
  public void commit() throws IOException {
    requireWriter();
    UpdateRequest u = new UpdateRequest();
    u.setAction(UpdateRequest.ACTION.COMMIT, true, true);
    nodes.request(u);
    CorpusStats current = corpusStats();
    int live = (int) count(SolrQueries.ALL_PARENTS, SolrDocuments.TEXT_LENGTH + ":[1 TO *]");
    if (current.docs() == 0 && live > 0 || current.staleFor(live)) {
      CorpusStats fresh = computeStats();
      writeMeta(fresh);
      stats = fresh;
    }
  }

  @Override
  public void requireBlind(boolean blind) throws IOException {
    requireWriter();
    if (info.blind() == blind) {
      return;
    }
    IndexStats st = stats();
    if (st.resumes() == 0) {
      info = info.withBlind(blind);
      writeMeta(stats);
      return;
    }
    throw blind
        ? new IndexMismatchException(describe() + " is not blind: its " + st.resumes() + " resumes are stored"
            + " unmasked, so adding masked ones would mix the two. Use another collection for blind documents,"
            + " or add without --blind")
        : new IndexMismatchException(describe() + " is blind: every resume in it is masked (README, Blind mode)."
            + " Add with --blind (serve with --blind), or use another collection for unmasked documents");
  }

  @Override
  public void close() throws IOException {
    try {
      nodes.close();
    } finally {
      if (writeLock != null) {
        writeLock.close();
      }
    }
  }
}
