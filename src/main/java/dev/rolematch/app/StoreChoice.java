package dev.rolematch.app;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.WritableStore;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.solr.SolrStore;
import dev.rolematch.solr.SolrTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which backend an {@code --index} value names, and the store it opens: a folder is the embedded
 * Lucene index (the default); {@code solr://HOST:PORT[,HOST:PORT...]/COLLECTION} is a SolrCloud
 * collection. A Solr collection has a local state folder ({@code --state DIR}, default
 * {@code ./rolematch-solr-COLLECTION/}) for what stays on the machine running rolematch: refresh's
 * scores store and the writer and refresh locks. The state folder records its collection in
 * {@value #BINDING}, so that the commands which only know a layout (refresh, scores, export) open
 * the same collection, and a state folder is never shared by two collections.
 */
public final class StoreChoice {
  private StoreChoice() {}

  /** The file in a state folder that names its Solr collection. */
  public static final String BINDING = "solr-collection.txt";

  /** The layout for an {@code --index} value (null: the default folder) and an optional {@code --state}. */
  public static IndexLayout layout(String index, Path state) {
    if (!SolrTarget.isSolr(index)) {
      if (state != null) {
        throw new IllegalArgumentException("--state is for a SolrCloud --index (solr://...); an index folder keeps"
            + " its own state");
      }
      return IndexLayout.resolve(index == null ? null : Path.of(index));
    }
    SolrTarget target = SolrTarget.parse(index);
    IndexLayout layout = new IndexLayout(state != null ? state : Path.of("rolematch-solr-" + target.collection()));
    try {
      Optional<SolrTarget> bound = target(layout);
      if (bound.isPresent() && !bound.get().collection().equals(target.collection())) {
        throw new IllegalArgumentException("the state folder " + layout.root() + " belongs to collection '"
            + bound.get().collection() + "', not '" + target.collection() + "'; give another --state DIR");
      }
      if (bound.isEmpty() || !bound.get().equals(target)) {
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve(BINDING), target.uri() + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state folder " + layout.root() + ": " + e.getMessage(), e);
    }
    return layout;
  }

  /** The Solr collection a layout's state folder belongs to; empty for an embedded index. */
  public static Optional<SolrTarget> target(IndexLayout layout) throws IOException {
    Path f = layout.root().resolve(BINDING);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(SolrTarget.parse(Files.readString(f, StandardCharsets.UTF_8).strip()));
  }

  public static boolean isSolr(IndexLayout layout) throws IOException {
    return target(layout).isPresent();
  }

  /** Where the store is, for output: the collection's {@code solr://} value or the index folder. */
  public static String where(IndexLayout layout) throws IOException {
    Optional<SolrTarget> t = target(layout);
    return t.isPresent() ? t.get().uri() : layout.root().toAbsolutePath().toString();
  }

  /** Which model built the store, without opening it; empty when there is none yet. */
  public static Optional<IndexInfo> peek(IndexLayout layout) throws IOException {
    Optional<SolrTarget> t = target(layout);
    return t.isPresent() ? SolrStore.peek(t.get()) : RoleIndex.peek(layout);
  }

  /** Whether there is a store to read (an index folder, or a collection with a rolematch record). */
  public static boolean exists(IndexLayout layout) throws IOException {
    return target(layout).isPresent() ? peek(layout).isPresent() : RoleIndex.exists(layout);
  }

  public static DocumentStore openForRead(IndexLayout layout) throws IOException {
    Optional<SolrTarget> t = target(layout);
    return t.isPresent() ? SolrStore.openForRead(t.get(), layout) : RoleIndex.openForRead(layout);
  }

  /** Opens for writing while the caller holds the layout's writer lock (released on close, or here on failure). */
  public static WritableStore openForWrite(IndexLayout layout, IndexInfo wanted, IndexWriteLock lock)
      throws IOException {
    Optional<SolrTarget> t = target(layout);
    if (t.isEmpty()) {
      return RoleIndexWriter.open(layout, wanted, RoleIndexWriter.DEFAULT_RAM_BUFFER_MB, lock);
    }
    return SolrStore.openForWrite(t.get(), layout, wanted, lock);
  }

  /** Refuses a command that only the embedded index has, naming what to do instead. */
  public static void requireEmbedded(IndexLayout layout, String command, String instead) throws IOException {
    Optional<SolrTarget> t = target(layout);
    if (t.isPresent()) {
      throw new IllegalArgumentException(command + " works on an embedded index folder, not on SolrCloud ("
          + t.get().uri() + "); " + instead);
    }
  }
}
