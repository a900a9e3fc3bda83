package dev.rolematch.pipeline;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.Generations;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.embed.Embedder;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.SourceDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rebuilds the document index with another model from the stored texts, as a new generation (see
 * {@link IndexLayout}), under the index's {@link IndexWriteLock} from the first read to the switch:
 * no add, remove or server can write to the old generation while the new one is built, so nothing
 * written meanwhile is lost by the switch. Queries keep reading the old generation until the
 * pointer moves.
 *
 * <p>Steps: lock → read every stored document → build {@code docs-<n+1>/} (committed, closed) →
 * atomic pointer switch → delete the old generation → unlock. A crash before the switch leaves
 * the old generation current (the half-built one is deleted by the next writer); after it, the
 * new one (the old one is deleted by the next writer).
 */
public final class Reindexer {

  /** Where a run is, for tests that simulate a crash between steps. */
  public enum Step { LOCKED, BUILT, SWITCHED, DONE }

  /** Test hook: called after each step; throwing from it simulates a crash at that point. */
  @FunctionalInterface
  public interface Hook {
    void after(Step step) throws IOException;
  }

  public record Result(int documents, String fromModel, String toModel, String generation, List<String> warnings) {}

  /** Lucene's default indexing buffer (MB): a reindex writes one generation in one pass. */
  private static final double BULK_RAM_BUFFER_MB = 16;

  private Reindexer() {}

  public static Result run(IndexLayout layout, Embedder embedder, boolean normalized, int chunkTokens,
      Consumer<String> progress) throws IOException {
    return run(layout, embedder, normalized, chunkTokens, progress, step -> {});
  }

  public static Result run(IndexLayout layout, Embedder embedder, boolean normalized, int chunkTokens,
      Consumer<String> progress, Hook hook) throws IOException {
    if (!RoleIndex.exists(layout)) {
      RoleIndex.openForRead(layout).close(); // throws the "no index" message
    }
    return run(layout, IndexWriteLock.acquire(layout), embedder, normalized, chunkTokens, progress, hook);
  }

  /**
   * As above with the writer lock already taken by the caller (before loading the model); the run
   * releases it when done, also when it fails.
   */
  public static Result run(IndexLayout layout, IndexWriteLock held, Embedder embedder, boolean normalized,
      int chunkTokens, Consumer<String> progress, Hook hook) throws IOException {
    try (IndexWriteLock lock = held) {
      Generations.removeStale(layout);
      hook.after(Step.LOCKED);
      List<StoredDocument> docs = new ArrayList<>();
      IndexInfo old;
      String oldGeneration = layout.currentGeneration();
      try (RoleIndex r = RoleIndex.openForRead(layout)) {
        old = r.info();
        docs.addAll(r.all(DocKind.POSTING, false));
        docs.addAll(r.all(DocKind.RESUME, false));
      }
      String generation = Generations.next(layout);
      Path target = layout.root().resolve(generation);
      List<String> warnings = new ArrayList<>();
      try (RoleIndexWriter next = RoleIndexWriter.openGeneration(layout, target,
          Stores.wanted(embedder.identity(), old.quantize(), normalized), BULK_RAM_BUFFER_MB)) {
        next.requireBlind(old.blind()); // a blind index stays blind
        Indexer indexer = new Indexer(next, embedder, chunkTokens);
        int n = 0;
        for (StoredDocument d : docs) {
          SourceDocument src = new SourceDocument(d.id(), d.kind(), d.title(), d.source(), d.text(), d.metadata(),
              List.of(), d.flags());
          // Every stored document is carried over, even a legacy posting with nothing to match.
          StoredDocument embedded = indexer.embed(src, Indexer.sha256(d.text()), true);
          warnings.addAll(embedded.warnings());
          next.upsert(embedded);
          if (++n % Indexer.COMMIT_EVERY == 0) {
            next.commit();
            progress.accept("reindexed " + n + "/" + docs.size());
          }
        }
        next.commit();
      }
      hook.after(Step.BUILT);
      Generations.publish(layout, generation);
      hook.after(Step.SWITCHED);
      try {
        Generations.deleteTree(layout.root().resolve(oldGeneration));
      } catch (IOException e) {
        warnings.add("could not delete the previous generation " + oldGeneration + " (" + e.getMessage()
            + "); the next writer removes it");
      }
      hook.after(Step.DONE);
      return new Result(docs.size(), old.modelId(), embedder.identity().id(), generation, warnings);
    }
  }
}
