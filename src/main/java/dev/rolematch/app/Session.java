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
import dev.rolematch.match.Matcher;
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
  private final WritableStore writable; // null: opened for queries
  private final Taxonomy taxonomy;
  /** Replaced whole by {@link #reloadCalibration}: a query in flight keeps the matcher it started with. */
  private volatile Scoring scoring;

  private record Scoring(Matcher matcher, CalibrationInUse calibration) {}

  private Session(DocumentStore index, WritableStore writable, TransformerEmbedder embedder) throws IOException {
    this.index = index;
    this.writable = writable;
    this.embedder = embedder;
    this.taxonomy = Taxonomy.load(Home.taxonomyFile());
    this.scoring = scoring(true);
  }

  /** The matcher over this index, with the calibration in use now. */
  public Matcher matcher() {
    return scoring.matcher();
  }

  /** The calibration the matcher uses, and where it came from. */
  public CalibrationInUse calibration() {
    return scoring.calibration();
  }

  /**
   * Re-reads the index's calibration (after a feedback refit wrote it) and swaps the matcher;
   * queries already running finish with the old one. Returns the calibration now in use.
   */
  public synchronized CalibrationInUse reloadCalibration() throws IOException {
    scoring = scoring(false);
    return scoring.calibration();
  }

  private Scoring scoring(boolean warn) throws IOException {
    String model = embedder.identity().id();
    CalibrationInUse in = CalibrationInUse.forIndex(index.layout(), model);
    if (warn && in.note() != null) {
      System.err.println("rolematch: " + in.note());
    }
    if (warn && !in.calibration().isCalibrated()) {
      System.err.println("rolematch: model '" + model + "' has no usable calibration in "
          + Home.calibrationDir() + " (" + in.calibration().source() + "); scores use fixed fallback weights (fit"
          + " them with ./rolematch eval calibrate --model " + model + ")");
    }
    return new Scoring(new Matcher(index, embedder, in.calibration(), taxonomy), in);
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
        return new Session(index, null, e);
      } catch (RuntimeException | IOException ex) {
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
        return new Session(index, index, e);
      } catch (RuntimeException | IOException ex) {
        index.close(); // releases the writer lock
        throw ex;
      }
    } catch (RuntimeException | IOException ex) {
      e.close();
      throw ex;
    }
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
