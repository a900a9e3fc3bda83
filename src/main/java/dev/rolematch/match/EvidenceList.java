package dev.rolematch.match;

import dev.rolematch.index.IndexedChunk;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A pair's evidence, one entry per need, built the first time it is read. Refresh scores every
 * pair but stores only the top K per posting: building the snippets of all pairs cost it about a
 * fifth of its time. Read-only; the entries are what {@link PairScorer} built eagerly before.
 */
final class EvidenceList extends AbstractList<Evidence> {

  private final List<QueryProfile.Need> needs;
  private final List<IndexedChunk> chunks;
  private final int[] bestChunk; // per need, -1: none
  private final double[] similarity;
  private final String[] status;
  private volatile List<Evidence> built; // racing builders build equal lists

  EvidenceList(List<QueryProfile.Need> needs, List<IndexedChunk> chunks, int[] bestChunk, double[] similarity,
      String[] status) {
    this.needs = needs;
    this.chunks = chunks;
    this.bestChunk = bestChunk;
    this.similarity = similarity;
    this.status = status;
  }

  @Override
  public Evidence get(int index) {
    return built().get(index);
  }

  @Override
  public int size() {
    return bestChunk.length;
  }

  private List<Evidence> built() {
    List<Evidence> b = built;
    if (b == null) {
      List<Evidence> out = new ArrayList<>(bestChunk.length);
      for (int i = 0; i < bestChunk.length; i++) {
        QueryProfile.Need need = needs.get(i);
        String snippet = bestChunk[i] < 0 ? "" : PairScorer.snippet(chunks.get(bestChunk[i]).text());
        out.add(new Evidence(need.text(), need.kind().name(), snippet, PairScorer.round(similarity[i]), status[i]));
      }
      b = List.copyOf(out);
      built = b;
    }
    return b;
  }
}
