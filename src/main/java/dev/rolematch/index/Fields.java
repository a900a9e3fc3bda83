package dev.rolematch.index;

/**
 * The Lucene schema. Each document is a block: its chunk documents, then the parent document (the
 * order block joins need). Every document of a block carries {@link #BLOCK_ID} so that one
 * {@code updateDocuments} call replaces the whole block atomically.
 */
public final class Fields {
  private Fields() {}

  public static final String DOC_TYPE = "doc_type"; // "parent" | "chunk"
  public static final String PARENT = "parent";
  public static final String CHUNK = "chunk";

  public static final String BLOCK_ID = "block_id"; // = document id, on parent and chunks
  public static final String ID = "id"; // parent only
  public static final String KIND = "kind"; // "posting" | "resume", on parent and chunks
  public static final String TITLE = "title";
  public static final String SOURCE = "source";
  public static final String TEXT = "text"; // full text, BM25 (parent), chunk text (chunk)
  public static final String SHA256 = "sha256";
  public static final String SHA256_DV = "sha256_dv"; // parent: the same hash as doc values (scans read no stored fields)
  public static final String MODEL = "model"; // model fingerprint that made the vectors
  public static final String LOCATION = "location"; // analysed, for --location
  public static final String LOCATION_STORED = "location_stored";
  public static final String YEARS = "years_experience";
  public static final String DEGREE = "highest_degree";
  public static final String GRAD_YEAR = "graduation_year";
  public static final String WARNINGS = "warnings";
  public static final String INDEXED_AT = "indexed_at";
  public static final String TERMS = "terms"; // parent: distinct analysed terms, stored for lexical coverage
  public static final String FLAGS = "flags"; // parent: integrity flags decided at read time (StoredFlags)

  public static final String ORDINAL = "ordinal"; // chunk only
  public static final String SECTION = "section"; // chunk only
  public static final String CHUNK_TEXT = "chunk_text"; // chunk only, stored
  public static final String REQ_KIND = "req_kind"; // posting chunks: MUST | NICE | DUTY | TOPIC
  public static final String VECTOR = "vector"; // chunk vectors (kNN)
  public static final String VECTOR_BYTES = "vector_bytes"; // same vector, stored for MaxSim
  public static final String DOC_VECTOR = "doc_vector"; // parent: whole-text vector, stored
  public static final String DOC_KNN = "doc_knn"; // parent: the same vector, searchable (HNSW)
  public static final String TITLE_VECTOR = "title_vector"; // parent (postings): title as a query, stored

  // Commit user data: which model built this index.
  public static final String META_MODEL_ID = "model_id";
  public static final String META_FINGERPRINT = "model_fingerprint";
  public static final String META_DIMENSION = "dimension";
  public static final String META_QUANTIZE = "quantize";
  public static final String META_NORMALIZED = "vectors_normalized";
  public static final String META_BLIND = "blind"; // "true": resumes are masked before they are stored
  public static final String META_SCHEMA = "schema_version";
  public static final String SCHEMA_VERSION = "1";
}
