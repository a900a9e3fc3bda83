package dev.rolematch.embed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentence-embedding model as configuration, one JSON file per model under {@code models/}: where
 * the weights and tokenizer come from, how to pool, which prefixes to add. Read with {@link
 * #read(Path)}; {@link #validate()} names every problem at once.
 *
 * @param format {@code onnx-bert} (BERT weights read from an ONNX file, run op by op on DJL) or
 *     {@code torchscript} (a traced sentence-embedding module loaded through DJL Criteria)
 * @param quantization {@code null} (float32) or {@value #DYNAMIC_INT8}: the linear layers run on
 *     int8 weights with activations quantised per call (fused encoder, CPU only). Absent from the
 *     canonical bytes when null, so float models keep their fingerprints.
 * @param baseDir directory the descriptor was read from; relative paths resolve against it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
    String id,
    String description,
    String format,
    FileSource weights,
    FileSource tokenizer,
    int dimension,
    @JsonProperty("max_tokens") int maxTokens,
    String pooling,
    boolean normalize,
    @JsonProperty("query_prefix") String queryPrefix,
    @JsonProperty("document_prefix") String documentPrefix,
    @JsonProperty("attention_heads") int attentionHeads,
    @JsonProperty("layer_norm_eps") double layerNormEps,
    String license,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String quantization,
    @com.fasterxml.jackson.annotation.JsonIgnore Path baseDir) {

  public static final String FORMAT_ONNX_BERT = "onnx-bert";
  public static final String FORMAT_TORCHSCRIPT = "torchscript";
  public static final String DYNAMIC_INT8 = "dynamic-int8";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  /**
   * Where a file comes from: exactly one of a Maven artifact (coordinates plus the entry inside the
   * jar), a local path (relative to the descriptor) or a {@code file:} URL.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileSource(String maven, String file, String path, String url) {
    public String describe() {
      if (maven != null) {
        return maven + "!/" + file;
      }
      return path != null ? path : url;
    }
  }

  public ModelDescriptor {
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    documentPrefix = documentPrefix == null ? "" : documentPrefix;
    format = format == null ? FORMAT_ONNX_BERT : format;
    layerNormEps = layerNormEps == 0 ? 1e-12 : layerNormEps;
  }

  public static ModelDescriptor read(Path file) throws IOException {
    ModelDescriptor d;
    try {
      d = JSON.readValue(Files.readAllBytes(file), ModelDescriptor.class);
    } catch (IOException e) {
      throw new IOException("cannot read model descriptor " + file + ": " + e.getMessage(), e);
    }
    return d.withBaseDir(file.toAbsolutePath().getParent());
  }

  public ModelDescriptor withBaseDir(Path dir) {
    return new ModelDescriptor(
        id, description, format, weights, tokenizer, dimension, maxTokens, pooling, normalize,
        queryPrefix, documentPrefix, attentionHeads, layerNormEps, license, quantization, dir);
  }

  /** Canonical bytes that enter the model fingerprint (everything but where it was read from). */
  public byte[] canonicalBytes() {
    try {
      return JSON.writeValueAsBytes(withBaseDir(null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean meanPooling() {
    return "mean".equals(pooling);
  }

  /** What an int8 variant's id adds to its float model's. */
  public static final String INT8_ID_SUFFIX = "-int8";

  /** The float model's id of an int8 variant's id ({@link #int8Variant}), or null if it is none. */
  public static String floatModelId(String modelId) {
    return modelId.endsWith(INT8_ID_SUFFIX) && modelId.length() > INT8_ID_SUFFIX.length()
        ? modelId.substring(0, modelId.length() - INT8_ID_SUFFIX.length()) : null;
  }

  /** The same model with its linear layers in int8 ({@code <id>-int8}); itself if it already is. */
  public ModelDescriptor int8Variant() {
    if (int8()) {
      return this;
    }
    return new ModelDescriptor(
        id + INT8_ID_SUFFIX, description, format, weights, tokenizer, dimension, maxTokens, pooling, normalize,
        queryPrefix, documentPrefix, attentionHeads, layerNormEps, license, DYNAMIC_INT8, baseDir);
  }

  /** The same descriptor reading its weights from elsewhere (benchmark peers). */
  public ModelDescriptor withWeights(String newId, FileSource newWeights) {
    return new ModelDescriptor(
        newId, description, format, newWeights, tokenizer, dimension, maxTokens, pooling, normalize,
        queryPrefix, documentPrefix, attentionHeads, layerNormEps, license, quantization, baseDir);
  }

  /** Whether the linear layers run in int8 ({@value #DYNAMIC_INT8}). */
  public boolean int8() {
    return DYNAMIC_INT8.equals(quantization);
  }

  /** Throws {@link IllegalArgumentException} listing every problem with this descriptor. */
  public ModelDescriptor validate() {
    List<String> problems = new ArrayList<>();
    if (id == null || id.isBlank()) {
      problems.add("missing \"id\"");
    }
    if (!FORMAT_ONNX_BERT.equals(format) && !FORMAT_TORCHSCRIPT.equals(format)) {
      problems.add("unknown format \"" + format + "\" (expected onnx-bert or torchscript)");
    }
    if (!"mean".equals(pooling) && !"cls".equals(pooling)) {
      problems.add("unknown pooling \"" + pooling + "\" (expected mean or cls)");
    }
    if (dimension <= 0) {
      problems.add("\"dimension\" must be positive");
    }
    if (maxTokens < 8) {
      problems.add("\"max_tokens\" must be at least 8");
    }
    if (FORMAT_ONNX_BERT.equals(format) && attentionHeads <= 0) {
      problems.add("\"attention_heads\" must be positive for onnx-bert models");
    }
    if (quantization != null && !DYNAMIC_INT8.equals(quantization)) {
      problems.add("unknown quantization \"" + quantization + "\" (expected " + DYNAMIC_INT8 + " or none)");
    }
    if (quantization != null && !FORMAT_ONNX_BERT.equals(format)) {
      problems.add("\"quantization\" applies only to onnx-bert models");
    }
    checkSource("weights", weights, problems);
    checkSource("tokenizer", tokenizer, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "model descriptor " + (id == null ? "" : "'" + id + "' ") + "is invalid: "
              + String.join("; ", problems));
    }
    return this;
  }

  private static void checkSource(String name, FileSource s, List<String> problems) {
    if (s == null) {
      problems.add("missing \"" + name + "\"");
      return;
    }
    int given = (s.maven() != null ? 1 : 0) + (s.path() != null ? 1 : 0) + (s.url() != null ? 1 : 0);
    if (given != 1) {
      problems.add("\"" + name + "\" needs exactly one of maven, path, url");
    }
    if (s.maven() != null && (s.file() == null || s.maven().split(":").length != 3)) {
      problems.add("\"" + name + "\".maven must be group:artifact:version with a \"file\" inside it");
    }
  }
}
