package dev.rolematch.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The write side of the Lucene index: owns the {@link IndexWriter} (Lucene's write lock keeps it to
 * one process; {@link IndexWriteLock} refuses a second rolematch writer with the holder's name) and
 * serves near-real-time searchers over its own changes.
 *
 * <p>Every change is one atomic block update; {@link #commit()} makes it durable (Lucene commits
 * are crash-safe: a killed process leaves the last commit intact). The commit user data records
 * which model built the vectors, and opening with another model fails with the command to run.
 */
public final class RoleIndexWriter extends RoleIndex implements WritableStore {

  private final IndexWriter writer;
  private final IndexWriteLock writeLock; // null for a generation opened under the caller's lock

  private RoleIndexWriter(IndexLayout layout, Directory dir, IndexWriter writer, SearcherManager searchers,
      IndexInfo info, IndexWriteLock writeLock) {
    super(layout, dir, searchers, info);
    this.writer = writer;
    this.writeLock = writeLock;
  }

  /** Lucene's default indexing buffer; bulk loads pass more. */
  public static final double DEFAULT_RAM_BUFFER_MB = IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB;

  /** As above with a larger indexing buffer for bulk loads (fewer, larger segments). */
  public static RoleIndexWriter open(IndexLayout layout, IndexInfo wanted, double ramBufferMb) throws IOException {
    return open(layout, wanted, ramBufferMb, IndexWriteLock.acquire(layout));
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
  public static RoleIndexWriter open(IndexLayout layout, IndexInfo wanted, double ramBufferMb, IndexWriteLock lock)
      throws IOException {
    try {
      Generations.removeStale(layout); // a crashed reindex's leftovers
      return create(layout, layout.docs(), wanted, ramBufferMb, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Opens (or creates) a generation folder for writing while the caller holds the index's writer
   * lock (a reindex building the next generation). Closing it leaves the lock held.
   */
  public static RoleIndexWriter openGeneration(IndexLayout layout, Path generation, IndexInfo wanted, double ramBufferMb)
      throws IOException {
    return create(layout, generation, wanted, ramBufferMb, null);
  }

  private static RoleIndexWriter create(IndexLayout layout, Path docs, IndexInfo wanted, double ramBufferMb,
      IndexWriteLock lock) throws IOException {
    Files.createDirectories(docs);
    Directory dir = FSDirectory.open(docs);
    boolean existed = DirectoryReader.indexExists(dir);
    IndexInfo info = wanted.withBlind(false);
    if (existed) {
      IndexInfo onDisk = RoleIndex.infoOf(SegmentInfos.readLatestCommit(dir).getUserData());
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
    writer.setLiveCommitData(info.toRecord().entrySet());
    if (!existed) {
      writer.commit();
    }
    return new RoleIndexWriter(layout, dir, writer, new SearcherManager(writer, null), info, lock);
  }

  private static Lucene103Codec codec(boolean quantize) {
    return new Lucene103Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return quantize ? new Lucene99HnswScalarQuantizedVectorsFormat() : new Lucene99HnswVectorsFormat();
      }
    };
  }

  /**
   * Makes sure the index is blind (or not) as the caller asks: an index without resumes takes the
   * setting (recorded in the commit user data), one with resumes keeps its own, and asking for the other
   * is an {@link IndexMismatchException} naming the fix. Blind indexes mask every resume before
   * it is chunked, embedded and stored ({@link Indexer}).
   */
  @Override
  public void requireBlind(boolean blind) throws IOException {
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

  @Override
  public WriteOutcome upsert(StoredDocument doc) throws IOException {
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
    if (sha256Of(id).isEmpty()) {
      return false;
    }
    writer.deleteDocuments(new Term(Fields.BLOCK_ID, id));
    return true;
  }

  /** Makes all changes durable and visible to new searchers; retakes the corpus statistics when they drifted. */
  @Override
  public void commit() throws IOException {
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

  @Override
  boolean persistsStats() {
    return true;
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.close(); // commits pending changes
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
