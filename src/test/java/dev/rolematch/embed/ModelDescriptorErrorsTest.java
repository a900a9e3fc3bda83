package dev.rolematch.embed;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown models, broken descriptors and missing files: each error names what is wrong. */
class ModelDescriptorErrorsTest {

  @TempDir Path dir;

  private static final String TOKENIZER =
      "{\"maven\": \"" + EmbedTestSupport.MINILM_ARTIFACT + "\", \"file\": \"all-minilm-l6-v2-tokenizer.json\"}";

  private Path descriptor(String name, String weights, String pooling) throws IOException {
    String json =
        """
        {
          "id": "%s",
          "format": "onnx-bert",
          "weights": %s,
          "tokenizer": %s,
          "dimension": 384,
          "max_tokens": 256,
          "pooling": "%s",
          "normalize": true,
          "attention_heads": 12
        }
        """
            .formatted(name, weights, TOKENIZER, pooling);
    return Files.writeString(dir.resolve(name + ".json"), json);
  }

  @Test
  void catalogKnowsBothModels() throws IOException {
    assertTrue(EmbedTestSupport.catalog().ids().containsAll(
        java.util.List.of(EmbedTestSupport.MINILM, EmbedTestSupport.BGE_SMALL)));
  }

  @Test
  void unknownModelIdNamesTheIdAndTheKnownIds() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EmbedTestSupport.catalog().resolve("no-such-model"));
    assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
    assertTrue(e.getMessage().contains(EmbedTestSupport.MINILM), e.getMessage());
    assertTrue(e.getMessage().contains(EmbedTestSupport.BGE_SMALL), e.getMessage());
  }

  @Test
  void unknownModelIdThroughTheStandardCatalog() {
    // The standard catalog of a home (here the working directory): models/ under it.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Embedders.open(ModelCatalog.standard(Path.of(".")).resolve("minilm-typo"), DeviceChoice.CPU)
                .close());
    assertTrue(e.getMessage().contains("minilm-typo") && e.getMessage().contains(EmbedTestSupport.MINILM),
        e.getMessage());
  }

  @Test
  void missingWeightsFileIsAnIOExceptionNamingThePath() throws IOException {
    ModelDescriptor d = ModelDescriptor.read(descriptor("missing", "{\"path\": \"missing.onnx\"}", "mean"));
    IOException e = assertThrows(IOException.class, () -> Embedders.open(d, DeviceChoice.CPU).close());
    assertTrue(e.getMessage().contains(dir.resolve("missing.onnx").toAbsolutePath().toString()),
        e.getMessage());
  }

  @Test
  void missingFileUrlIsAnIOExceptionNamingThePath() throws IOException {
    Path absent = dir.resolve("absent.onnx");
    ModelDescriptor d =
        ModelDescriptor.read(descriptor("missing-url", "{\"url\": \"" + absent.toUri() + "\"}", "mean"));
    IOException e = assertThrows(IOException.class, () -> Embedders.open(d, DeviceChoice.CPU).close());
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
  }

  @Test
  void missingMavenArtifactNamesTheCoordinates() throws IOException {
    ModelDescriptor d =
        ModelDescriptor.read(
            descriptor("missing-maven", "{\"maven\": \"dev.example:no-such-model:9.9\", \"file\": \"m.onnx\"}", "mean"));
    IOException e = assertThrows(IOException.class, () -> Embedders.open(d, DeviceChoice.CPU).close());
    assertTrue(e.getMessage().contains("dev.example:no-such-model:9.9"), e.getMessage());
  }

  @Test
  void missingEntryInsideTheArtifactNamesIt() throws IOException {
    ModelDescriptor d =
        ModelDescriptor.read(
            descriptor("missing-entry",
                "{\"maven\": \"" + EmbedTestSupport.MINILM_ARTIFACT + "\", \"file\": \"nope.onnx\"}", "mean"));
    IOException e = assertThrows(IOException.class, () -> Embedders.open(d, DeviceChoice.CPU).close());
    assertTrue(e.getMessage().contains("nope.onnx"), e.getMessage());
  }

  @Test
  void unknownPoolingNamesThePooling() throws IOException {
    Path file = descriptor("bad-pooling", "{\"path\": \"w.onnx\"}", "max-over-time");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelDescriptor.read(file).validate());
    assertTrue(e.getMessage().contains("max-over-time"), e.getMessage());
    assertTrue(e.getMessage().contains("mean or cls"), e.getMessage());
    ModelDescriptor d = ModelDescriptor.read(file);
    IllegalArgumentException viaOpen =
        assertThrows(IllegalArgumentException.class, () -> Embedders.open(d, DeviceChoice.CPU).close());
    assertTrue(viaOpen.getMessage().contains("max-over-time"), viaOpen.getMessage());
  }

  @Test
  void everyDescriptorProblemIsListedAtOnce() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("broken.json"),
            "{\"id\": \"broken\", \"format\": \"tflite\", \"pooling\": \"max\", \"dimension\": 0, \"max_tokens\": 4}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelDescriptor.read(file).validate());
    for (String part : new String[] {"tflite", "max", "dimension", "max_tokens", "weights", "tokenizer"}) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void unreadableDescriptorNamesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("garbled.json"), "{ not json");
    IOException e = assertThrows(IOException.class, () -> ModelDescriptor.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
