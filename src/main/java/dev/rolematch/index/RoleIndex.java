package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The on-disk Lucene index of postings and resumes. A writer instance owns the {@link IndexWriter}
 * (Lucene's write lock keeps it to one process) and serves near-real-time searchers; a reader
 * instance sees the last commit, so queries run while another process adds documents.
 *
 * <p>Every change is one atomic block update; {@link #commit()} makes it durable (Lucene commits
 * are crash-safe: a killed process leaves the last commit intact). The commit user data records
 * which model built the vectors, and opening with another model fails with the command to run.
 */
public final class RoleIndex implements DocumentStore {

  private final IndexLayout layout;
  private final Directory dir;
  private final IndexWriter writer; // null for read-only instances
  private final SearcherManager searchers;
  private volatile IndexInfo info;
  private final IndexWriteLock writeLock; // held by writers opened with openForWrite

  private RoleIndex(IndexLayout layout, Directory dir, IndexWriter writer, SearcherManager searchers, IndexInfo info,
      IndexWriteLock writeLock) {
    this.layout = layout;
    this.dir = dir;
    this.writer = writer;
    this.searchers = searchers;
    this.info = info;
    this.writeLock = writeLock;
  }

  public static boolean exists(IndexLayout layout) {
    Path docs = layout.docs();
    if (!Files.isDirectory(docs)) {
      return false; // and do not create it: FSDirectory.open would
    }
    try (Directory d = FSDirectory.open(docs)) {
      return DirectoryReader.indexExists(d);
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads which model built the index without opening it; empty when there is no index. */
  public static Optional<IndexInfo> peek(IndexLayout layout) throws IOException {
    if (!exists(layout)) {
      return Optional.empty();
    }
    try (Directory d = FSDirectory.open(layout.docs())) {
      return Optional.of(infoOf(SegmentInfos.readLatestCommit(d).getUserData()));
    }
  }

  /** Lucene's default indexing buffer; bulk loads pass more. */
  public static final double DEFAULT_RAM_BUFFER_MB = IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB;

  /** Opens (or creates) the index for writing with this model and settings. */
  public static RoleIndex openForWrite(IndexLayout layout, IndexInfo wanted) throws IOException {
    return openForWrite(layout, wanted, IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
  }

  /** As above with a larger indexing buffer for bulk loads (fewer, larger segments). */
  public static RoleIndex openForWrite(IndexLayout layout, IndexInfo wanted, double ramBufferMb) throws IOException {
    return openForWrite(layout, wanted, ramBufferMb, IndexWriteLock.acquire(layout));
  }

  /**
   * Opens (or creates) the current generation for writing, holding the index's {@link
   * IndexWriteLock} until {@link #close()}: a second writer (another add, serve, reindex) is
   * refused with {@link IndexBusyException} naming the holder. The lock may be taken by the caller
   * (before a slow model load, so that a second writer is refused at once); the returned index owns
   * it and releases it on close, also when opening fails.
   *
   * @param wanted the model and settings; an existing index keeps its own quantization and blind
   *     setting, and one built by another model is an {@link IndexMismatchException}
   */
  public static RoleIndex openForWrite(IndexLayout layout, IndexInfo wanted, double ramBufferMb, IndexWriteLock lock)
      throws IOException {
    try {
      Generations.removeStale(layout); // a crashed reindex's leftovers
      return open(layout, layout.docs(), wanted, ramBufferMb, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Opens (or creates) a generation folder for writing while the caller holds the index's writer
   * lock (a reindex building the next generation). Closing it leaves the lock held.
   */
  public static RoleIndex openGeneration(IndexLayout layout, Path generation, IndexInfo wanted, double ramBufferMb)
      throws IOException {
    return open(layout, generation, wanted, ramBufferMb, null);
  }

  private static RoleIndex open(IndexLayout layout, Path docs, IndexInfo wanted, double ramBufferMb,
      IndexWriteLock lock) throws IOException {
    Files.createDirectories(docs);
    Directory dir = FSDirectory.open(docs);
    boolean existed = DirectoryReader.indexExists(dir);
    IndexInfo info = wanted.withBlind(false);
    if (existed) {
      IndexInfo onDisk = infoOf(SegmentInfos.readLatestCommit(dir).getUserData());
      try {
        onDisk.requireModel(wanted.modelId(), wanted.fingerprint(), "the index at " + layout.root());
      } catch (IndexMismatchException e) {
        dir.close();
        throw e;
      }
      info = onDisk; // quantization is fixed at creation
    }
    IndexWriterConfig config =
        new IndexWriterConfig(LuceneQueries.analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setCodec(codec(info.quantize()))
            .setRAMBufferSizeMB(ramBufferMb);
    IndexWriter writer;
    try {
      writer = new IndexWriter(dir, config);
    } catch (org.apache.lucene.store.LockObtainFailedException e) {
      dir.close();
      throw new IndexBusyException(
          "the index at " + layout.root() + " is being written by another rolematch process"
              + " (add, remove, reindex or serve); wait for it or stop it, then retry");
    }
    Map<String, String> meta = new HashMap<>();
    meta.put(Fields.META_MODEL_ID, info.modelId());
    meta.put(Fields.META_FINGERPRINT, info.fingerprint());
    meta.put(Fields.META_DIMENSION, Integer.toString(info.dimension()));
    meta.put(Fields.META_QUANTIZE, Boolean.toString(info.quantize()));
    meta.put(Fields.META_NORMALIZED, Boolean.toString(info.normalized()));
    meta.put(Fields.META_BLIND, Boolean.toString(info.blind()));
    meta.put(Fields.META_SCHEMA, Fields.SCHEMA_VERSION);
    writer.setLiveCommitData(meta.entrySet());
    if (!existed) {
      writer.commit();
    }
    return new RoleIndex(layout, dir, writer, new SearcherManager(writer, null), info, lock);
  }

  /**
   * Opens the last commit of the current generation read-only. Takes no lock: runs while a writer
   * holds it. Should a reindex switch generations between reading the pointer and opening the
   * folder, the new pointer is followed.
   */
  public static RoleIndex openForRead(IndexLayout layout) throws IOException {
    if (!exists(layout)) {
      Path interrupted = layout.root().resolve("docs.old");
      if (Files.isDirectory(interrupted) && !Files.exists(layout.root().resolve(IndexLayout.LEGACY_DOCS))) {
        // An older version's reindex moved docs/ away and crashed before moving the new one in.
        throw new IllegalStateException("no index at " + layout.root().toAbsolutePath() + ": an interrupted reindex"
            + " of an older rolematch left the documents in " + interrupted + "; move it back to "
            + layout.root().resolve(IndexLayout.LEGACY_DOCS) + " and run the reindex again");
      }
      throw new IllegalStateException(
          "no index at " + layout.root().toAbsolutePath() + "; add documents first, e.g."
              + " ./rolematch add resume data/resumes (or run ./rolematch demo)");
    }
    for (int attempt = 0; ; attempt++) {
      Path docs = layout.docs();
      Directory dir = FSDirectory.open(docs);
      try {
        IndexInfo info = infoOf(SegmentInfos.readLatestCommit(dir).getUserData());
        return new RoleIndex(layout, dir, null, new SearcherManager(dir, null), info, null);
      } catch (IOException | RuntimeException e) {
        dir.close();
        if (attempt < 3 && !layout.docs().equals(docs)) {
          continue; // the generation was switched under us: open the new one
        }
        throw e;
      }
    }
  }

  private static IndexInfo infoOf(Map<String, String> meta) {
    String fp = meta.get(Fields.META_FINGERPRINT);
    if (fp == null) {
      throw new IllegalStateException("the index has no model record; it was not written by rolematch");
    }
    return new IndexInfo(
        meta.get(Fields.META_MODEL_ID), fp,
        Integer.parseInt(meta.getOrDefault(Fields.META_DIMENSION, "0")),
        Boolean.parseBoolean(meta.getOrDefault(Fields.META_QUANTIZE, "false")),
        !"false".equals(meta.get(Fields.META_NORMALIZED)), // older indexes: every shipped model normalises
        "true".equals(meta.get(Fields.META_BLIND))); // older indexes are not blind
  }

  /**
   * Makes sure the index is blind (or not) as the caller asks: an index without resumes takes the
   * setting (recorded in the commit user data), one with resumes keeps its own, and asking for the other
   * is an {@link IndexMismatchException} naming the fix. Blind indexes mask every resume before
   * it is chunked, embedded and stored ({@link Indexer}).
   */
  @Override
  public void requireBlind(boolean blind) throws IOException {
    requireWriter();
    if (info.blind() == blind) {
      return;
    }
    IndexStats st = stats();
    if (st.resumes() == 0) { // postings are never masked: an index without resumes may still choose
      info = info.withBlind(blind);
      Map<String, String> meta = new HashMap<>();
      writer.getLiveCommitData().forEach(e -> meta.put(e.getKey(), e.getValue()));
      meta.put(Fields.META_BLIND, Boolean.toString(blind));
      writer.setLiveCommitData(meta.entrySet());
      writer.commit();
      return;
    }
    throw blind
        ? new IndexMismatchException("the index at " + layout.root() + " is not blind: its " + st.resumes()
            + " resumes are stored unmasked, so adding masked ones would mix the two. Build a blind index in another"
            + " folder (./rolematch add --blind --index NEW_DIR resume ...), or add without --blind")
        : new IndexMismatchException("the index at " + layout.root() + " is blind: every resume in it is masked"
            + " (names, contact details, gender, age; README, Blind mode). Add with --blind (serve with --blind),"
            + " or use another --index for unmasked documents");
  }

  private static Lucene103Codec codec(boolean quantize) {
    return new Lucene103Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return quantize ? new Lucene99HnswScalarQuantizedVectorsFormat() : new Lucene99HnswVectorsFormat();
      }
    };
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
    return "the index at " + layout.root();
  }

  // ---- reading ----

  private record Existing(String sha256, DocKind kind) {}

  private Optional<Existing> existing(String id) throws IOException {
    return withSearcher(s -> {
      TopDocs td = s.search(LuceneQueries.parent(id), 1);
      if (td.scoreDocs.length == 0) {
        return Optional.<Existing>empty();
      }
      Document p = s.storedFields().document(td.scoreDocs[0].doc, Set.of(Fields.SHA256, Fields.KIND));
      String kind = p.get(Fields.KIND);
      return Optional.of(new Existing(p.get(Fields.SHA256), kind == null ? null : DocKinds.parse(kind)));
    });
  }

  @Override
  public Optional<String> sha256Of(String id) throws IOException {
    return existing(id).map(Existing::sha256);
  }

  @Override
  public Optional<DocKind> kindOf(String id) throws IOException {
    return existing(id).map(Existing::kind);
  }

  @Override
  public Optional<StoredDocument> get(String id, boolean withChunks) throws IOException {
    return withSearcher(s -> {
      TopDocs td = s.search(LuceneQueries.parent(id), 1);
      if (td.scoreDocs.length == 0) {
        return Optional.<StoredDocument>empty();
      }
      return Optional.of(DocumentCodec.load(s, td.scoreDocs[0].doc, withChunks));
    });
  }

  @Override
  public List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException {
    return withSearcher(s -> {
      List<StoredDocument> out = new ArrayList<>(ids.size());
      for (String id : ids) {
        TopDocs td = s.search(LuceneQueries.parent(id), 1);
        if (td.scoreDocs.length > 0) {
          out.add(DocumentCodec.load(s, td.scoreDocs[0].doc, withChunks));
        }
      }
      return out;
    });
  }

  @Override
  public Map<String, String> sha256s(DocKind kind) throws IOException {
    return withSearcher(s -> {
      Map<String, String> out = new TreeMap<>();
      StoredFields fields = s.storedFields();
      LuceneDocs.forEach(s, LuceneQueries.parentsOfKind(kind), doc -> {
        Document p = fields.document(doc, Set.of(Fields.ID, Fields.SHA256));
        out.put(p.get(Fields.ID), p.get(Fields.SHA256));
      });
      return out;
    });
  }

  @Override
  public List<StoredDocument> all(DocKind kind, Filters filters, boolean withChunks) throws IOException {
    Query q = LuceneQueries.parents(kind, filters);
    return withSearcher(s -> {
      List<StoredDocument> out = new ArrayList<>();
      LuceneDocs.forEach(s, q, doc -> out.add(DocumentCodec.load(s, doc, withChunks)));
      out.sort(Comparator.comparing(StoredDocument::id));
      return out;
    });
  }

  @Override
  public void forEach(DocKind kind, DocumentVisitor visitor) throws IOException {
    withSearcher(s -> {
      record Entry(String id, String sha, int doc) {}
      List<Entry> entries = new ArrayList<>();
      StoredFields fields = s.storedFields();
      LuceneDocs.forEach(s, LuceneQueries.parentsOfKind(kind), doc -> {
        try {
          Document p = fields.document(doc, Set.of(Fields.ID, Fields.SHA256));
          String id = p.get(Fields.ID);
          String sha = p.get(Fields.SHA256);
          if (id == null || sha == null) {
            throw new IllegalStateException("no id or text hash stored");
          }
          entries.add(new Entry(id, sha, doc));
        } catch (IOException | RuntimeException e) {
          visitor.unreadable("#" + doc, e);
        }
      });
      entries.sort(Comparator.comparing(Entry::id));
      for (Entry e : entries) {
        visitor.visit(e.id(), e.sha(), () -> DocumentCodec.load(s, e.doc(), true));
      }
      return null;
    });
  }

  @Override
  public List<Hit> nearest(DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    Query knn = new DiversifyingChildrenFloatKnnVectorQuery(
        Fields.VECTOR, vector, LuceneQueries.chunks(kind, filters), k, LuceneQueries.parentsFilter());
    return withSearcher(s -> {
      List<Hit> out = new ArrayList<>();
      StoredFields fields = s.storedFields();
      for (ScoreDoc sd : s.search(knn, k).scoreDocs) {
        int parent = LuceneQueries.parentOf(s, sd.doc);
        out.add(new Hit(fields.document(parent, Set.of(Fields.ID)).get(Fields.ID), sd.score));
      }
      return out;
    });
  }

  @Override
  public List<Hit> lexical(DocKind kind, String text, int k, Filters filters) throws IOException {
    Query lexical = LuceneQueries.lexical(text);
    if (lexical == null) {
      return List.of();
    }
    Query q = new BooleanQuery.Builder()
        .add(lexical, BooleanClause.Occur.MUST)
        .add(LuceneQueries.parents(kind, filters), BooleanClause.Occur.FILTER)
        .build();
    return withSearcher(s -> {
      List<Hit> out = new ArrayList<>();
      StoredFields fields = s.storedFields();
      for (ScoreDoc sd : s.search(q, k).scoreDocs) {
        out.add(new Hit(fields.document(sd.doc, Set.of(Fields.ID)).get(Fields.ID), sd.score));
      }
      return out;
    });
  }

  @Override
  public IndexStats stats() throws IOException {
    return withSearcher(s -> {
      int postings = s.count(LuceneQueries.parentsOfKind(DocKind.POSTING));
      int resumes = s.count(LuceneQueries.parentsOfKind(DocKind.RESUME));
      int chunks = s.count(new TermQuery(new Term(Fields.DOC_TYPE, Fields.CHUNK)));
      long size = 0;
      for (String f : dir.listAll()) {
        try {
          size += dir.fileLength(f);
        } catch (IOException ignored) {
          // a file merged away while listing
        }
      }
      return new IndexStats(postings, resumes, chunks, info, size);
    });
  }

  // ---- writing ----

  @Override
  public WriteOutcome upsert(StoredDocument doc) throws IOException {
    requireWriter();
    Optional<Existing> found = existing(doc.id());
    if (found.isPresent() && found.get().kind() != null && found.get().kind() != doc.kind()) {
      throw RefusedDocumentException.kindTaken(doc.id(), DocKinds.name(found.get().kind()));
    }
    Optional<String> existing = found.map(Existing::sha256);
    if (existing.isPresent() && existing.get().equals(doc.sha256())) {
      return WriteOutcome.UNCHANGED;
    }
    writer.updateDocuments(new Term(Fields.BLOCK_ID, doc.id()), DocumentCodec.block(doc, info.fingerprint()));
    return existing.isPresent() ? WriteOutcome.REPLACED : WriteOutcome.ADDED;
  }

  @Override
  public boolean remove(String id) throws IOException {
    requireWriter();
    if (sha256Of(id).isEmpty()) {
      return false;
    }
    writer.deleteDocuments(new Term(Fields.BLOCK_ID, id));
    return true;
  }

  /** Makes all changes durable and visible to new searchers; retakes the corpus statistics when they drifted. */
  @Override
  public void commit() throws IOException {
    requireWriter();
    writer.commit();
    searchers.maybeRefreshBlocking();
    CorpusStats current = corpusStats();
    int live = withSearcher(s -> {
      org.apache.lucene.index.Terms t = org.apache.lucene.index.MultiTerms.getTerms(s.getIndexReader(), Fields.TEXT);
      return t == null ? 0 : t.getDocCount();
    });
    if (current.docs() == 0 && live > 0 || current.staleFor(live)) {
      CorpusStats fresh = withSearcher(CorpusStats::of);
      fresh.write(statsDir());
      stats = fresh;
    }
  }

  private volatile CorpusStats stats;

  /** The folder of the document index this reader or writer opened (the snapshot lives there). */
  private Path statsDir() {
    return dir instanceof org.apache.lucene.store.FSDirectory f ? f.getDirectory() : layout.root();
  }

  /**
   * The corpus statistics the lexical features use: the snapshot in the index folder, or (an
   * index from before snapshots, opened read-only) taken from the last commit now.
   */
  @Override
  public CorpusStats corpusStats() throws IOException {
    CorpusStats s = stats;
    if (s == null) {
      s = CorpusStats.read(statsDir()).orElse(null);
      if (s == null) {
        s = withSearcher(CorpusStats::of);
        if (writer != null && s.docs() > 0) {
          s.write(statsDir());
        }
      }
      stats = s;
    }
    return s;
  }

  /** Picks up changes: another process's commits (read-only) or this writer's (NRT). */
  @Override
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /** Runs a function on a searcher of the index as it is now (checks and benchmarks read the Lucene index directly). */
  public interface SearchFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  public <T> T withSearcher(SearchFunction<T> f) throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      return f.apply(s);
    } finally {
      searchers.release(s);
    }
  }

  private void requireWriter() {
    if (writer == null) {
      throw new IllegalStateException("index opened read-only");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      if (writer != null) {
        writer.close(); // commits pending changes
      }
    } finally {
      try {
        dir.close();
      } finally {
        if (writeLock != null) {
          writeLock.close();
        }
      }
    }
  }
}
