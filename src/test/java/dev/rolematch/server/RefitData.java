package dev.rolematch.server;

import dev.rolematch.app.CalibrationRefit;
import dev.rolematch.eval.RegressionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small real labelled data for a refit the tests can run in seconds: resumes of four fields, with
 * topic-name and posting queries in the data-set format of {@code ../shared/data/category_dev}
 * (corpus, queries, binary qrels). Two sets with different resumes: the labels the refit fits on,
 * and the "external dev" set it must not lose on. Fields are far apart, so every method ranks the
 * dev set well and the rule is a real comparison, not a foregone refusal.
 */
final class RefitData {
  private RefitData() {}

  /** Field → (topic name, posting text, two resumes for the labels set, two for the dev set). */
  static final Map<String, String[]> FIELDS = Map.of(
      "nlp", new String[] {"Natural Language Processing",
          "NLP Engineer\nRequirements:\n- Experience training transformer language models\n- Text classification and"
              + " named entity recognition in Python",
          "Built transformer language models for machine translation and summarisation of news text.",
          "Trained named entity recognition and text classification models with spaCy and BERT.",
          "Developed question answering over documents with retrieval-augmented language models.",
          "Researched tokenisation and multilingual language modelling; papers at ACL and EMNLP."},
      "vision", new String[] {"Computer Vision",
          "Computer Vision Engineer\nRequirements:\n- Image segmentation and object detection\n- Experience with"
              + " OpenCV and convolutional networks",
          "Trained convolutional networks for object detection in traffic camera images with OpenCV.",
          "Built medical image segmentation for MRI scans using U-Net in PyTorch.",
          "Developed 3D point cloud and stereo depth estimation for robot navigation cameras.",
          "Deployed face detection and image classification models on edge devices."},
      "cooking", new String[] {"Culinary Arts",
          "Sous Chef\nRequirements:\n- Five years in professional kitchens\n- Menu planning and food safety",
          "Head chef of a seafood restaurant; designed seasonal menus and managed a kitchen team of twelve.",
          "Pastry cook in a hotel kitchen: breads, desserts and plated pastry for banquets.",
          "Line cook and grill chef at a steakhouse; ran food safety and kitchen inventory.",
          "Catering chef planning menus for weddings; trained kitchen staff in hygiene."},
      "accounting", new String[] {"Accounting",
          "Staff Accountant\nRequirements:\n- Month-end close and general ledger\n- Accounts payable and tax filings",
          "Staff accountant handling accounts payable, general ledger reconciliations and month-end close.",
          "Tax accountant preparing corporate tax returns and audit schedules.",
          "Bookkeeper for small firms: invoices, payroll and bank reconciliations.",
          "Financial auditor reviewing ledgers, internal controls and annual statements."});

  /** Writes both sets under {@code dir} and returns the refit's sources over them. */
  static CalibrationRefit.Sources write(Path dir) throws IOException {
    RegressionSpec labels = set(dir, "tiny_labels", 2);
    RegressionSpec dev = set(dir, "tiny_dev", 4);
    return new CalibrationRefit.Sources(dir, dir.resolve("eval-index"), dev, List.of(labels));
  }

  /** One data set: each field's two resumes at {@code first} and {@code first + 1}, a name query and a posting query. */
  private static RegressionSpec set(Path dir, String name, int first) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    List<String> corpus = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    List<String> qrels = new ArrayList<>(List.of("query_id,doc_id,relevance"));
    for (var e : new java.util.TreeMap<>(FIELDS).entrySet()) {
      for (int i = 0; i < 2; i++) {
        corpus.add(line("doc_id", e.getKey() + "-" + name + "-" + i, "text", e.getValue()[first + i]));
      }
    }
    for (var e : new java.util.TreeMap<>(FIELDS).entrySet()) {
      queries.add(line("query_id", "q-" + e.getKey() + "-name", "query_type", "name", "text", e.getValue()[0]));
      queries.add(line("query_id", "q-" + e.getKey() + "-posting", "query_type", "posting", "text", e.getValue()[1]));
      for (String other : new java.util.TreeSet<>(FIELDS.keySet())) {
        for (int i = 0; i < 2; i++) {
          for (String type : List.of("name", "posting")) {
            qrels.add("q-" + e.getKey() + "-" + type + "," + other + "-" + name + "-" + i + ","
                + (other.equals(e.getKey()) ? 1 : 0));
          }
        }
      }
    }
    Files.write(d.resolve("resumes.jsonl"), corpus, StandardCharsets.UTF_8);
    Files.write(d.resolve("queries.jsonl"), queries, StandardCharsets.UTF_8);
    Files.write(d.resolve("qrels.csv"), qrels, StandardCharsets.UTF_8);
    return new RegressionSpec(name, "test data", new RegressionSpec.Data(d.resolve("resumes.jsonl").toString(),
        d.resolve("queries.jsonl").toString(), d.resolve("qrels.csv").toString(), null), List.of(TestServer.MODEL),
        List.of(), List.of(), false);
  }

  private static String line(String... kv) throws IOException {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m); // one line: JSON Lines
  }
}
