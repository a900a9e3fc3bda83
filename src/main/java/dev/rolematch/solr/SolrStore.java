package dev.rolematch.solr;

import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.DocKinds;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.Fields;
import dev.rolematch.index.Filters;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexMismatchException;
import dev.rolematch.index.IndexStats;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RefusedDocumentException;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.TermSets;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.CursorMarkParams;

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
public final class SolrStore implements DocumentStore {

  private static final int BATCH = 200;

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
    QueryResponse r = query(n, q);
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

  // ---- reading ----

  private static QueryResponse query(SolrNodes n, SolrQuery q) throws IOException {
    return new QueryResponse(n.request(new QueryRequest(q, SolrRequest.METHOD.POST)), null);
  }

  private QueryResponse query(SolrQuery q) throws IOException {
    return query(nodes, q);
  }

  private long count(String q, String... fq) throws IOException {
    SolrQuery sq = new SolrQuery(q);
    sq.setFilterQueries(fq);
    sq.setRows(0);
    return query(sq).getResults().getNumFound();
  }

  /** Every match of a query in id order, page by page (cursor), one document at a time. */
  private void stream(SolrQuery q, Consumer<SolrDocument> each) throws IOException {
    q.setSort(Fields.ID, SolrQuery.ORDER.asc);
    q.setRows(500);
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse r = query(q);
      r.getResults().forEach(each);
      String nextCursor = r.getNextCursorMark();
      if (nextCursor == null || nextCursor.equals(cursor)) {
        return;
      }
      cursor = nextCursor;
    }
  }

  private static String anyOf(String field, Collection<String> values) {
    StringBuilder sb = new StringBuilder(field).append(":(");
    int i = 0;
    for (String v : values) {
      sb.append(i++ == 0 ? "" : " OR ").append(ClientUtils.escapeQueryChars(v));
    }
    return sb.append(')').toString();
  }

  private record Existing(String sha256, DocKind kind) {}

  private Optional<Existing> existing(String id) throws IOException {
    SolrQuery q = new SolrQuery(SolrQueries.term(Fields.ID, id));
    q.addFilterQuery(SolrQueries.ALL_PARENTS);
    q.setFields(Fields.SHA256, Fields.KIND);
    q.setRows(1);
    QueryResponse r = query(q);
    if (r.getResults().isEmpty()) {
      return Optional.empty();
    }
    SolrDocument d = r.getResults().get(0);
    Object kind = d.getFirstValue(Fields.KIND);
    return Optional.of(new Existing((String) d.getFirstValue(Fields.SHA256),
        kind == null ? null : DocKinds.parse(kind.toString())));
  }

  @Override
  public Optional<StoredDocument> get(String id, boolean withChunks) throws IOException {
    List<StoredDocument> one = getAll(List.of(id), withChunks);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  @Override
  public List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException {
    Map<String, StoredDocument> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      SolrQuery q = new SolrQuery(anyOf(Fields.ID, batch));
      q.addFilterQuery(SolrQueries.ALL_PARENTS);
      q.setFields(SolrDocuments.PARENT_FIELDS);
      List<SolrDocument> parents = new ArrayList<>();
      stream(q, parents::add);
      for (StoredDocument d : load(parents, withChunks)) {
        found.put(d.id(), d);
      }
    }
    List<StoredDocument> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      StoredDocument d = found.get(id);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  /** Parents read back, with their chunks (one query per batch) when asked. */
  private List<StoredDocument> load(List<SolrDocument> parents, boolean withChunks) throws IOException {
    Map<String, List<SolrDocuments.LoadedChunk>> chunks = new HashMap<>();
    if (withChunks && !parents.isEmpty()) {
      List<String> ids = parents.stream().map(p -> (String) p.getFirstValue(Fields.ID)).toList();
      for (int from = 0; from < ids.size(); from += BATCH) {
        SolrQuery q = new SolrQuery(anyOf(SolrDocuments.ROOT, ids.subList(from, Math.min(ids.size(), from + BATCH))));
        q.addFilterQuery(Fields.DOC_TYPE + ":" + Fields.CHUNK);
        q.setFields(SolrDocuments.CHUNK_FIELDS);
        stream(q, c -> {
          SolrDocuments.LoadedChunk lc = SolrDocuments.chunk(c, info.dimension(), info.normalized(), info.modelId());
          chunks.computeIfAbsent(lc.parentId(), k -> new ArrayList<>()).add(lc);
        });
      }
    }
    List<StoredDocument> out = new ArrayList<>(parents.size());
    for (SolrDocument p : parents) {
      List<SolrDocuments.LoadedChunk> mine = chunks.getOrDefault((String) p.getFirstValue(Fields.ID), List.of());
      List<IndexedChunk> ordered = mine.stream()
          .sorted(Comparator.comparingInt(SolrDocuments.LoadedChunk::position))
          .map(SolrDocuments.LoadedChunk::chunk).toList();
      out.add(SolrDocuments.parent(p, new ArrayList<>(ordered), withChunks, info.dimension(), info.normalized(),
          info.modelId()));
    }
    return out;
  }

  @Override
  public Optional<DocKind> kindOf(String id) throws IOException {
    return existing(id).map(Existing::kind);
  }

  @Override
  public Optional<String> sha256Of(String id) throws IOException {
    return existing(id).map(Existing::sha256);
  }

  @Override
  public Map<String, String> sha256s(DocKind kind) throws IOException {
    Map<String, String> out = new TreeMap<>();
    SolrQuery q = new SolrQuery("*:*");
    for (String fq : SolrQueries.parentFilters(kind, null, q)) {
      q.addFilterQuery(fq);
    }
    q.setFields(Fields.ID, Fields.SHA256);
    stream(q, d -> out.put((String) d.getFirstValue(Fields.ID), (String) d.getFirstValue(Fields.SHA256)));
    return out;
  }

  @Override
  public List<StoredDocument> all(DocKind kind, Filters filters, boolean withChunks) throws IOException {
    SolrQuery q = new SolrQuery("*:*");
    for (String fq : SolrQueries.parentFilters(kind, filters, q)) {
      q.addFilterQuery(fq);
    }
    q.setFields(SolrDocuments.PARENT_FIELDS);
    List<SolrDocument> parents = new ArrayList<>();
    stream(q, parents::add);
    List<StoredDocument> out = new ArrayList<>(parents.size());
    for (int from = 0; from < parents.size(); from += BATCH) {
      out.addAll(load(parents.subList(from, Math.min(parents.size(), from + BATCH)), withChunks));
    }
    out.sort(Comparator.comparing(StoredDocument::id));
    return out;
  }

  /**
   * In id order; documents are loaded a batch at a time (two requests per {@value #BATCH}
   * documents, on the first load within the batch), not one by one, so a refresh over a large
   * pool makes few round trips.
   */
  @Override
  public void forEach(DocKind kind, DocumentVisitor visitor) throws IOException {
    List<Map.Entry<String, String>> entries = new ArrayList<>(sha256s(kind).entrySet());
    for (int from = 0; from < entries.size(); from += BATCH) {
      List<Map.Entry<String, String>> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
      Map<String, StoredDocument> loaded = new HashMap<>();
      boolean[] fetched = {false};
      boolean[] oneByOne = {false}; // a damaged document spoils the batch read: then each its own read
      for (Map.Entry<String, String> e : batch) {
        String id = e.getKey();
        if (id == null || e.getValue() == null) {
          visitor.unreadable(id == null ? "a " + DocKinds.name(kind) + " without id" : id,
              new IllegalStateException("no id or text hash stored"));
          continue;
        }
        visitor.visit(id, e.getValue(), () -> {
          if (!fetched[0]) {
            fetched[0] = true;
            try {
              for (StoredDocument d : getAll(batch.stream().map(Map.Entry::getKey).toList(), true)) {
                loaded.put(d.id(), d);
              }
            } catch (RuntimeException ex) {
              oneByOne[0] = true;
            }
          }
          StoredDocument d = oneByOne[0] ? get(id, true).orElse(null) : loaded.get(id);
          if (d == null) {
            throw new IOException("document " + id + " was removed from " + describe() + " while being read");
          }
          return d;
        });
      }
    }
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

  /** Exactly what {@code CorpusStats.of} reads from a Lucene index of the same documents. */
  CorpusStats computeStats() throws IOException {
    Map<String, Integer> df = new HashMap<>();
    int[] docs = {0};
    long[] total = {0};
    SolrQuery q = new SolrQuery(SolrQueries.ALL_PARENTS);
    q.setFields(Fields.ID, Fields.TERMS, SolrDocuments.TEXT_LENGTH);
    stream(q, d -> {
      Object len = d.getFirstValue(SolrDocuments.TEXT_LENGTH);
      int n = len == null ? 0 : ((Number) len).intValue();
      if (n > 0) {
        docs[0]++;
        total[0] += n;
        TermSets.decode((String) d.getFirstValue(Fields.TERMS)).keySet().forEach(t -> df.merge(t, 1, Integer::sum));
      }
    });
    return CorpusStats.of(docs[0], total[0], df);
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
    Optional<Existing> found = existing(doc.id());
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
