package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.BytesRef;

/**
 * How a {@link StoredDocument} is laid out in the Lucene backend: one block of chunk children
 * (vector for kNN, its bytes stored for exact scoring) followed by the parent (id, kind, text for
 * BM25, metadata, whole-text and title vectors), and how it is read back, checking every vector.
 */
final class DocumentCodec {
  private DocumentCodec() {}

  /** The block for one document, children first (Lucene's block join needs the parent last). */
  static List<Document> block(StoredDocument doc, String modelFingerprint) {
    List<Document> block = new ArrayList<>();
    String kind = DocKinds.name(doc.kind());
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
    p.add(new SortedDocValuesField(Fields.ID, new BytesRef(doc.id()))); // ids of hits without stored fields
    p.add(new StringField(Fields.KIND, kind, Field.Store.YES));
    p.add(new TextField(Fields.TITLE, doc.title() == null ? "" : doc.title(), Field.Store.YES));
    p.add(new StoredField(Fields.SOURCE, doc.source() == null ? "" : doc.source()));
    p.add(new TextField(Fields.TEXT, doc.text(), Field.Store.YES));
    p.add(new StringField(Fields.SHA256, doc.sha256(), Field.Store.YES));
    p.add(new BinaryDocValuesField(Fields.SHA256_DV, new BytesRef(doc.sha256())));
    p.add(new StoredField(Fields.TERMS, TermSets.encode(TermSets.frequencies(doc.text()))));
    p.add(new StringField(Fields.MODEL, modelFingerprint, Field.Store.YES));
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
      // Searchable too: the whole-text features weigh most in the score (Matcher's pool).
      p.add(new KnnFloatVectorField(Fields.DOC_KNN, doc.docVector(), VectorSimilarityFunction.DOT_PRODUCT));
    }
    if (doc.titleVector() != null) {
      p.add(new StoredField(Fields.TITLE_VECTOR, VectorCodec.encode(doc.titleVector())));
    }
    block.add(p);
    return block;
  }

  /**
   * Loads the parent at a top-level doc id and, optionally, its chunk block. With chunks (what
   * scoring reads), every stored vector is checked ({@link VectorCodec#problem}): a damaged one is
   * an {@link IndexDamagedException}, never a silently wrong score. Without chunks (ids, texts,
   * metadata: stats, reindex) a damaged whole-text vector is left out instead, so that reindex can
   * rebuild a damaged index from its texts.
   */
  static StoredDocument load(IndexSearcher s, int parentDoc, boolean withChunks) throws IOException {
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(parentDoc, leaves));
    return load(leaf, leaf.reader().storedFields(), parentDoc - leaf.docBase, withChunks, commitData(s));
  }

  /**
   * The same from a segment: the parent at segment doc id {@code local}, read with {@code fields}
   * (the segment's; a sequential reader when scanning), {@code meta} the commit's user data.
   */
  static StoredDocument load(LeafReaderContext leaf, StoredFields fields, int local, boolean withChunks,
      Map<String, String> meta) throws IOException {
    return load(leaf, fields, local, withChunks, meta, null);
  }

  /** A chunk's stored fields but its vector's bytes. */
  private static final java.util.Set<String> CHUNK_TEXT_FIELDS =
      java.util.Set.of(Fields.ORDINAL, Fields.SECTION, Fields.REQ_KIND, Fields.CHUNK_TEXT);

  /**
   * With {@code knownVectors} (the chunks' vectors in block order, read from the vector files for a
   * pre-score), the chunks' stored vector bytes are neither copied nor decoded again: the known
   * vectors are checked as stored ones are and kept. A count that differs reads the stored ones.
   */
  static StoredDocument load(LeafReaderContext leaf, StoredFields fields, int local, boolean withChunks,
      Map<String, String> meta, List<float[]> knownVectors) throws IOException {
    List<Document> chunkDocs = new ArrayList<>();
    if (withChunks) { // the block's chunks come before its parent: read forward
      BitSet parents = LuceneQueries.parentsFilter().getBitSet(leaf);
      int first = local == 0 ? 0 : parents.prevSetBit(local - 1) + 1;
      if (knownVectors != null && knownVectors.size() != local - first) {
        knownVectors = null;
      }
      for (int d = first; d < local; d++) {
        if (knownVectors == null) {
          chunkDocs.add(fields.document(d));
        } else {
          org.apache.lucene.document.DocumentStoredFieldVisitor visitor =
              new org.apache.lucene.document.DocumentStoredFieldVisitor(CHUNK_TEXT_FIELDS);
          fields.document(d, visitor);
          chunkDocs.add(visitor.getDocument());
        }
      }
    }
    Document p = fields.document(local);
    int dimension = parseInt(meta.get(Fields.META_DIMENSION));
    boolean normalized = !"false".equals(meta.get(Fields.META_NORMALIZED));
    String modelId = meta.get(Fields.META_MODEL_ID);
    String docId = p.get(Fields.ID);
    List<IndexedChunk> chunks = new ArrayList<>(chunkDocs.size());
    for (int i = 0; i < chunkDocs.size(); i++) {
      Document c = chunkDocs.get(i);
      int ordinal = c.getField(Fields.ORDINAL).numericValue().intValue();
      String bad;
      float[] vector;
      if (knownVectors != null) {
        vector = knownVectors.get(i);
        bad = dimension > 0 && vector.length != dimension
            ? "has " + vector.length + " floats, not " + dimension : null;
      } else {
        BytesRef vb = c.getBinaryValue(Fields.VECTOR_BYTES);
        bad = vb == null ? "is missing" : VectorCodec.lengthProblem(vb, dimension);
        vector = bad == null ? VectorCodec.decode(vb) : null; // decoded once: checked, then kept
      }
      if (bad == null) {
        bad = VectorCodec.problem(vector, normalized);
      }
      if (bad != null) {
        throw IndexDamagedException.vector(docId, "chunk " + ordinal, bad, modelId);
      }
      chunks.add(new IndexedChunk(
          ordinal, c.get(Fields.SECTION), c.get(Fields.REQ_KIND), c.get(Fields.CHUNK_TEXT), vector));
    }
    Integer years = p.getField(Fields.YEARS) == null ? null : p.getField(Fields.YEARS).numericValue().intValue();
    Integer grad = p.getField(Fields.GRAD_YEAR) == null ? null : p.getField(Fields.GRAD_YEAR).numericValue().intValue();
    float[] docVector = checkedVector(p.getBinaryValue(Fields.DOC_VECTOR), dimension, normalized, withChunks,
        docId, "whole-text vector", modelId);
    float[] titleVector = checkedVector(p.getBinaryValue(Fields.TITLE_VECTOR), dimension, normalized, withChunks,
        docId, "title vector", modelId);
    return new StoredDocument(
        p.get(Fields.ID), DocKinds.parse(p.get(Fields.KIND)), p.get(Fields.TITLE),
        p.get(Fields.SOURCE), p.get(Fields.TEXT), p.get(Fields.SHA256),
        new Metadata(p.get(Fields.LOCATION_STORED), years, p.get(Fields.DEGREE), grad),
        List.of(p.getValues(Fields.WARNINGS)), docVector, chunks,
        TermSets.decode(p.get(Fields.TERMS)), titleVector, StoredFlags.read(p));
  }

  /**
   * A parent's stored vector decoded once and checked, or null where there is none. A damaged one
   * throws where vectors are wanted ({@code withChunks}) and is left out where only ids and texts
   * are (stats, reindex: the repair reads texts, not vectors).
   */
  private static float[] checkedVector(BytesRef stored, int dimension, boolean normalized, boolean withChunks,
      String docId, String what, String modelId) {
    if (stored == null) {
      return null;
    }
    String bad = VectorCodec.lengthProblem(stored, dimension);
    float[] v = bad == null ? VectorCodec.decode(stored) : null;
    if (bad == null) {
      bad = VectorCodec.problem(v, normalized);
    }
    if (bad != null) {
      if (withChunks) {
        throw IndexDamagedException.vector(docId, what, bad, modelId);
      }
      return null;
    }
    return v;
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
}
