package dev.rolematch.index;

/**
 * Which model and settings built a store: recorded when it is created, checked on every open.
 *
 * @param fingerprint the model's weights-and-tokenizer hash (a mismatch is {@link IndexMismatchException})
 * @param quantize whether the kNN graph holds int8-quantized vectors (stored vectors stay float)
 * @param normalized whether the model's vectors are L2-normalised (loading checks every stored norm)
 * @param blind whether resumes are masked before they are stored ({@link dev.rolematch.ingest.PersonalDataMask}):
 *     set by the first add to an empty store, fixed afterwards
 */
public record IndexInfo(String modelId, String fingerprint, int dimension, boolean quantize, boolean normalized,
    boolean blind) {

  public IndexInfo(String modelId, String fingerprint, int dimension, boolean quantize, boolean normalized) {
    this(modelId, fingerprint, dimension, quantize, normalized, false);
  }

  public IndexInfo(String modelId, String fingerprint, int dimension, boolean quantize) {
    this(modelId, fingerprint, dimension, quantize, true);
  }

  /**
   * The record every backend keeps of these settings (Lucene's commit user data, the SolrCloud
   * collection's metadata document): key → value, keys from {@link Fields}.
   */
  public java.util.Map<String, String> toRecord() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(Fields.META_MODEL_ID, modelId);
    m.put(Fields.META_FINGERPRINT, fingerprint);
    m.put(Fields.META_DIMENSION, Integer.toString(dimension));
    m.put(Fields.META_QUANTIZE, Boolean.toString(quantize));
    m.put(Fields.META_NORMALIZED, Boolean.toString(normalized));
    m.put(Fields.META_BLIND, Boolean.toString(blind));
    m.put(Fields.META_SCHEMA, Fields.SCHEMA_VERSION);
    return m;
  }

  /**
   * The settings from such a record ({@code get}: value of a key, or null); older records lack
   * some keys: every shipped model normalised, and nothing was blind.
   */
  public static IndexInfo fromRecord(java.util.function.Function<String, String> get) {
    String fp = get.apply(Fields.META_FINGERPRINT);
    if (fp == null) {
      throw new IllegalStateException("the index has no model record; it was not written by rolematch");
    }
    String dim = get.apply(Fields.META_DIMENSION);
    return new IndexInfo(get.apply(Fields.META_MODEL_ID), fp, dim == null ? 0 : Integer.parseInt(dim),
        Boolean.parseBoolean(get.apply(Fields.META_QUANTIZE)), !"false".equals(get.apply(Fields.META_NORMALIZED)),
        "true".equals(get.apply(Fields.META_BLIND)));
  }

  public IndexInfo withBlind(boolean b) {
    return new IndexInfo(modelId, fingerprint, dimension, quantize, normalized, b);
  }

  /**
   * Refuses a store built by another model, with the command that fixes it.
   *
   * @param wantedId and {@code wantedFingerprint}: the model asked for
   */
  public void requireModel(String wantedId, String wantedFingerprint, String where) {
    if (!fingerprint.equals(wantedFingerprint)) {
      throw new IndexMismatchException(
          where + " was built with model '" + modelId + "' (fingerprint "
              + fingerprint.substring(0, Math.min(12, fingerprint.length())) + ") but model '" + wantedId
              + "' (fingerprint " + wantedFingerprint.substring(0, Math.min(12, wantedFingerprint.length()))
              + ") was requested; rebuild it with: ./rolematch reindex --model " + wantedId
              + " (or query with --model " + modelId + ")");
    }
  }
}
