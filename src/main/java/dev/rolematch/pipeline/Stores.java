package dev.rolematch.pipeline;

import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.index.IndexInfo;

/** The store settings for a model: the one place a model's identity becomes what a store records. */
public final class Stores {
  private Stores() {}

  /** What a store built by this model records (not blind: the first add decides). */
  public static IndexInfo wanted(ModelIdentity model, boolean quantize, boolean normalized) {
    return new IndexInfo(model.id(), model.fingerprint(), model.dimension(), quantize, normalized, false);
  }

  public static IndexInfo wanted(ModelIdentity model, boolean quantize) {
    return wanted(model, quantize, true);
  }

  /** Refuses a store built by another model ({@link dev.rolematch.index.IndexMismatchException}). */
  public static void requireModel(IndexInfo onDisk, ModelIdentity model, String where) {
    onDisk.requireModel(model.id(), model.fingerprint(), where);
  }
}
