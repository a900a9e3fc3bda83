package dev.rolematch.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.index.IndexedChunk;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RequirementKind;
import dev.rolematch.ingest.RoleProfile;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A keyword list counts at most {@link PairScorer#LIST_MARGIN} above the resume's other passages. */
class ListSupportTest {

  /** A unit vector at cosine {@code cos} to e0 (in the e0/e1 plane). */
  static float[] at(double cos) {
    return new float[] {(float) cos, (float) Math.sqrt(1 - cos * cos), 0};
  }

  static final float[] QUERY = {1, 0, 0};

  static CandidateProfile candidate(BitSet lists) {
    List<IndexedChunk> chunks = List.of(
        new IndexedChunk(0, "Skills", "", "Generative AI, LLMs, diffusion, RAG", at(0.9)),
        new IndexedChunk(1, "Experience", "", "Wrote blog posts with ChatGPT for clients.", at(0.5)));
    return new CandidateProfile("c", "C", chunks, Map.of(), at(0.8), Metadata.UNKNOWN, RoleProfile.UNKNOWN, lists);
  }

  static double[] features(CandidateProfile c) {
    QueryProfile q = new QueryProfile("topic", "t", "T",
        List.of(new QueryProfile.Need("generative AI", RequirementKind.TOPIC, QUERY, Set.of(), null)), QUERY);
    return new PairScorer(Calibration.uncalibrated("test")).score(q, c).features();
  }

  @Test
  void aListCountsAtMostAMarginAboveTheBestOtherPassage() {
    BitSet lists = new BitSet();
    lists.set(0);
    double[] capped = features(candidate(lists));
    double[] plain = features(candidate(new BitSet()));
    assertEquals(0.9, plain[1], 1e-6); // core: MaxSim over every chunk
    assertEquals(0.8, plain[PairScorer.DOC], 1e-6);
    assertEquals(0.5 + PairScorer.LIST_MARGIN, capped[1], 1e-6); // the list, counted as supported
    assertEquals(0.5 + PairScorer.LIST_MARGIN, capped[PairScorer.CHUNK], 1e-6);
    assertEquals(0.5 + PairScorer.LIST_MARGIN, capped[PairScorer.DOC], 1e-6); // the whole resume too
  }

  @Test
  void supportedLeavesProseAloneAndCapsUnsupportedLists() {
    assertEquals(0.7, PairScorer.supported(0.7, 0.7), 0);
    assertEquals(0.6, PairScorer.supported(0.6, 0.7), 0); // the best chunk is not a list
    assertEquals(0.71, PairScorer.supported(0.71, 0.7), 1e-12); // within the margin
    assertEquals(0.73, PairScorer.supported(0.9, 0.7), 1e-12);
    assertEquals(0.9, PairScorer.supported(0.9, -1), 1e-12); // nothing but lists: nothing to hold them against
  }

  @Test
  void listChunksAreReadFromTheStoredChunks() {
    var d = new dev.rolematch.index.StoredDocument("r", dev.rolematch.ingest.DocKind.RESUME, "R", "", "x", "",
        Metadata.UNKNOWN, List.of(), at(0.5), candidate(new BitSet()).chunks());
    BitSet lists = CandidateProfile.listChunks(d);
    assertTrue(lists.get(0));
    assertEquals(1, lists.cardinality());
  }
}
