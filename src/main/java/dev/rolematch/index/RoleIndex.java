package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
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
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The on-disk Lucene index of postings and resumes, read side: an instance opened with {@link
 * #openForRead} sees the last commit, so queries run while another process adds documents. The
 * write side is {@link RoleIndexWriter} (opened with {@link #openForWrite}), which serves
 * near-real-time searchers over its own changes. Documents are laid out by {@link DocumentCodec},
 * queries spelled by {@link LuceneQueries}.
 */
public class RoleIndex implements DocumentStore {

  final IndexLayout layout;
  final Directory dir;
  final SearcherManager searchers;
  volatile IndexInfo info;

  RoleIndex(IndexLayout layout, Directory dir, SearcherManager searchers, IndexInfo info) {
    this.layout = layout;
    this.dir = dir;
    this.searchers = searchers;
    this.info = info;
  }

  /** Opens (or creates) the index for writing with this model and settings ({@link RoleIndexWriter}). */
  public static RoleIndexWriter openForWrite(IndexLayout layout, IndexInfo wanted) throws IOException {
    return RoleIndexWriter.open(layout, wanted, RoleIndexWriter.DEFAULT_RAM_BUFFER_MB);
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
        return new RoleIndex(layout, dir, new SearcherManager(dir, null), info);
      } catch (IOException | RuntimeException e) {
        dir.close();
        if (attempt < 3 && !layout.docs().equals(docs)) {
          continue; // the generation was switched under us: open the new one
        }
        throw e;
      }
    }
  }

  static IndexInfo infoOf(Map<String, String> meta) {
    return IndexInfo.fromRecord(meta::get);
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

  record Existing(String sha256, DocKind kind) {}

  Optional<Existing> existing(String id) throws IOException {
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
        LuceneHits.byId(s, id, withChunks).ifPresent(out::add);
      }
      return out;
    });
  }

  /** By handle where the hit came from this searcher's reader (no term lookup), else by id. */
  @Override
  public List<StoredDocument> load(List<Hit> hits, boolean withChunks) throws IOException {
    return withSearcher(s -> LuceneHits.load(s, hits, withChunks));
  }

  /** By handle, the chunks' vectors as read for the pre-score (not decoded again); else by id. */
  @Override
  public List<StoredDocument> loadWithVectors(List<HitVectors> hits) throws IOException {
    return withSearcher(s -> LuceneHits.loadWithVectors(s, hits));
  }

  /** From the vector files, by handle; hits from an older reader fall back to loading by id. */
  @Override
  public List<HitVectors> vectors(List<Hit> hits) throws IOException {
    List<Hit> stale = new ArrayList<>();
    List<HitVectors> out = withSearcher(s -> LuceneHits.vectors(s, hits, stale));
    if (!stale.isEmpty()) {
      out.addAll(DocumentStore.super.vectors(stale));
    }
    return out;
  }

  @Override
  public Map<String, String> sha256s(DocKind kind) throws IOException {
    return withSearcher(s -> {
      Map<String, String> out = new TreeMap<>();
      LuceneScan.ids(s, kind, (leaf, local, id, sha) -> out.put(id, sha));
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

  /** In doc order, each document read sequentially ({@link LuceneScan}). */
  @Override
  public void forEach(DocKind kind, DocumentVisitor visitor) throws IOException {
    withSearcher(s -> {
      LuceneScan.forEach(s, kind, visitor);
      return null;
    });
  }

  @Override
  public List<Hit> nearest(DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return withSearcher(s -> knnHits(s, KindKnn.chunks(s, kind, vector, exploreDepth(s, k), filters), k, true));
  }

  /** kNN over the parents' whole-text vectors (an index written before they were searchable has none). */
  @Override
  public List<Hit> nearestWhole(DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return withSearcher(s -> knnHits(s, KindKnn.wholes(s, kind, vector, exploreDepth(s, k), filters), k, false));
  }

  /**
   * The depth each segment's graph is searched to for the best {@code k}: Lucene searches every
   * segment to the query's depth and keeps the best k of all, so an index in several segments
   * explores several times k candidates, and one merged into a single segment only k. On the
   * bench's 100k index merged into one segment the topics' top-10 overlap with exhaustive scoring
   * fell from 0.97 to 0.88 (README, Speed): a single segment is searched to 2k, as two would be.
   */
  static int exploreDepth(IndexSearcher s, int k) {
    return s.getIndexReader().leaves().size() >= 2 ? k : 2 * k;
  }

  /** A kNN's hits as parents: a chunk hit stands for the parent of its block. */
  private static List<Hit> knnHits(IndexSearcher s, Query knn, int k, boolean chunkHits) throws IOException {
    List<Hit> out = new ArrayList<>();
    for (ScoreDoc sd : s.search(knn, k).scoreDocs) {
      out.add(LuceneHits.hit(s, chunkHits ? LuceneQueries.parentOf(s, sd.doc) : sd.doc, sd.score));
    }
    return out;
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
      for (ScoreDoc sd : s.search(q, k).scoreDocs) {
        out.add(LuceneHits.hit(s, sd.doc, sd.score));
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

  volatile CorpusStats stats;

  /** The folder of the document index this reader or writer opened (the snapshot lives there). */
  Path statsDir() {
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
        if (persistsStats() && s.docs() > 0) {
          s.write(statsDir());
        }
      }
      stats = s;
    }
    return s;
  }

  /** Whether this instance writes the corpus snapshot it had to take (writers do; readers only read). */
  boolean persistsStats() {
    return false;
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

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
    } finally {
      dir.close();
    }
  }
}
