package dev.rolematch.match;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.DocumentStore.Hit;
import dev.rolematch.index.DocumentStore.HitVectors;
import dev.rolematch.index.Filters;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.VectorMath;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The candidates a query scores exactly, in three steps. Gather: kNN of the query's vectors
 * blended by their calibrated weights ({@link PoolWeights}) over whole-resume vectors and over
 * chunks, kNN of the whole query and the title (the features the calibration weighs most), a
 * shallow kNN per need, and BM25. Pre-score every gathered resume by the vector features of the
 * final score, computed exactly from its vectors (no texts are read). Load BM25's first hits
 * (lexical features are not pre-scored) and the best by pre-score, {@code pool} in all, for
 * {@link PairScorer}.
 */
final class CandidatePool {

  /** Depth of the blended query's kNN over whole-resume vectors and over chunks. */
  static final int BLEND_WHOLE_K = Integer.getInteger("rolematch.pool.blendWhole", 400);
  static final int BLEND_CHUNK_K = Integer.getInteger("rolematch.pool.blendChunk", 200);

  /** Depth of the whole query's and the title's own kNN (each over whole vectors and chunks). */
  static final int FEATURE_K = Integer.getInteger("rolematch.pool.feature", 50);

  /** Depth of each need's own kNN: shallow, since the blend covers what needs share. */
  static final int NEED_K = Integer.getInteger("rolematch.pool.need", 10);

  static final int BM25_K = 50;

  /** BM25's first hits always scored exactly (the pre-score has no lexical part). */
  static final int BM25_KEPT = Integer.getInteger("rolematch.pool.bm25Kept", 10);

  private CandidatePool() {}

  static List<StoredDocument> candidates(DocumentStore index, QueryProfile q, PoolWeights w, String lexicalText,
      DocKind target, Filters filters, int pool) throws IOException {
    float[] blend = w.blend(q);
    List<Callable<List<Hit>>> searches = new ArrayList<>();
    if (blend != null) {
      searches.add(() -> index.nearestWhole(target, blend, BLEND_WHOLE_K, filters));
      searches.add(() -> index.nearest(target, blend, BLEND_CHUNK_K, filters));
    }
    for (float[] v : new float[][] {q.docVector(), q.titleVector()}) {
      if (v != null && FEATURE_K > 0) {
        searches.add(() -> index.nearestWhole(target, v, FEATURE_K, filters));
        searches.add(() -> index.nearest(target, v, FEATURE_K, filters));
      }
    }
    for (int j = 0; j < q.needs().size() && NEED_K > 0; j++) {
      float[] v = q.needs().get(j).vector();
      if (w.needs()[j] > 0) {
        searches.add(() -> index.nearest(target, v, NEED_K, filters));
      }
    }
    List<Hit> lexical = index.lexical(target, lexicalText, BM25_K, filters);
    Map<String, Hit> gathered = new LinkedHashMap<>();
    for (List<Hit> hits : run(searches)) {
      for (Hit h : hits) {
        gathered.putIfAbsent(h.id(), h);
      }
    }
    for (Hit h : lexical) {
      gathered.putIfAbsent(h.id(), h);
    }
    List<Scored> scored = new ArrayList<>(gathered.size());
    Map<String, HitVectors> vectors = new java.util.HashMap<>();
    for (HitVectors v : index.vectors(new ArrayList<>(gathered.values()))) {
      scored.add(new Scored(v.hit(), prescore(q, w, v)));
      vectors.put(v.hit().id(), v);
    }
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.score).thenComparing(s -> s.hit.id()));
    Map<String, HitVectors> chosen = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(BM25_KEPT, lexical.size()); i++) {
      HitVectors v = vectors.get(lexical.get(i).id());
      if (v != null) { // else no longer stored
        chosen.put(v.hit().id(), v);
      }
    }
    for (int i = 0; i < scored.size() && chosen.size() < pool; i++) {
      chosen.putIfAbsent(scored.get(i).hit.id(), vectors.get(scored.get(i).hit.id()));
    }
    // the vectors just read for the pre-score are not read again (stores that can use them)
    return index.loadWithVectors(new ArrayList<>(chosen.values()));
  }

  private record Scored(Hit hit, double score) {}

  /** The searches, two at a time (stores are thread-safe); results in the order of the searches. */
  private static List<List<Hit>> run(List<Callable<List<Hit>>> searches) throws IOException {
    try {
      return searches.parallelStream().map(c -> {
        try {
          return c.call();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The vector part of the score's logit: weighted MaxSim per need, whole-query and title
   * similarity to the whole resume and to its best chunk (keyword-list limits and lexical features
   * are left to the exact scoring). SIMD dot products ({@link VectorMath}): ranks the pool, stores nothing.
   */
  static double prescore(QueryProfile q, PoolWeights w, HitVectors c) {
    double s = 0;
    List<float[]> chunks = c.chunks();
    for (int j = 0; j < w.needs().length; j++) {
      if (w.needs()[j] > 0) {
        s += w.needs()[j] * best(q.needs().get(j).vector(), chunks);
      }
    }
    s += features(q.docVector(), w.doc(), w.chunk(), c);
    s += features(q.titleVector(), w.title(), w.titleChunk(), c);
    return s;
  }

  private static double features(float[] v, double wholeWeight, double chunkWeight, HitVectors c) {
    if (v == null || wholeWeight + chunkWeight <= 0) {
      return 0;
    }
    double chunk = best(v, c.chunks());
    double whole = c.whole() != null ? VectorMath.dot(v, c.whole()) : chunk;
    return wholeWeight * whole + chunkWeight * chunk;
  }

  private static double best(float[] v, List<float[]> chunks) {
    double best = chunks.isEmpty() ? 0 : -1;
    for (float[] c : chunks) {
      best = Math.max(best, VectorMath.dot(v, c));
    }
    return best;
  }
}
