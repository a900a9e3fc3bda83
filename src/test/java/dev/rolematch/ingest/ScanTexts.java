package dev.rolematch.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Texts for the tests that hold a one-pass scanner to the regex it replaced: random texts made of
 * a test's pieces and glue, and our own sample documents.
 */
public final class ScanTexts {
  private ScanTexts() {}

  /** A sample document under data/ and its text. */
  public record Sample(Path path, String text) {}

  /** The .txt and .md documents under data/ (the repo's own samples). */
  public static List<Sample> sampleDocuments() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("data"))) {
      List<Path> paths = files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".md")).toList();
      List<Sample> out = new java.util.ArrayList<>(paths.size());
      for (Path p : paths) {
        out.add(new Sample(p, new String(Files.readAllBytes(p), StandardCharsets.UTF_8)));
      }
      return out;
    }
  }

  /** {@code n} pieces, each followed by a glue, drawn from {@code r}. */
  public static String random(Random r, int n, String[] pieces, String[] glue) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < n; k++) {
      sb.append(pieces[r.nextInt(pieces.length)]).append(glue[r.nextInt(glue.length)]);
    }
    return sb.toString();
  }
}
