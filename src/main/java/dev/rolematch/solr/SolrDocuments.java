package dev.rolematch.solr;

import dev.rolematch.index.DocKinds;
import dev.rolematch.index.Fields;
import dev.rolematch.index.IndexDamagedException;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.StoredFlags;
import dev.rolematch.index.TermSets;
import dev.rolematch.index.VectorCodec;
import dev.rolematch.ingest.Metadata;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * How a {@link StoredDocument} is laid out in the SolrCloud collection (the schema in
 * {@code src/main/resources/solr/configset/}): the same field names as the embedded index; a
 * parent with its chunks as nested children ({@code _root_} = the parent id), every vector stored
 * as its exact little-endian bytes (rescoring reads those, never the kNN index), and the text's
 * analysed term frequencies computed here with the embedded index's analyzer, so that a document
 * read back from Solr is the document read back from Lucene.
 */
final class SolrDocuments {
  private SolrDocuments() {}

  static final String ROOT = "_root_";
  static final String TEXT_LENGTH = "text_length"; // parent: analysed tokens in the text (corpus statistics)
  static final String CHUNKS = "chunks"; // the children's label
  static final String META = "meta"; // doc_type of the metadata document
  static final String META_ID = "_rolematch_meta";
  static final String CORPUS_STATS = "corpus_stats";

  /** Parent fields read back (children come from their own query). */
  static final String PARENT_FIELDS = String.join(",", Fields.ID, Fields.KIND, Fields.TITLE, Fields.SOURCE,
      Fields.TEXT, Fields.SHA256, Fields.LOCATION, Fields.YEARS, Fields.DEGREE, Fields.GRAD_YEAR, Fields.WARNINGS,
      Fields.DOC_VECTOR, Fields.TITLE_VECTOR, Fields.TERMS, Fields.FLAGS);

  static final String CHUNK_FIELDS = String.join(",", Fields.ID, ROOT, Fields.ORDINAL, Fields.SECTION,
      Fields.REQ_KIND, Fields.CHUNK_TEXT, Fields.VECTOR_BYTES);

  /** The id of a document's {@code position}-th chunk (positions keep the chunks' order). */
  static String chunkId(String parentId, int position) {
    return parentId + "#chunk" + position;
  }

  static int chunkPosition(String chunkId) {
    return Integer.parseInt(chunkId.substring(chunkId.lastIndexOf("#chunk") + "#chunk".length()));
  }

  /** The nested document for one stored document. */
  static SolrInputDocument block(StoredDocument doc, String modelFingerprint) {
    String kind = DocKinds.name(doc.kind());
    SolrInputDocument p = new SolrInputDocument();
    p.setField(Fields.ID, doc.id());
    p.setField(Fields.DOC_TYPE, Fields.PARENT);
    p.setField(Fields.KIND, kind);
    p.setField(Fields.TITLE, doc.title() == null ? "" : doc.title());
    p.setField(Fields.SOURCE, doc.source() == null ? "" : doc.source());
    p.setField(Fields.TEXT, doc.text());
    p.setField(Fields.SHA256, doc.sha256());
    p.setField(Fields.MODEL, modelFingerprint);
    p.setField(Fields.INDEXED_AT, Instant.now().toString());
    Map<String, Integer> all = SolrTerms.allFrequencies(doc.text());
    p.setField(Fields.TERMS, TermSets.encode(all));
    p.setField(TEXT_LENGTH, all.values().stream().mapToInt(Integer::intValue).sum());
    Metadata m = doc.metadata() == null ? Metadata.UNKNOWN : doc.metadata();
    if (m.location() != null) {
      p.setField(Fields.LOCATION, m.location());
    }
    if (m.yearsExperience() != null) {
      p.setField(Fields.YEARS, m.yearsExperience());
    }
    if (m.highestDegree() != null) {
      p.setField(Fields.DEGREE, m.highestDegree());
    }
    if (m.graduationYear() != null) {
      p.setField(Fields.GRAD_YEAR, m.graduationYear());
    }
    if (doc.warnings() != null && !doc.warnings().isEmpty()) {
      p.setField(Fields.WARNINGS, new ArrayList<>(doc.warnings()));
    }
    List<String> flags = StoredFlags.encode(doc.flags());
    if (!flags.isEmpty()) {
      p.setField(Fields.FLAGS, new ArrayList<>(flags));
    }
    if (doc.docVector() != null) {
      p.setField(Fields.DOC_VECTOR, VectorCodec.encode(doc.docVector()));
    }
    if (doc.titleVector() != null) {
      p.setField(Fields.TITLE_VECTOR, VectorCodec.encode(doc.titleVector()));
    }
    List<SolrInputDocument> children = new ArrayList<>();
    int position = 0;
    for (IndexedChunk c : doc.chunks()) {
      SolrInputDocument d = new SolrInputDocument();
      d.setField(Fields.ID, chunkId(doc.id(), position++));
      d.setField(Fields.DOC_TYPE, Fields.CHUNK);
      d.setField(Fields.KIND, kind);
      d.setField(Fields.ORDINAL, c.ordinal());
      d.setField(Fields.SECTION, c.section() == null ? "" : c.section());
      d.setField(Fields.REQ_KIND, c.requirementKind() == null ? "" : c.requirementKind());
      d.setField(Fields.CHUNK_TEXT, c.text());
      List<Float> v = new ArrayList<>(c.vector().length);
      for (float x : c.vector()) {
        v.add(x);
      }
      d.setField(Fields.VECTOR, v);
      d.setField(Fields.VECTOR_BYTES, VectorCodec.encode(c.vector()));
      children.add(d);
    }
    if (!children.isEmpty()) {
      p.setField(CHUNKS, children);
    }
    return p;
  }

