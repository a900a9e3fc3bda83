package dev.rolematch.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Graded relevance judgments: query id → document id → grade (0–3), from a TSV with a header. */
public record Labels(Map<String, Map<String, Integer>> grades) {

  public static Labels read(Path tsv) throws IOException {
    if (!Files.isRegularFile(tsv)) {
      throw new IOException("no labels file " + tsv);
    }
    Map<String, Map<String, Integer>> g = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      if (f.length < 3) {
        continue;
      }
      try {
        g.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), Integer.parseInt(f[2].strip()));
      } catch (NumberFormatException e) {
        throw new IOException(tsv + ":" + (i + 1) + ": grade is not a number: " + f[2]);
      }
    }
    return new Labels(g);
  }

  public int grade(String query, String doc) {
    return grades.getOrDefault(query, Map.of()).getOrDefault(doc, 0);
  }
}
