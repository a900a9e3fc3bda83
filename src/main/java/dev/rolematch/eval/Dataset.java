package dev.rolematch.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A retrieval test collection in the layout of {@code shared/data/category_dev}: a corpus of
 * resumes ({@code doc_id}, {@code text} per JSON line), queries ({@code query_id}, {@code
 * query_type}, {@code text}, optional {@code posting_title}) and qrels ({@code
 * query_id,doc_id,relevance}). Relevance is binary there; graded labels keep their grade.
 */
public record Dataset(String name, List<Doc> corpus, List<Query> queries, Map<String, Map<String, Integer>> qrels) {

  public record Doc(String id, String text) {}

  /**
   * @param type {@code name} (a job title as typed), {@code onet} (an occupation description),
   *     {@code posting} (a real posting); decides how the product reads the query
   */
  public record Query(String id, String type, String text, String title) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Dataset read(String name, Path corpus, Path queries, Path qrels) throws IOException {
    for (Path p : List.of(corpus, queries, qrels)) {
      if (!Files.isRegularFile(p)) {
        throw new IOException("data set '" + name + "': no such file " + p);
      }
    }
    List<Doc> docs = new ArrayList<>();
    for (JsonNode n : jsonLines(corpus)) {
      docs.add(new Doc(required(n, "doc_id", corpus), required(n, "text", corpus)));
    }
    List<Query> qs = new ArrayList<>();
    for (JsonNode n : jsonLines(queries)) {
      qs.add(new Query(required(n, "query_id", queries), required(n, "query_type", queries),
          required(n, "text", queries), n.path("posting_title").asText("")));
    }
    Map<String, Map<String, Integer>> rel = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(qrels, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length < 3) {
        continue;
      }
      rel.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), Integer.parseInt(f[2].strip()));
    }
    return new Dataset(name, docs, qs, rel);
  }

  private static List<JsonNode> jsonLines(Path p) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private static String required(JsonNode n, String field, Path p) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(p + ": a record has no text field '" + field + "'");
    }
    return v.asText();
  }
}
