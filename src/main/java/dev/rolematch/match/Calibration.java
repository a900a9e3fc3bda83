package dev.rolematch.match;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns pair features into the 0–100 score: {@code 100 · sigmoid(bias + Σ wᵢ·fᵢ)}, a logistic
 * regression fitted by {@code rolematch eval calibrate} on the labeled sample data (label: grade ≥
 * 2). So a score of 70 means: on our labeled data, pairs with these features were judged a good
 * fit about 70% of the time. One model per query type (posting, topic) and per embedding model,
 * since similarities are not comparable across models.
 *
 * <p>Must-have status uses two thresholds on the best chunk similarity, also fitted from the
 * labels: met at or above the median similarity of must-haves in good-fit pairs, unmet below the
 * median in non-fit pairs, unknown in between.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(
    @JsonProperty("model_id") String modelId,
    Model posting,
    Model topic,
    @JsonProperty("fitted_pairs") int fittedPairs,
    @JsonProperty("scorer_version") String scorerVersion,
    String source,
    @JsonProperty("fitted_at") String fittedAt) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Model(
      double bias,
      double[] weights,
      @JsonProperty("met_threshold") double metThreshold,
      @JsonProperty("unmet_threshold") double unmetThreshold) {

    public double probability(double[] features) {
      double z = bias;
      for (int i = 0; i < weights.length && i < features.length; i++) {
        z += weights[i] * features[i];
      }
      return 1.0 / (1.0 + Math.exp(-z));
    }
  }

  /** Names of the features, in weight order. */
  public static final String[] FEATURES =
      {"must", "core", "nice", "doc", "chunk", "title", "title_chunk", "lexical", "bm25", "level", "family"};

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Used for a model nobody calibrated: the score is the mean similarity mapped linearly, and the
   * output says so. Weights average the semantic features.
   */
  public static Calibration uncalibrated(String modelId) {
    Model m = new Model(-6, new double[] {4, 4, 2, 2, 2, 1, 1, 1, 1, 0, 0}, 0.6, 0.3);
    return new Calibration(modelId, m, m, 0, "uncalibrated", "fixed fallback weights", "");
  }

  public boolean isCalibrated() {
    return fittedPairs > 0;
  }

  /** Whether this calibration was fitted for the current feature set (older files have fewer weights). */
  public boolean fitsScorer() {
    return posting != null && topic != null && posting.weights().length == FEATURES.length
        && topic.weights().length == FEATURES.length;
  }

  public Model forType(String type) {
    return "topic".equals(type) ? topic : posting;
  }

  public static Path fileFor(Path dir, String modelId) {
    return dir.resolve(modelId + ".json");
  }

  /**
   * Reads {@code <dir>/<model>.json}, or the uncalibrated fallback when absent. An int8 model
   * ({@code <id>-int8}) without a file of its own uses its float model's: the same network, whose
   * similarities it reproduces to about 0.99 cosine, so the features keep their scale.
   */
  public static Calibration load(Path dir, String modelId) throws IOException {
    Path f = fileFor(dir, modelId);
    String floatModel = dev.rolematch.embed.ModelDescriptor.floatModelId(modelId);
    if (!Files.isRegularFile(f) && floatModel != null && Files.isRegularFile(fileFor(dir, floatModel))) {
      f = fileFor(dir, floatModel);
    }
    if (!Files.isRegularFile(f)) {
      return uncalibrated(modelId);
    }
    Calibration c = JSON.readValue(f.toFile(), Calibration.class);
    if (!c.fitsScorer()) {
      // A file from another scorer version: its weights mean other features. Fall back (the
      // commands say so and name the refit) rather than refuse, so eval calibrate itself can run.
      Calibration u = uncalibrated(modelId);
      return new Calibration(modelId, u.posting(), u.topic(), 0, "uncalibrated",
          f + " was fitted for scorer version " + c.scorerVersion() + ", not " + PairScorer.VERSION, "");
    }
    return c;
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(fileFor(dir, modelId).toFile(), this);
  }

  /**
   * Writes {@code <dir>/<model>.json} crash-safe, as the index's other stores are written: a temp
   * file, fsynced, renamed over the old one with an atomic move, then the folder fsynced. A crash
   * leaves the old file or the new one, never a torn one (a reloading server reads it whole).
   */
  public Path writeDurably(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = fileFor(dir, modelId);
    Path tmp = dir.resolve(modelId + ".json.tmp");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(this));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // not every platform can sync a directory
    }
    return target;
  }

  /** Where calibrations live: {@code data/calibration/} under the given rolematch home. */
  public static Path standardDir(Path home) {
    return home.resolve("data").resolve("calibration");
  }
}
