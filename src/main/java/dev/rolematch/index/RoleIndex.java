package dev.rolematch.index;

import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.BytesRef;

/**
 * The on-disk Lucene index of postings and resumes. A writer instance owns the {@link IndexWriter}
 * (Lucene's write lock keeps it to one process) and serves near-real-time searchers; a reader
 * instance sees the last commit, so queries run while another process adds documents.
 *
 * <p>Every change is one atomic block update; {@link #commit()} makes it durable (Lucene commits
 * are crash-safe: a killed process leaves the last commit intact). The commit user data records
 * which model built the vectors, and opening with another model fails with the command to run.
 */
public final class RoleIndex implements Closeable {

  public enum Outcome { ADDED, REPLACED, UNCHANGED }

  /**
   * Which model and settings built the index.
   *
   * @param blind whether resumes are masked before they are stored ({@link dev.rolematch.ingest.PersonalDataMask}):
   *     set by the first add to an empty index, fixed afterwards
   */
  public record Info(String modelId, String fingerprint, int dimension, boolean quantize, boolean normalized,
      boolean blind) {

    public Info(String modelId, String fingerprint, int dimension, boolean quantize, boolean normalized) {
      this(modelId, fingerprint, dimension, quantize, normalized, false);
    }

    public Info(String modelId, String fingerprint, int dimension, boolean quantize) {
      this(modelId, fingerprint, dimension, quantize, true);
    }
  }

  public record Stats(int postings, int resumes, int chunks, Info info, long sizeBytes) {}

