package dev.rolematch.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One regression, as data (after Anserini's regression YAMLs): which data set, which models and
 * methods, and the metrics expected of them with a tolerance. Paths are relative to the rolematch
 * home; {@code "own"} as the corpus means the project's labeled sample data ({@code data/}).
 * {@code beats_baselines} lists the models whose {@code rolematch} ranking must reach the best
 * simple baseline's nDCG@10 on every query type. {@code reverse} turns the data set around: each
 * resume ranks the data set's postings (reverse matching, {@code postings-for}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegressionSpec(
    String name,
    String description,
    Data data,
    List<String> models,
    List<Expected> expected,
    @JsonProperty("beats_baselines") List<String> beatsBaselines,
    boolean reverse) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Data(String corpus, String queries, String qrels, String labels) {}

  /** An expected metric: {@code query_type} is a type of the data set or {@code all}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Expected(String model, String method, @JsonProperty("query_type") String queryType, String metric,
      double value, double tolerance) {}

  public boolean isOwnData() {
    return data != null && "own".equals(data.corpus());
  }

  /** Whether the files this regression needs are there (the shared data sets live beside the repo). */
  public boolean available(Path home) {
    if (isOwnData()) {
      return true;
    }
    return java.nio.file.Files.isRegularFile(home.resolve(data.corpus()))
        && java.nio.file.Files.isRegularFile(home.resolve(data.queries()))
        && java.nio.file.Files.isRegularFile(home.resolve(data.qrels()));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RegressionSpec read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RegressionSpec.class);
  }

  public static RegressionSpec read(InputStream in) throws IOException {
    return JSON.readValue(in, RegressionSpec.class);
  }
}