  /** A chunk read back, with the position that orders it within its document. */
  record LoadedChunk(String parentId, int position, IndexedChunk chunk) {}

  static LoadedChunk chunk(SolrDocument c, int dimension, boolean normalized, String modelId) {
    String parentId = (String) c.getFirstValue(ROOT);
    int ordinal = ((Number) c.getFirstValue(Fields.ORDINAL)).intValue();
    float[] v = vector(c.getFirstValue(Fields.VECTOR_BYTES), parentId, "chunk " + ordinal, dimension, normalized,
        modelId, true);
    return new LoadedChunk(parentId, chunkPosition((String) c.getFirstValue(Fields.ID)), new IndexedChunk(ordinal,
        str(c, Fields.SECTION), str(c, Fields.REQ_KIND), str(c, Fields.CHUNK_TEXT), v));
  }

  /**
   * A parent read back with the given chunks (in order). As in the embedded index: with chunks
   * every vector is checked and a bad one is an {@link IndexDamagedException}; without, a bad
   * whole-text or title vector is left out.
   */
  static StoredDocument parent(SolrDocument p, List<IndexedChunk> chunks, boolean withChunks, int dimension,
      boolean normalized, String modelId) {
    String id = str(p, Fields.ID);
    Integer years = p.getFirstValue(Fields.YEARS) == null ? null : ((Number) p.getFirstValue(Fields.YEARS)).intValue();
    Integer grad = p.getFirstValue(Fields.GRAD_YEAR) == null ? null
        : ((Number) p.getFirstValue(Fields.GRAD_YEAR)).intValue();
    List<String> warnings = new ArrayList<>();
    Collection<Object> w = p.getFieldValues(Fields.WARNINGS);
    if (w != null) {
      w.forEach(x -> warnings.add((String) x));
    }
    List<String> flags = new ArrayList<>();
    Collection<Object> fl = p.getFieldValues(Fields.FLAGS);
    if (fl != null) {
      fl.forEach(x -> flags.add((String) x));
    }
    Map<String, Integer> terms = new HashMap<>();
    TermSets.decode(str(p, Fields.TERMS)).forEach((t, f) -> {
      if (t.length() > 1) { // the scorer's term sets leave out one-letter terms (TermSets.frequencies)
        terms.put(t, f);
      }
    });
    return new StoredDocument(id, DocKinds.parse(str(p, Fields.KIND)), str(p, Fields.TITLE), str(p, Fields.SOURCE),
        str(p, Fields.TEXT), str(p, Fields.SHA256),
        new Metadata(str(p, Fields.LOCATION), years, str(p, Fields.DEGREE), grad), List.copyOf(warnings),
        vector(p.getFirstValue(Fields.DOC_VECTOR), id, "whole-text vector", dimension, normalized, modelId, withChunks),
        withChunks ? chunks : List.of(), terms,
        vector(p.getFirstValue(Fields.TITLE_VECTOR), id, "title vector", dimension, normalized, modelId, withChunks),
        StoredFlags.decode(flags));
  }

  private static float[] vector(Object stored, String docId, String what, int dimension, boolean normalized,
      String modelId, boolean strict) {
    if (stored == null) {
      if (what.startsWith("chunk")) {
        throw IndexDamagedException.vector(docId, what, "is missing", modelId);
      }
      return null;
    }
    byte[] bytes;
    if (stored instanceof byte[] b) {
      bytes = b;
    } else if (stored instanceof ByteBuffer bb) {
      bytes = new byte[bb.remaining()];
      bb.duplicate().get(bytes);
    } else {
      bytes = java.util.Base64.getDecoder().decode(stored.toString());
    }
    BytesRef ref = new BytesRef(bytes);
    String bad = VectorCodec.problem(ref, dimension, normalized);
    if (bad != null) {
      if (strict) {
        throw IndexDamagedException.vector(docId, what, bad, modelId);
      }
      return null;
    }
    return VectorCodec.decode(ref);
  }

  private static String str(SolrDocument d, String field) {
    Object v = d.getFirstValue(field);
    return v == null ? null : v.toString();
  }
}
