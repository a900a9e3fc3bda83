package dev.rolematch.embed;

import static dev.rolematch.embed.EmbedTestSupport.maxAbsDiff;
import static dev.rolematch.embed.EmbedTestSupport.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own TorchScript model, loaded through DJL Criteria from a descriptor: the committed
 * {@code src/test/resources/torchscript/tiny.pt}, hand-written by {@link TinyTorchScriptWriter}
 * (no Python needed), with MiniLM's real tokenizer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchScriptModelTest {

  static final String RESOURCE = "/torchscript/tiny.pt";

  @TempDir static Path dir;
  private Path tokenizerJson;
  private HuggingFaceTokenizer tokenizer;
  private TransformerEmbedder byPath;

  static final List<String> TEXTS =
      List.of(
          "hello world",
          "Senior Java engineer with Lucene experience",
          "Ingénieur logiciel à Montréal",
          "我们正在招聘工程师",
          "🚀 rocket team 🚀",
          "a",
          "",
          "data data data data data data",
          "SELECT * FROM jobs WHERE remote = true;");

  @BeforeAll
  void setUp() throws IOException {
    try (InputStream in = TorchScriptModelTest.class.getResourceAsStream(RESOURCE)) {
      Files.write(dir.resolve("tiny.pt"), in.readAllBytes());
    }
    tokenizerJson = EmbedTestSupport.miniLmTokenizer(dir);
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerJson, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
    Path descriptor =
        write("tiny.json", descriptorJson("tiny-torchscript", "{\"path\": \"tiny.pt\"}", 8));
    byPath = Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU);
  }

  @AfterAll
  void tearDown() {
    if (byPath != null) {
      byPath.close();
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  private String descriptorJson(String id, String weights, int dimension) {
    return descriptorJson(id, weights, dimension, "mean");
  }

  private String descriptorJson(String id, String weights, int dimension, String pooling) {
    return """
        {
          "id": "%s",
          "description": "tiny hand-written TorchScript encoder (test only)",
          "format": "torchscript",
          "weights": %s,
          "tokenizer": {"path": "tokenizer.json"},
          "dimension": %d,
          "max_tokens": 64,
          "pooling": "%s",
          "normalize": true
        }
        """
        .formatted(id, weights, dimension, pooling);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void committedArchiveIsWhatTheWriterProduces() throws IOException {
    try (InputStream in = TorchScriptModelTest.class.getResourceAsStream(RESOURCE)) {
      assertArrayEquals(
          TinyTorchScriptWriter.archive(), in.readAllBytes(),
          "src/test/resources/torchscript/tiny.pt is stale: rerun TinyTorchScriptWriter");
    }
  }

  @Test
  void loadsFromDescriptorAndReturnsNormalisedVectorsOfDeclaredDimension() {
    assertEquals("tiny-torchscript", byPath.identity().id());
    assertEquals(8, byPath.identity().dimension());
    float[][] v = byPath.embed(TEXTS, Role.DOCUMENT);
    assertEquals(TEXTS.size(), v.length);
    for (int i = 0; i < v.length; i++) {
      assertEquals(8, v[i].length, "dimension of vector " + i);
      assertTrue(EmbedTestSupport.allFinite(v[i]), "finite vector " + i);
      assertEquals(1.0, norm(v[i]), 1e-5, "norm of vector " + i);
    }
  }

  @Test
  void matchesJavaRecomputationOfTheSameMath() {
    float[][] v = byPath.embed(TEXTS, Role.DOCUMENT);
    for (int i = 0; i < TEXTS.size(); i++) {
      long[] ids = tokenizer.encode(TEXTS.get(i)).getIds();
      float[] expected = TinyTorchScriptWriter.expected(ids, true);
      assertTrue(
          maxAbsDiff(expected, v[i]) <= 1e-5,
          "text " + i + " '" + TEXTS.get(i) + "': max abs diff " + maxAbsDiff(expected, v[i]));
    }
  }

  @Test
  void noArraysSurviveACall() {
    int before = byPath.liveArrays();
    for (int i = 0; i < 20; i++) {
      byPath.embed(TEXTS, Role.DOCUMENT);
    }
    assertEquals(before, byPath.liveArrays(), "arrays left behind by TorchScript embed calls");
  }

  @Test
  void identicalTextsGiveIdenticalVectorsAndDifferentTextsDiffer() {
    float[][] once = byPath.embed(TEXTS, Role.DOCUMENT);
    float[][] again = byPath.embed(List.of(TEXTS.get(1), TEXTS.get(0), TEXTS.get(1)), Role.DOCUMENT);
    assertArrayEquals(once[1], again[0]);
    assertArrayEquals(once[1], again[2]);
    assertArrayEquals(once[0], again[1]);
    for (int i = 0; i < TEXTS.size(); i++) {
      for (int j = i + 1; j < TEXTS.size(); j++) {
        assertTrue(
            maxAbsDiff(once[i], once[j]) > 1e-3,
            "'" + TEXTS.get(i) + "' and '" + TEXTS.get(j) + "' got the same vector");
      }
    }
  }

  @Test
  void loadsFromFileUrlWithSameVectorsAndFingerprint() throws IOException {
    String url = dir.resolve("tiny.pt").toUri().toString();
    assertTrue(url.startsWith("file:"), url);
    Path descriptor =
        write("tiny-url.json", descriptorJson("tiny-torchscript", "{\"url\": \"" + url + "\"}", 8));
    try (TransformerEmbedder byUrl = Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU)) {
      float[][] a = byPath.embed(TEXTS, Role.DOCUMENT);
      float[][] b = byUrl.embed(TEXTS, Role.DOCUMENT);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(a[i], b[i], "text " + i);
      }
      assertEquals(64, byUrl.identity().fingerprint().length());
    }
  }

  @Test
  void anyFileNameWorksNotOnlyDotPt() throws IOException {
    Files.copy(dir.resolve("tiny.pt"), dir.resolve("encoder.torchscript"));
    Path descriptor =
        write("tiny-ext.json", descriptorJson("tiny-ext", "{\"path\": \"encoder.torchscript\"}", 8));
    try (TransformerEmbedder e = Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU)) {
      assertArrayEquals(byPath.embed("hello world", Role.DOCUMENT), e.embed("hello world", Role.DOCUMENT));
    }
  }

  /** A module returning token vectors: TorchScriptForward pools them as the descriptor says. */
  @Test
  void tokenVectorsArePooledAsTheDescriptorSays() throws IOException {
    Files.write(
        dir.resolve("tokens.pt"),
        TinyTorchScriptWriter.archive(TinyTorchScriptWriter.TOKENS_CLASS_NAME, TinyTorchScriptWriter.TOKENS_CODE));
    Path mean = write("tokens-mean.json", descriptorJson("tokens-mean", "{\"path\": \"tokens.pt\"}", 8, "mean"));
    Path cls = write("tokens-cls.json", descriptorJson("tokens-cls", "{\"path\": \"tokens.pt\"}", 8, "cls"));
    try (TransformerEmbedder m = Embedders.open(ModelDescriptor.read(mean), DeviceChoice.CPU);
        TransformerEmbedder c = Embedders.open(ModelDescriptor.read(cls), DeviceChoice.CPU)) {
      float[][] pooledHere = m.embed(TEXTS, Role.DOCUMENT); // padded batch: the mask matters
      float[][] pooledInModule = byPath.embed(TEXTS, Role.DOCUMENT);
      float[][] first = c.embed(TEXTS, Role.DOCUMENT);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertTrue(maxAbsDiff(pooledInModule[i], pooledHere[i]) <= 1e-5, "mean pooling, text " + i);
        long[] ids = tokenizer.encode(TEXTS.get(i)).getIds();
        float[] cls0 = TinyTorchScriptWriter.expected(new long[] {ids[0]}, true); // [CLS] row
        assertTrue(maxAbsDiff(cls0, first[i]) <= 1e-5, "cls pooling, text " + i);
      }
    }
  }

  @Test
  void wrongDeclaredDimensionIsReported() throws IOException {
    Path descriptor =
        write("tiny-dim.json", descriptorJson("tiny-wrong-dim", "{\"path\": \"tiny.pt\"}", 16));
    try (TransformerEmbedder e = Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU)) {
      IllegalStateException ex =
          assertThrows(IllegalStateException.class, () -> e.embed("hello", Role.DOCUMENT));
      assertTrue(ex.getMessage().contains("16") && ex.getMessage().contains("8"), ex.getMessage());
    }
  }

  @Test
  void missingTorchScriptFileNamesThePath() throws IOException {
    Path descriptor =
        write("tiny-missing.json", descriptorJson("tiny-missing", "{\"path\": \"nope.pt\"}", 8));
    IOException ex =
        assertThrows(
            IOException.class,
            () -> Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU).close());
    assertTrue(ex.getMessage().contains(dir.resolve("nope.pt").toAbsolutePath().toString()), ex.getMessage());
  }

  @Test
  void corruptTorchScriptFileIsAnIOExceptionNamingIt() throws IOException {
    Files.write(dir.resolve("garbage.pt"), "this is not a zip archive".getBytes(StandardCharsets.UTF_8));
    Path descriptor =
        write("tiny-garbage.json", descriptorJson("tiny-garbage", "{\"path\": \"garbage.pt\"}", 8));
    IOException ex =
        assertThrows(
            IOException.class,
            () -> Embedders.open(ModelDescriptor.read(descriptor), DeviceChoice.CPU).close());
    assertTrue(ex.getMessage().contains("garbage.pt"), ex.getMessage());
  }
}