  private static final BitSetProducer PARENTS =
      new QueryBitSetProducer(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)));

  private final IndexLayout layout;
  private final Directory dir;
  private final IndexWriter writer; // null for read-only instances
  private final SearcherManager searchers;
  private volatile Info info;
  private final IndexWriteLock writeLock; // held by writers opened with openForWrite

  private RoleIndex(IndexLayout layout, Directory dir, IndexWriter writer, SearcherManager searchers, Info info,
      IndexWriteLock writeLock) {
    this.layout = layout;
    this.dir = dir;
    this.writer = writer;
    this.searchers = searchers;
    this.info = info;
    this.writeLock = writeLock;
  }

  /** The analyzer of the BM25 text fields. */
  public static Analyzer analyzer() {
    return new EnglishAnalyzer();
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
  public static Optional<Info> peek(IndexLayout layout) throws IOException {
    if (!exists(layout)) {
      return Optional.empty();
    }
    try (Directory d = FSDirectory.open(layout.docs())) {
      return Optional.of(infoOf(SegmentInfos.readLatestCommit(d).getUserData()));
    }
  }

  /** Opens (or creates) the index for writing with this model. */
  public static RoleIndex openForWrite(IndexLayout layout, ModelIdentity model, boolean quantize)
      throws IOException {
    return openForWrite(layout, model, quantize, IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
  }

  /** As above with a larger indexing buffer for bulk loads (fewer, larger segments). */
  public static RoleIndex openForWrite(IndexLayout layout, ModelIdentity model, boolean quantize,
      double ramBufferMb) throws IOException {
    return openForWrite(layout, model, quantize, ramBufferMb, true);
  }

  /**
   * Opens (or creates) the current generation for writing, holding the index's {@link
   * IndexWriteLock} until {@link #close()}: a second writer (another add, serve, reindex) is
   * refused with {@link IndexBusyException} naming the holder.
   *
   * @param normalized whether the model's vectors are L2-normalised (recorded when the index is
   *     created; loading then checks every stored vector's norm)
   */
  public static RoleIndex openForWrite(IndexLayout layout, ModelIdentity model, boolean quantize,
      double ramBufferMb, boolean normalized) throws IOException {
    return openForWrite(layout, model, quantize, ramBufferMb, normalized, IndexWriteLock.acquire(layout));
  }

  /**
   * As above with the writer lock already taken by the caller (before a slow model load, so that a
   * second writer is refused at once); the returned index owns the lock and releases it on close,
   * also when opening fails.
   */
  public static RoleIndex openForWrite(IndexLayout layout, ModelIdentity model, boolean quantize,
      double ramBufferMb, boolean normalized, IndexWriteLock lock) throws IOException {
    try {
      Generations.removeStale(layout); // a crashed reindex's leftovers
      return open(layout, layout.docs(), model, quantize, ramBufferMb, normalized, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Opens (or creates) a generation folder for writing while the caller holds the index's writer
   * lock ({@link Reindexer} building the next generation). Closing it leaves the lock held.
   */
  static RoleIndex openGeneration(IndexLayout layout, Path generation, ModelIdentity model, boolean quantize,
      double ramBufferMb, boolean normalized) throws IOException {
    return open(layout, generation, model, quantize, ramBufferMb, normalized, null);
  }

  private static RoleIndex open(IndexLayout layout, Path docs, ModelIdentity model, boolean quantize,
      double ramBufferMb, boolean normalized, IndexWriteLock lock) throws IOException {
    Files.createDirectories(docs);
    Directory dir = FSDirectory.open(docs);
    boolean existed = DirectoryReader.indexExists(dir);
    Info info = new Info(model.id(), model.fingerprint(), model.dimension(), quantize, normalized);
    if (existed) {
      Info onDisk = infoOf(SegmentInfos.readLatestCommit(dir).getUserData());
      try {
        checkModel(onDisk, model);
      } catch (IndexMismatchException e) {
        dir.close();
        throw e;
      }
      info = onDisk; // quantization is fixed at creation
    }
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer())
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
        Info info = infoOf(SegmentInfos.readLatestCommit(dir).getUserData());
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

  public static void checkModel(Info onDisk, ModelIdentity model) {
    if (!onDisk.fingerprint().equals(model.fingerprint())) {
      throw new IndexMismatchException(
          "the index was built with model '" + onDisk.modelId() + "' (fingerprint "
              + onDisk.fingerprint().substring(0, 12) + ") but model '" + model.id()
              + "' (fingerprint " + model.fingerprint().substring(0, 12) + ") was requested;"
              + " rebuild it with: ./rolematch reindex --model " + model.id()
              + " (or query with --model " + onDisk.modelId() + ")");
    }
  }

  private static Info infoOf(Map<String, String> meta) {
    String fp = meta.get(Fields.META_FINGERPRINT);
    if (fp == null) {
      throw new IllegalStateException("the index has no model record; it was not written by rolematch");
    }
    return new Info(
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
  public void requireBlind(boolean blind) throws IOException {
    requireWriter();
    if (info.blind() == blind) {
      return;
    }
    Stats st = stats();
    if (st.resumes() == 0) { // postings are never masked: an index without resumes may still choose
      info = new Info(info.modelId(), info.fingerprint(), info.dimension(), info.quantize(), info.normalized(), blind);
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

  public Info info() {
    return info;
  }

  public IndexLayout layout() {
    return layout;
  }

  public static BitSetProducer parentsFilter() {
    return PARENTS;
  }

  /** SHA-256 of the stored text for this id, if the document is indexed. */
  public Optional<String> sha256Of(String id) throws IOException {
    return existing(id).map(Existing::sha256);
  }

  /** The kind of the document with this id, if one is indexed. */
  public Optional<DocKind> kindOf(String id) throws IOException {
    return existing(id).map(Existing::kind);
  }

  private record Existing(String sha256, DocKind kind) {}

  private Optional<Existing> existing(String id) throws IOException {
    return withSearcher(s -> {
      TopDocs td = s.search(parentQuery(id), 1);
      if (td.scoreDocs.length == 0) {
        return Optional.<Existing>empty();
      }
      Document p = s.storedFields().document(td.scoreDocs[0].doc, java.util.Set.of(Fields.SHA256, Fields.KIND));
      String kind = p.get(Fields.KIND);
      return Optional.of(new Existing(p.get(Fields.SHA256),
          kind == null ? null : DocKind.valueOf(kind.toUpperCase(Locale.ROOT))));
    });
  }

  /**
   * Refuses to let a document replace one of the other kind under the same id (a resume never
   * silently becomes a posting): {@link RefusedDocumentException}.
   */
  public void checkKind(String id, DocKind kind) throws IOException {
    Optional<DocKind> k = kindOf(id);
    if (k.isPresent() && k.get() != kind) {
      throw RefusedDocumentException.kindTaken(id, kindName(k.get()));
    }
  }

  /**
   * Adds or replaces a document as one block. Same id and same text hash as what is stored is
   * {@link Outcome#UNCHANGED} and writes nothing; an id taken by the other kind is refused.
   */
  public Outcome upsert(StoredDocument doc) throws IOException {
    requireWriter();
    Optional<Existing> found = existing(doc.id());
    if (found.isPresent() && found.get().kind() != null && found.get().kind() != doc.kind()) {
      throw RefusedDocumentException.kindTaken(doc.id(), kindName(found.get().kind()));
    }
    Optional<String> existing = found.map(Existing::sha256);
    if (existing.isPresent() && existing.get().equals(doc.sha256())) {
      return Outcome.UNCHANGED;
    }
    List<Document> block = new ArrayList<>();
    String kind = kindName(doc.kind());
    for (IndexedChunk c : doc.chunks()) {
      Document d = new Document();
      d.add(new StringField(Fields.DOC_TYPE, Fields.CHUNK, Field.Store.NO));
      d.add(new StringField(Fields.BLOCK_ID, doc.id(), Field.Store.NO));
      d.add(new StringField(Fields.KIND, kind, Field.Store.NO));
      d.add(new StoredField(Fields.ORDINAL, c.ordinal()));
      d.add(new StoredField(Fields.SECTION, c.section() == null ? "" : c.section()));
      d.add(new StoredField(Fields.REQ_KIND, c.requirementKind() == null ? "" : c.requirementKind()));
      d.add(new StoredField(Fields.CHUNK_TEXT, c.text()));
      d.add(new KnnFloatVectorField(Fields.VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
      d.add(new StoredField(Fields.VECTOR_BYTES, VectorCodec.encode(c.vector())));
      block.add(d);
    }
    Document p = new Document();
    p.add(new StringField(Fields.DOC_TYPE, Fields.PARENT, Field.Store.NO));
    p.add(new StringField(Fields.BLOCK_ID, doc.id(), Field.Store.NO));
    p.add(new StringField(Fields.ID, doc.id(), Field.Store.YES));
    p.add(new StringField(Fields.KIND, kind, Field.Store.YES));
    p.add(new TextField(Fields.TITLE, doc.title() == null ? "" : doc.title(), Field.Store.YES));
    p.add(new StoredField(Fields.SOURCE, doc.source() == null ? "" : doc.source()));
    p.add(new TextField(Fields.TEXT, doc.text(), Field.Store.YES));
    p.add(new StringField(Fields.SHA256, doc.sha256(), Field.Store.YES));
    p.add(new StoredField(Fields.TERMS, TermSets.encode(TermSets.frequencies(doc.text()))));
    p.add(new StringField(Fields.MODEL, info.fingerprint(), Field.Store.YES));
    p.add(new StoredField(Fields.INDEXED_AT, Instant.now().toString()));
    Metadata m = doc.metadata() == null ? Metadata.UNKNOWN : doc.metadata();
    if (m.location() != null) {
      p.add(new TextField(Fields.LOCATION, m.location(), Field.Store.NO));
      p.add(new StoredField(Fields.LOCATION_STORED, m.location()));
    }
    if (m.yearsExperience() != null) {
      p.add(new IntPoint(Fields.YEARS, m.yearsExperience()));
      p.add(new StoredField(Fields.YEARS, m.yearsExperience()));
    }
    if (m.highestDegree() != null) {
      p.add(new StringField(Fields.DEGREE, m.highestDegree(), Field.Store.YES));
    }
    if (m.graduationYear() != null) {
      p.add(new StoredField(Fields.GRAD_YEAR, m.graduationYear()));
    }
    StoredFlags.write(p, doc.flags());
    for (String w : doc.warnings() == null ? List.<String>of() : doc.warnings()) {
      p.add(new StoredField(Fields.WARNINGS, w));
    }
    if (doc.docVector() != null) {
      p.add(new StoredField(Fields.DOC_VECTOR, VectorCodec.encode(doc.docVector())));
    }
    if (doc.titleVector() != null) {
      p.add(new StoredField(Fields.TITLE_VECTOR, VectorCodec.encode(doc.titleVector())));
    }
    block.add(p);
    writer.updateDocuments(new Term(Fields.BLOCK_ID, doc.id()), block);
    return existing.isPresent() ? Outcome.REPLACED : Outcome.ADDED;
  }

  /** Removes a document; false when no such id is indexed. */
  public boolean remove(String id) throws IOException {
    requireWriter();
    if (sha256Of(id).isEmpty()) {
      return false;
    }
    writer.deleteDocuments(new Term(Fields.BLOCK_ID, id));
    return true;
  }

  /** Makes all changes durable and visible to new searchers; retakes the corpus statistics when they drifted. */
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
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

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

  public static Query parentQuery(String id) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.ID, id)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)), BooleanClause.Occur.FILTER)
        .build();
  }

  public static Query parentsOfKind(DocKind kind) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.KIND, kindName(kind))), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)), BooleanClause.Occur.FILTER)
        .build();
  }

  public static Query chunksOfKind(DocKind kind) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.KIND, kindName(kind))), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.CHUNK)), BooleanClause.Occur.FILTER)
        .build();
  }

  public static String kindName(DocKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** A stored document by id, with its chunks (vectors included) when asked. */
  public Optional<StoredDocument> get(String id, boolean withChunks) throws IOException {
    return withSearcher(s -> {
      TopDocs td = s.search(parentQuery(id), 1);
      if (td.scoreDocs.length == 0) {
        return Optional.<StoredDocument>empty();
      }
      return Optional.of(load(s, td.scoreDocs[0].doc, withChunks));
    });
  }

  /** All documents of a kind, in id order. */
  public List<StoredDocument> all(DocKind kind, boolean withChunks) throws IOException {
    return withSearcher(s -> {
      List<StoredDocument> out = new ArrayList<>();
      TopDocs td = s.search(parentsOfKind(kind), Math.max(1, s.getIndexReader().numDocs()));
      for (ScoreDoc sd : td.scoreDocs) {
        out.add(load(s, sd.doc, withChunks));
      }
      out.sort(java.util.Comparator.comparing(StoredDocument::id));
      return out;
    });
  }

  /**
   * Loads the parent at a top-level doc id and, optionally, its chunk block. With chunks (what
   * scoring reads), every stored vector is checked ({@link VectorCodec#problem}): a damaged one is
   * an {@link IndexDamagedException}, never a silently wrong score. Without chunks (ids, texts,
   * metadata: stats, reindex) a damaged whole-text vector is left out instead, so that reindex can
   * rebuild a damaged index from its texts.
   */
  public static StoredDocument load(IndexSearcher s, int parentDoc, boolean withChunks) throws IOException {
    StoredFields fields = s.storedFields();
    Document p = fields.document(parentDoc);
    Map<String, String> meta = commitData(s);
    int dimension = parseInt(meta.get(Fields.META_DIMENSION));
    boolean normalized = !"false".equals(meta.get(Fields.META_NORMALIZED));
    String modelId = meta.get(Fields.META_MODEL_ID);
    String docId = p.get(Fields.ID);
    List<IndexedChunk> chunks = new ArrayList<>();
    if (withChunks) {
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(parentDoc, leaves));
      BitSet parents = PARENTS.getBitSet(leaf);
      int local = parentDoc - leaf.docBase;
      int first = local == 0 ? 0 : parents.prevSetBit(local - 1) + 1;
      StoredFields leafFields = leaf.reader().storedFields();
      for (int d = first; d < local; d++) {
        Document c = leafFields.document(d);
        int ordinal = c.getField(Fields.ORDINAL).numericValue().intValue();
        BytesRef vb = c.getBinaryValue(Fields.VECTOR_BYTES);
        String bad = vb == null ? "is missing" : VectorCodec.problem(vb, dimension, normalized);
        if (bad != null) {
          throw IndexDamagedException.vector(docId, "chunk " + ordinal, bad, modelId);
        }
        chunks.add(new IndexedChunk(
            ordinal, c.get(Fields.SECTION), c.get(Fields.REQ_KIND), c.get(Fields.CHUNK_TEXT), VectorCodec.decode(vb)));
      }
    }
    Integer years = p.getField(Fields.YEARS) == null ? null : p.getField(Fields.YEARS).numericValue().intValue();
    Integer grad = p.getField(Fields.GRAD_YEAR) == null ? null : p.getField(Fields.GRAD_YEAR).numericValue().intValue();
    BytesRef dv = p.getBinaryValue(Fields.DOC_VECTOR);
    String badDoc = dv == null ? null : VectorCodec.problem(dv, dimension, normalized);
    if (badDoc != null) {
      if (withChunks) {
        throw IndexDamagedException.vector(docId, "whole-text vector", badDoc, modelId);
      }
      dv = null; // ids and texts only (stats, reindex: the repair reads texts, not vectors)
    }
    BytesRef tv = p.getBinaryValue(Fields.TITLE_VECTOR);
    String badTitle = tv == null ? null : VectorCodec.problem(tv, dimension, normalized);
    if (badTitle != null) {
      if (withChunks) {
        throw IndexDamagedException.vector(docId, "title vector", badTitle, modelId);
      }
      tv = null;
    }
    return new StoredDocument(
        p.get(Fields.ID), DocKind.valueOf(p.get(Fields.KIND).toUpperCase(Locale.ROOT)), p.get(Fields.TITLE),
        p.get(Fields.SOURCE), p.get(Fields.TEXT), p.get(Fields.SHA256),
        new Metadata(p.get(Fields.LOCATION_STORED), years, p.get(Fields.DEGREE), grad),
        List.of(p.getValues(Fields.WARNINGS)), dv == null ? null : VectorCodec.decode(dv), chunks,
        TermSets.decode(p.get(Fields.TERMS)), tv == null ? null : VectorCodec.decode(tv), StoredFlags.read(p));
  }

  /** The commit user data the searcher's reader was opened on (model, dimension, ...); empty if unknown. */
  static Map<String, String> commitData(IndexSearcher s) {
    if (s.getIndexReader() instanceof DirectoryReader r) {
      try {
        return r.getIndexCommit().getUserData();
      } catch (IOException | RuntimeException e) {
        return Map.of();
      }
    }
    return Map.of();
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public Stats stats() throws IOException {
    return withSearcher(s -> {
      int postings = s.count(parentsOfKind(DocKind.POSTING));
      int resumes = s.count(parentsOfKind(DocKind.RESUME));
      int chunks = s.count(new TermQuery(new Term(Fields.DOC_TYPE, Fields.CHUNK)));
      long size = 0;
      for (String f : dir.listAll()) {
        try {
          size += dir.fileLength(f);
        } catch (IOException ignored) {
          // a file merged away while listing
        }
      }
      return new Stats(postings, resumes, chunks, info, size);
    });
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
