package dev.rolematch.eval;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Semantic textual similarity: Spearman correlation between cosine similarity and gold scores on
 * STS-B formatted data (tab-separated genre, file, year, id, score, sentence1, sentence2). Both
 * sides are embedded as documents: STS is symmetric, so no query prefix.
 */
public final class StsEval {

  public record Result(int pairs, int skipped, double spearman, double seconds) {}

  private StsEval() {}

  public static Result run(Embedder embedder, Path file) throws IOException {
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    List<Double> gold = new ArrayList<>();
    int skipped = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length < 7) {
        skipped++;
        continue;
      }
      try {
        gold.add(Double.parseDouble(f[4]));
      } catch (NumberFormatException e) {
        skipped++;
        continue;
      }
      left.add(f[5]);
      right.add(f[6]);
    }
    if (gold.size() < 2) {
      throw new IOException(file + " has no STS-B rows (genre, file, year, id, score, s1, s2)");
    }
    long t0 = System.nanoTime();
    float[][] a = embedder.embed(left, Role.DOCUMENT);
    float[][] b = embedder.embed(right, Role.DOCUMENT);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] cos = new double[gold.size()];
    double[] g = new double[gold.size()];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = Vectors.cosine(a[i], b[i]);
      g[i] = gold.get(i);
    }
    double rho = new SpearmansCorrelation().correlation(cos, g);
    return new Result(cos.length, skipped, rho, seconds);
  }
}
