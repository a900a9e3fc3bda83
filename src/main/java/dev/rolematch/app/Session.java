package dev.rolematch.app;

import dev.rolematch.index.WritableStore;
import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.pipeline.Stores;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.Taxonomy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** An open index with the embedder that built it and a matcher over both. */
public final class Session implements Closeable {

  /** Model for new indexes: the one that wins on external labels (eval calibrate / eval regressions; README, Quality). */
  public static final String DEFAULT_MATCH_MODEL = "bge-small-en-v1.5";

  public final DocumentStore index;
  public final TransformerEmbedder embedder;
  public final Matcher matcher;
  private final WritableStore writable; // null: opened for queries

  private Session(DocumentStore index, WritableStore writable, TransformerEmbedder embedder, Matcher matcher) {
    this.index = index;
    this.writable = writable;
    this.embedder = embedder;
    this.matcher = matcher;
  }

  /** The store to add to and remove from: a session opened with {@link #forWrites}. */
  public WritableStore writer() {
    if (writable == null) {
      throw new IllegalStateException("this session was opened for queries; writes need Session.forWrites");
    }
    return writable;
  }

  /** The model to use: the one asked for, else the index's, else the default. */
  public static String modelFor(IndexLayout layout, String requested) throws IOException {
    if (requested != null) {
      return requested;
    }
    Optional<IndexInfo> info = StoreChoice.peek(layout);
    return info.map(IndexInfo::modelId).orElse(DEFAULT_MATCH_MODEL);
  }

  /** Read-only session on the last commit (queries; safe while another process writes). */
  public static Session forQueries(IndexLayout layout, String model, String device) throws IOException {
    DocumentStore index = StoreChoice.openForRead(layout);
    try {
      TransformerEmbedder e = Embedders.open(
          Home.modelCatalog().resolve(model != null ? model : index.info().modelId()), DeviceChoice.parse(device));
      try {
        Stores.requireModel(index.info(), e.identity(), index.describe());
        return new Session(index, null, e, matcher(index, e));
      } catch (RuntimeException ex) {
        e.close();
        throw ex;
      }
    } catch (RuntimeException | IOException ex) {
      index.close();
      throw ex;
    }
  }

  /**
   * Writing session (add, remove, demo, serve): holds the index's writer lock until closed. The
   * lock is taken before the model loads, so a second writer is refused at once.
   */
  public static Session forWrites(IndexLayout layout, String model, String device, boolean quantize)
      throws IOException {
    IndexWriteLock lock = IndexWriteLock.acquire(layout);
    TransformerEmbedder e;
    try {
      e = Embedders.open(Home.modelCatalog().resolve(modelFor(layout, model)), DeviceChoice.parse(device));
    } catch (RuntimeException | IOException ex) {
      lock.close();
      throw ex;
    }
    try {
      WritableStore index = StoreChoice.openForWrite(layout,
          Stores.wanted(e.identity(), quantize, e.descriptor().normalize()), lock);
      try {
        return new Session(index, index, e, matcher(index, e));
      } catch (RuntimeException | IOException ex) {
        index.close(); // releases the writer lock
        throw ex;
      }
    } catch (RuntimeException | IOException ex) {
      e.close();
      throw ex;
    }
  }

  static Matcher matcher(DocumentStore index, TransformerEmbedder e) throws IOException {
    Calibration cal = Calibration.load(Home.calibrationDir(), e.identity().id());
    if (!cal.isCalibrated()) {
      System.err.println("rolematch: model '" + e.identity().id() + "' has no usable calibration in "
          + Home.calibrationDir() + " (" + cal.source() + "); scores use fixed fallback weights (fit them with"
          + " ./rolematch eval calibrate --model " + e.identity().id() + ")");
    }
    return new Matcher(index, e, cal, Taxonomy.load(Home.taxonomyFile()));
  }

  /** The rolematch home, {@link Home#dir()}. */
  public static Path home() {
    return Home.dir();
  }

  @Override
  public void close() throws IOException {
    try {
      index.close();
    } finally {
      embedder.close();
    }
  }
}
