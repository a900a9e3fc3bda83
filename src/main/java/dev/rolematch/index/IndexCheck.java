package dev.rolematch.index;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * {@code ./rolematch check}: Lucene's {@link CheckIndex} (checksums and integrity of every file of
 * the last commit) on the document index and the scores store, then every stored vector: finite,
 * of the index's dimension, of unit norm for normalised models, and equal to the kNN vector
 * indexed with it. Read-only: takes no lock and changes nothing, so it runs beside a writer.
 */
public final class IndexCheck {
  private IndexCheck() {}

  /** At most this many problems are listed per part (all are counted). */
  static final int MAX_LISTED = 20;

  /** CheckIndex of one Lucene index. */
  @JsonPropertyOrder({"name", "path", "clean", "segments", "documents", "problems"})
  public record Part(String name, String path, boolean clean, int segments, long documents, List<String> problems) {}

  /** One bad stored vector. */
  public record BadVector(String id, String where, String problem) {}

  @JsonPropertyOrder({"checked", "bad_count", "bad"})
  public record Vectors(long checked, long badCount, List<BadVector> bad) {}

  @JsonPropertyOrder({"index", "generation", "model", "clean", "lucene", "vectors", "advice"})
  public record Report(String index, String generation, String model, boolean clean, List<Part> lucene,
      Vectors vectors, String advice) {}

  public static Report run(IndexLayout layout) throws IOException {
    if (!RoleIndex.exists(layout)) {
      RoleIndex.openForRead(layout).close(); // throws the "no index" message
    }
    String generation = layout.currentGeneration();
    Path docs = layout.root().resolve(generation);
    List<Part> parts = new ArrayList<>();
    parts.add(lucene("docs", docs));
    if (Files.isDirectory(layout.scores())) {
      parts.add(lucene("scores", layout.scores()));
    }
    String model = null;
    Vectors vectors;
    try (Directory d = FSDirectory.open(docs); DirectoryReader r = DirectoryReader.open(d)) {
      Map<String, String> meta = r.getIndexCommit().getUserData();
      model = meta.get(Fields.META_MODEL_ID);
      vectors = vectors(r, meta);
    } catch (IOException | RuntimeException e) {
      vectors = new Vectors(0, 1, List.of(new BadVector(null, null, "cannot read the document index: " + e)));
    }
    boolean clean = parts.stream().allMatch(Part::clean) && vectors.badCount() == 0;
    String advice = clean ? null
        : "rebuild the document index from its stored texts with ./rolematch reindex --model "
            + (model == null ? "ID" : model) + " --index " + layout.root()
            + "; if the texts are damaged too, re-add the documents from their files into a new index"
            + (parts.stream().anyMatch(p -> p.name().equals("scores") && !p.clean())
                ? "; the scores store can be deleted (" + layout.scores() + ") and rebuilt with ./rolematch refresh"
                : "");
    return new Report(layout.root().toAbsolutePath().toString(), generation, model, clean, parts, vectors, advice);
  }

