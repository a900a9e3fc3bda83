package dev.rolematch.index;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.embed.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Deterministic unit vectors from a text's hash, one token per word plus 2: no model needed. */
final class FakeEmbedder implements Embedder {
  static final ModelIdentity MODEL = new ModelIdentity("fake-model", 384, "e".repeat(64));

  private long embedded;

  @Override
  public ModelIdentity identity() {
    return MODEL;
  }

  @Override
  public int maxTokens() {
    return 256;
  }

  @Override
  public int countTokens(String text) {
    String t = text.strip();
    return (t.isEmpty() ? 0 : t.split("\\s+").length) + 2;
  }

  @Override
  public synchronized float[][] embed(List<String> texts, Role role) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      Random r = new Random(java.util.Arrays.hashCode(texts.get(i).getBytes(StandardCharsets.UTF_8)));
      float[] v = new float[MODEL.dimension()];
      double n = 0;
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) r.nextGaussian();
        n += v[d] * v[d];
      }
      for (int d = 0; d < v.length; d++) {
        v[d] /= (float) Math.sqrt(n);
      }
      out[i] = v;
    }
    embedded += texts.size();
    return out;
  }

  @Override
  public long truncatedCount() {
    return 0;
  }

  @Override
  public synchronized long embeddedCount() {
    return embedded;
  }

  @Override
  public void close() {}
}
