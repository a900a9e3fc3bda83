package dev.rolematch.embed;

import static dev.rolematch.embed.EmbedTestSupport.allFinite;
import static dev.rolematch.embed.EmbedTestSupport.maxAbsDiff;
import static dev.rolematch.embed.EmbedTestSupport.norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@link Embedder} contract on awkward input, on MiniLM (opened once) and bge-small. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbedderContractTest {

  private TransformerEmbedder minilm;

  @BeforeAll
  void open() throws Exception {
    minilm = Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU);
  }

  @AfterAll
  void close() {
    if (minilm != null) {
      minilm.close();
    }
  }

  @Test
  void emptyAndWhitespaceOnlyAreSpecialTokensOnlyAndGiveNormalisedFiniteVectors() {
    List<String> blank = List.of("", " ", "   \t\n  ", "\u00a0\u2003");
    for (String t : blank) {
      assertEquals(2, minilm.countTokens(t), "[CLS] [SEP] only for '" + t + "'");
    }
    float[][] v = minilm.embed(blank, Role.DOCUMENT);
    for (int i = 0; i < v.length; i++) {
      assertEquals(384, v[i].length);
      assertTrue(allFinite(v[i]), "finite vector for blank text " + i);
      assertEquals(1.0, norm(v[i]), 1e-5, "normalised vector for blank text " + i);
      assertTrue(maxAbsDiff(v[0], v[i]) <= 1e-5, "all blank texts embed alike");
    }
    float[] q = minilm.embed("", Role.QUERY);
    assertTrue(allFinite(q));
    assertEquals(1.0, norm(q), 1e-5);
  }

  @Test
  void nullTextIsAnIllegalArgumentNamingItsIndex() {
    long before = minilm.embeddedCount();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> minilm.embed(Arrays.asList("fine", "also fine", null, "x"), Role.DOCUMENT));
    assertTrue(e.getMessage().contains("text 2"), e.getMessage());
    assertEquals(before, minilm.embeddedCount(), "nothing counted as embedded");
    IllegalArgumentException first =
        assertThrows(IllegalArgumentException.class, () -> minilm.embed((String) null, Role.QUERY));
    assertTrue(first.getMessage().contains("text 0"), first.getMessage());
  }

  @Test
  void emptyListGivesNoVectors() {
    assertEquals(0, minilm.embed(List.of(), Role.DOCUMENT).length);
  }

  @Test
  void truncationIsCounted() {
    StringBuilder sb = new StringBuilder();
    String[] words = {"candidate", "experience", "java", "team", "lead", "remote", "salary", "role"};
    for (int i = 0; i < 2000; i++) {
      sb.append(words[i % words.length]).append(i % 17 == 0 ? ". " : " ");
    }
    String longText = sb.toString();
    assertTrue(minilm.countTokens(longText) > minilm.maxTokens(),
        minilm.countTokens(longText) + " tokens vs max " + minilm.maxTokens());
    assertEquals(256, minilm.maxTokens());
    long truncated = minilm.truncatedCount();
    long embedded = minilm.embeddedCount();
    float[][] v = minilm.embed(List.of(longText, "short text"), Role.DOCUMENT);
    assertEquals(truncated + 1, minilm.truncatedCount(), "one text truncated");
    assertEquals(embedded + 2, minilm.embeddedCount(), "two texts embedded");
    assertEquals(1.0, norm(v[0]), 1e-5);
    assertTrue(allFinite(v[0]));
    // Truncation keeps the head: appending more words past the cut does not change the vector.
    float[] longer = minilm.embed(longText + " unrelated tail words about cooking pasta", Role.DOCUMENT);
    assertTrue(maxAbsDiff(v[0], longer) <= 1e-5, "text past max tokens is ignored");
    assertEquals(truncated + 2, minilm.truncatedCount());
  }

  @Test
  void queryAndDocumentRolesDifferOnlyWhenTheModelHasPrefixes() throws Exception {
    // MiniLM has no prefixes: the two roles give the same vector.
    float[] d = minilm.embed("java engineer", Role.DOCUMENT);
    float[] q = minilm.embed("java engineer", Role.QUERY);
    assertTrue(maxAbsDiff(d, q) <= 1e-6);
  }

  @Test
  void identityFingerprintIsStableAcrossOpensAndDiffersBetweenModels() throws Exception {
    ModelIdentity first = minilm.identity();
    assertEquals(EmbedTestSupport.MINILM, first.id());
    assertEquals(384, first.dimension());
    assertTrue(first.fingerprint().matches("[0-9a-f]{64}"), first.fingerprint());
    try (TransformerEmbedder again =
            Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.MINILM), DeviceChoice.CPU)) {
      assertEquals(first, again.identity());
    }
    try (TransformerEmbedder bge =
            Embedders.open(EmbedTestSupport.descriptor(EmbedTestSupport.BGE_SMALL), DeviceChoice.CPU)) {
      assertEquals(EmbedTestSupport.BGE_SMALL, bge.identity().id());
      assertNotEquals(first.fingerprint(), bge.identity().fingerprint());
      // bge has a query prefix: roles differ.
      float[] d = bge.embed("java engineer", Role.DOCUMENT);
      float[] q = bge.embed("java engineer", Role.QUERY);
      assertTrue(maxAbsDiff(d, q) > 1e-3, "bge query prefix changes the vector");
    }
  }

  @Test
  void embedsOnTheCpuWhenAskedTo() {
    assertEquals("cpu()", minilm.device());
  }
}