  private static Part lucene(String name, Path path) {
    List<String> problems = new ArrayList<>();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Directory d = FSDirectory.open(path);
        CheckIndex ci = new CheckIndex(d, NoLockFactory.INSTANCE.obtainLock(d, IndexWriter.WRITE_LOCK_NAME))) {
      ci.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8), false);
      ci.setThreadCount(1);
      CheckIndex.Status st = ci.checkIndex();
      long docs = 0;
      for (CheckIndex.Status.SegmentInfoStatus s : st.segmentInfos) {
        docs += s.maxDoc;
        if (s.error != null) {
          problems.add("segment " + s.name + ": " + message(s.error));
        }
      }
      if (st.missingSegments) {
        problems.add("no readable commit (segments file missing or unreadable)");
      }
      if (!st.clean && problems.isEmpty()) {
        for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
          if (line.contains("ERROR") || line.contains("FAILED") || line.contains("WARNING")) {
            problems.add(line.strip());
          }
        }
        if (problems.isEmpty()) {
          problems.add("CheckIndex reports the index as not clean");
        }
      }
      return new Part(name, path.toString(), st.clean && problems.isEmpty(), st.numSegments, docs, cap(problems));
    } catch (IOException | RuntimeException e) {
      problems.add("CheckIndex could not run: " + message(e));
      return new Part(name, path.toString(), false, 0, 0, problems);
    }
  }

  private static Vectors vectors(DirectoryReader r, Map<String, String> meta) {
    int dimension = 0;
    try {
      dimension = Integer.parseInt(meta.getOrDefault(Fields.META_DIMENSION, "0"));
    } catch (NumberFormatException ignored) {
      // unknown: not checked
    }
    boolean normalized = !"false".equals(meta.get(Fields.META_NORMALIZED));
    long checked = 0;
    long bad = 0;
    List<BadVector> listed = new ArrayList<>();
    for (LeafReaderContext leaf : r.leaves()) {
      LeafReader lr = leaf.reader();
      Bits live = lr.getLiveDocs();
      org.apache.lucene.util.BitSet parents;
      StoredFields stored;
      FloatVectorValues knn;
      KnnVectorValues.DocIndexIterator knnDocs;
      try {
        parents = LuceneQueries.parentsFilter().getBitSet(leaf);
        stored = lr.storedFields();
        knn = lr.getFloatVectorValues(Fields.VECTOR);
        knnDocs = knn == null ? null : knn.iterator();
      } catch (IOException | RuntimeException e) {
        bad++;
        add(listed, new BadVector(null, "segment " + leaf.ord, "cannot read: " + message(e)));
        continue;
      }
      for (int doc = 0; doc < lr.maxDoc(); doc++) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        boolean parent = parents != null && parents.get(doc);
        String id = null;
        String where = parent ? "whole-text vector" : "chunk";
        String problem;
        try {
          Document d = stored.document(doc);
          if (parent) {
            id = d.get(Fields.ID);
            BytesRef v = d.getBinaryValue(Fields.DOC_VECTOR);
            if (v == null) {
              continue;
            }
            checked++;
            problem = VectorCodec.problem(v, dimension, normalized);
          } else {
            int next = parents == null ? -1 : parents.nextSetBit(doc);
            id = next < 0 || next == DocIdSetIterator.NO_MORE_DOCS ? null : idOf(stored, next);
            where = d.getField(Fields.ORDINAL) == null ? "chunk" : "chunk " + d.getField(Fields.ORDINAL).numericValue();
            BytesRef v = d.getBinaryValue(Fields.VECTOR_BYTES);
            checked++;
            problem = v == null ? "is missing" : VectorCodec.problem(v, dimension, normalized);
            if (problem == null && knnDocs != null) {
              problem = compareKnn(VectorCodec.decode(v), knn, knnDocs, doc);
            }
          }
        } catch (IOException | RuntimeException e) {
          checked++;
          problem = "cannot be read: " + message(e);
        }
        if (problem != null) {
          bad++;
          add(listed, new BadVector(id == null ? "#" + (leaf.docBase + doc) : id, where, problem));
        }
      }
    }
    return new Vectors(checked, bad, listed);
  }

  private static String compareKnn(float[] stored, FloatVectorValues knn, KnnVectorValues.DocIndexIterator it,
      int doc) throws IOException {
    int at = it.docID() < doc ? it.advance(doc) : it.docID();
    if (at != doc) {
      return "has no kNN vector indexed with it";
    }
    float[] v = knn.vectorValue(it.index());
    if (v.length != stored.length) {
      return "differs from its kNN vector (" + v.length + " vs " + stored.length + " dimensions)";
    }
    for (int i = 0; i < v.length; i++) {
      if (Math.abs(v[i] - stored[i]) > 1e-6f) {
        return "differs from its kNN vector at dimension " + i;
      }
    }
    return null;
  }

  private static String idOf(StoredFields stored, int parent) {
    try {
      return stored.document(parent, java.util.Set.of(Fields.ID)).get(Fields.ID);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void add(List<BadVector> listed, BadVector b) {
    if (listed.size() < MAX_LISTED) {
      listed.add(b);
    }
  }

  private static List<String> cap(List<String> problems) {
    return problems.size() > MAX_LISTED ? List.copyOf(problems.subList(0, MAX_LISTED)) : problems;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) + "…" : m));
  }
}
