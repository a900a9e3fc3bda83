package dev.rolematch.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rolematch.ingest.RequirementKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pool weighs each query vector as the score's features do. */
class PoolWeightsTest {

  static final Calibration.Model MODEL =
      new Calibration.Model(-5, new double[] {4, 2, 1, 3, 5, 7, 11, 1, 1, 0, 0}, 0.6, 0.3);

  static QueryProfile.Need need(RequirementKind kind, float... v) {
    return new QueryProfile.Need("x", kind, v, Set.of(), null);
  }

  @Test
  void needsShareTheirKindsWeightAndTheTitleFallsBackToTheWholeQuery() {
    QueryProfile q = new QueryProfile("posting", "p", "t", List.of(need(RequirementKind.MUST, 1, 0),
        need(RequirementKind.MUST, 0, 1), need(RequirementKind.DUTY, 1, 0), need(RequirementKind.NICE, 0, 1)),
        new float[] {1, 0});
    PoolWeights w = PoolWeights.of(q, MODEL);
    assertArrayEquals(new double[] {2, 2, 2, 1}, w.needs(), 1e-9);
    assertEquals(3 + 7, w.doc(), 1e-9); // no title: the title features are the whole query's
    assertEquals(5 + 11, w.chunk(), 1e-9);
    assertEquals(0, w.title() + w.titleChunk(), 1e-9);
  }

  @Test
  void aMissingKindOrWholeVectorSpreadsItsWeightOverAllNeeds() {
    QueryProfile topic = new QueryProfile("topic", "t", "t",
        List.of(need(RequirementKind.TOPIC, 1, 0), need(RequirementKind.TOPIC, 0, 1)), null);
    PoolWeights w = PoolWeights.of(topic, MODEL);
    // core 2 / 2 each, plus (must 4 + nice 1 + doc 3+7 + chunk 5+11) / 2
    assertArrayEquals(new double[] {1 + 15.5, 1 + 15.5}, w.needs(), 1e-9);
    assertEquals(0, w.doc() + w.chunk(), 1e-9);
    float[] b = w.blend(topic);
    assertEquals(1, b[0] * b[0] + b[1] * b[1], 1e-6);
    assertEquals(b[0], b[1], 1e-6);
  }

  @Test
  void nothingWeighsNothingToSearch() {
    Calibration.Model zero = new Calibration.Model(0, new double[11], 0.6, 0.3);
    QueryProfile q = new QueryProfile("posting", "p", "t", List.of(need(RequirementKind.MUST, 1, 0)), null);
    assertNull(PoolWeights.of(q, zero).blend(q));
  }
}
