package dev.rolematch.refresh;

import dev.rolematch.index.IndexLayout;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The scores store: a Lucene index of its own at {@link IndexLayout#scores()}, beside the document
 * index. Three kinds of documents:
 *
 * <ul>
 *   <li>{@code pair}: one {@link ScoreRow} per (posting, candidate), keyed by {@code posting \0
 *       candidate} in the {@code pair} field and always written with {@code updateDocument} on that
 *       key, so a row is never duplicated;
 *   <li>{@code posting}: the state of one posting's rows — posting hash, model, scorer version,
 *       mode ({@code all} or {@code top:K}), the {@link Snapshot} of resumes they were computed
 *       against, and candidates whose pairs failed — written after that posting's rows;
 *   <li>{@code snapshot}: a {@link Snapshot}, keyed by its digest.
 * </ul>
 *
 * <p>Why Lucene and not a file or an embedded SQL database: it is already the project's storage
 * engine (no new dependency), its commits are atomic and crash-safe (a killed writer leaves the
 * last commit intact, a reader never sees half a commit), {@code updateDocument} is an upsert, and
 * readers ({@code scores}, {@code export}) see the last commit while a refresh writes.
 */
public final class ScoresStore implements Closeable {

  static final String TYPE = "type";
  static final String TYPE_PAIR = "pair";
  static final String TYPE_POSTING = "posting";
  static final String TYPE_SNAPSHOT = "snapshot";

  static final String PAIR = "pair"; // key of a row
  static final String POSTING = "posting_id"; // on rows, indexed: all rows of a posting
  static final String CANDIDATE = "candidate_id";
  static final String SCORE = "score";
  static final String STATUS = "status";
  static final String ERROR = "error";
  static final String MUST_MET = "must_met";
  static final String MUST_UNMET = "must_unmet";
  static final String MUST_UNKNOWN = "must_unknown";
  static final String EVIDENCE = "evidence";
  static final String POSTING_SHA = "posting_sha256";
  static final String RESUME_SHA = "resume_sha256";
  static final String MODEL = "model_fingerprint";
  static final String SCORER = "scorer_version";
  static final String COMPUTED_AT = "computed_at";

  static final String STATE = "state"; // key of a posting's state doc = posting id
  static final String MODE = "mode";
  static final String SNAPSHOT = "snapshot"; // digest: key of a snapshot doc
  static final String SNAPSHOT_REF = "snapshot_ref"; // digest, in a posting's state doc
  static final String SNAPSHOT_BYTES = "snapshot_bytes";
  static final String FAILED_IDS = "failed_ids";

  /** Where a posting's rows stand. {@code status} is ok, or failed (posting-level failure). */
  record PostingState(String postingId, String postingSha, String model, String scorer, String mode,
      String snapshot, String status, String error, List<String> failedIds, String computedAt) {}

  private final Directory dir;
  private final IndexWriter writer; // null: read-only

  private ScoresStore(Directory dir, IndexWriter writer) {
    this.dir = dir;
    this.writer = writer;
  }

  public static boolean exists(IndexLayout layout) throws IOException {
    if (!Files.isDirectory(layout.scores())) {
      return false;
    }
    try (Directory d = FSDirectory.open(layout.scores())) {
      return DirectoryReader.indexExists(d);
    }
  }

  static ScoresStore openForWrite(IndexLayout layout) throws IOException {
    Files.createDirectories(layout.scores());
    Directory d = FSDirectory.open(layout.scores());
    try {
      IndexWriter w = new IndexWriter(d, new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setRAMBufferSizeMB(64)
          // Only the refresh's own commits may publish rows: a run that fails part-way must not
          // commit a posting's rows without its state on close.
          .setCommitOnClose(false));
      w.setLiveCommitData(Map.of("scores_schema", "1").entrySet());
      return new ScoresStore(d, w);
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /** The last commit, read-only (safe while a refresh writes). */
  public static ScoresStore openForRead(IndexLayout layout) throws IOException {
    if (!exists(layout)) {
      throw new IllegalStateException("no scores at " + layout.scores().toAbsolutePath()
          + "; compute them first: ./rolematch refresh --index " + layout.root());
    }
    return new ScoresStore(FSDirectory.open(layout.scores()), null);
  }

  /** A point-in-time reader: this writer's uncommitted changes included, else the last commit. */
  DirectoryReader reader() throws IOException {
    return writer != null ? DirectoryReader.open(writer) : DirectoryReader.open(dir);
  }

  // ---- writing (callers keep one posting's writes between two commits, see Refresher) ----

  void putRow(ScoreRow r) throws IOException {
    Document d = new Document();
    d.add(new StringField(TYPE, TYPE_PAIR, Field.Store.NO));
    d.add(new StringField(PAIR, ScoreRow.key(r.postingId(), r.candidateId()), Field.Store.NO));
    d.add(new StringField(POSTING, r.postingId(), Field.Store.YES));
    d.add(new StringField(CANDIDATE, r.candidateId(), Field.Store.YES));
    if (r.score() != null) {
      d.add(new StoredField(SCORE, r.score()));
    }
    d.add(new StringField(STATUS, r.status(), Field.Store.YES));
    if (r.error() != null) {
      d.add(new StoredField(ERROR, r.error()));
    }
    d.add(new StoredField(MUST_MET, r.mustMet()));
    d.add(new StoredField(MUST_UNMET, r.mustUnmet()));
    d.add(new StoredField(MUST_UNKNOWN, r.mustUnknown()));
    if (r.evidence() != null) {
      d.add(new StoredField(EVIDENCE, r.evidence()));
    }
    d.add(new StoredField(POSTING_SHA, r.postingSha256()));
    d.add(new StoredField(RESUME_SHA, r.resumeSha256()));
    d.add(new StoredField(MODEL, r.modelFingerprint()));
    d.add(new StoredField(SCORER, r.scorerVersion()));
    d.add(new StoredField(COMPUTED_AT, r.computedAt()));
    writer.updateDocument(new Term(PAIR, ScoreRow.key(r.postingId(), r.candidateId())), d);
  }

  void deleteRow(String postingId, String candidateId) throws IOException {
    writer.deleteDocuments(new Term(PAIR, ScoreRow.key(postingId, candidateId)));
  }

  /** Deletes every row of a posting (its state doc is separate). */
  void deleteRows(String postingId) throws IOException {
    writer.deleteDocuments(rowsOf(postingId));
  }

  void putState(PostingState s) throws IOException {
    Document d = new Document();
    d.add(new StringField(TYPE, TYPE_POSTING, Field.Store.NO));
    d.add(new StringField(STATE, s.postingId(), Field.Store.YES));
    d.add(new StoredField(POSTING_SHA, nz(s.postingSha())));
    d.add(new StoredField(MODEL, nz(s.model())));
    d.add(new StoredField(SCORER, nz(s.scorer())));
    d.add(new StoredField(MODE, nz(s.mode())));
    d.add(new StoredField(SNAPSHOT_REF, nz(s.snapshot())));
    d.add(new StringField(STATUS, s.status(), Field.Store.YES));
    if (s.error() != null) {
      d.add(new StoredField(ERROR, s.error()));
    }
    for (String id : s.failedIds()) {
      d.add(new StoredField(FAILED_IDS, id));
    }
    d.add(new StoredField(COMPUTED_AT, s.computedAt()));
    writer.updateDocument(new Term(STATE, s.postingId()), d);
  }

  void deleteState(String postingId) throws IOException {
    writer.deleteDocuments(new Term(STATE, postingId));
  }

  void putSnapshot(Snapshot s) throws IOException {
    Document d = new Document();
    d.add(new StringField(TYPE, TYPE_SNAPSHOT, Field.Store.NO));
    d.add(new StringField(SNAPSHOT, s.digest(), Field.Store.YES));
    d.add(new StoredField(SNAPSHOT_BYTES, s.encode()));
    writer.updateDocument(new Term(SNAPSHOT, s.digest()), d);
  }

  void deleteSnapshot(String digest) throws IOException {
    writer.deleteDocuments(new Term(SNAPSHOT, digest));
  }

  /** Makes everything written so far durable, atomically. */
  void commit() throws IOException {
    writer.commit();
  }

  // ---- reading ----

  static Query rowsOf(String postingId) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(TYPE, TYPE_PAIR)), Occur.FILTER)
        .add(new TermQuery(new Term(POSTING, postingId)), Occur.FILTER)
        .build();
  }

  static Map<String, PostingState> states(DirectoryReader reader) throws IOException {
    Map<String, PostingState> out = new HashMap<>();
    forEach(reader, new TermQuery(new Term(TYPE, TYPE_POSTING)), d -> out.put(d.get(STATE), state(d)));
    return out;
  }

  private static PostingState state(Document d) {
    return new PostingState(d.get(STATE), d.get(POSTING_SHA), d.get(MODEL), d.get(SCORER), d.get(MODE),
        d.get(SNAPSHOT_REF), d.get(STATUS), d.get(ERROR), List.of(d.getValues(FAILED_IDS)), d.get(COMPUTED_AT));
  }

  static Map<String, Snapshot> snapshots(DirectoryReader reader) throws IOException {
    Map<String, Snapshot> out = new HashMap<>();
    forEach(reader, new TermQuery(new Term(TYPE, TYPE_SNAPSHOT)), d -> {
      BytesRef b = d.getBinaryValue(SNAPSHOT_BYTES);
      out.put(d.get(SNAPSHOT), Snapshot.decode(b.bytes, b.offset, b.length));
    });
    return out;
  }

  /** Rows of one posting, best score first (ties: candidate id; failed rows last), at most {@code max}. */
  static List<ScoreRow> rows(DirectoryReader reader, String postingId, int max) throws IOException {
    List<ScoreRow> out = new ArrayList<>();
    forEach(reader, rowsOf(postingId), d -> out.add(row(d)));
    out.sort(Refresher.ROW_ORDER);
    return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
  }

  static ScoreRow row(Document d) {
    var score = d.getField(SCORE);
    return new ScoreRow(d.get(POSTING), d.get(CANDIDATE), score == null ? null : score.numericValue().doubleValue(),
        d.get(STATUS), d.get(ERROR), intOf(d, MUST_MET), intOf(d, MUST_UNMET), intOf(d, MUST_UNKNOWN),
        d.get(EVIDENCE), d.get(POSTING_SHA), d.get(RESUME_SHA), d.get(MODEL), d.get(SCORER), d.get(COMPUTED_AT));
  }

  private static int intOf(Document d, String field) {
    var f = d.getField(field);
    return f == null ? 0 : f.numericValue().intValue();
  }

  /** Streams every row of the last commit (or of this writer), leaf by leaf, in doc id order. */
  public void forEachRow(Consumer<ScoreRow> sink) throws IOException {
    try (DirectoryReader r = reader()) {
      forEach(r, new TermQuery(new Term(TYPE, TYPE_PAIR)), d -> sink.accept(row(d)));
    }
  }

  /** Rows of one posting from the last commit, best first. */
  public List<ScoreRow> rowsOf(String postingId, int max) throws IOException {
    try (DirectoryReader r = reader()) {
      return rows(r, postingId, max);
    }
  }

  /** Where the posting's rows stand, if it was ever refreshed. */
  PostingState stateOf(String postingId) throws IOException {
    try (DirectoryReader r = reader()) {
      return states(r).get(postingId);
    }
  }

  public int countRows() throws IOException {
    try (DirectoryReader r = reader()) {
      return new IndexSearcher(r).count(new TermQuery(new Term(TYPE, TYPE_PAIR)));
    }
  }

  /** Visits live documents matching a query, one stored document at a time (nothing accumulates). */
  static void forEach(DirectoryReader reader, Query query, Consumer<Document> visit) throws IOException {
    IndexSearcher s = new IndexSearcher(reader);
    Weight w = s.createWeight(s.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer sc = w.scorer(leaf);
      if (sc == null) {
        continue;
      }
      StoredFields fields = leaf.reader().storedFields();
      var live = leaf.reader().getLiveDocs();
      DocIdSetIterator it = sc.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if (live == null || live.get(doc)) {
          visit.accept(fields.document(doc));
        }
      }
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() throws IOException {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      dir.close();
    }
  }
}
