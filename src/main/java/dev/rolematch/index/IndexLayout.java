package dev.rolematch.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where an index lives: one root folder holding the Lucene index of documents (the current
 * <em>generation</em>, see below), the scores store of batch refresh ({@code scores/}), the
 * writer lock ({@code writer.lock}, see {@link IndexWriteLock}) and the refresh lock. The root is
 * {@code --index DIR}, else {@code $ROLEMATCH_INDEX}, else {@code rolematch-index/} under the
 * working directory.
 *
 * <p>Generations: {@code reindex} builds a complete new document index beside the current one
 * ({@code docs-<n>/}) and then switches to it by replacing the small pointer file {@code CURRENT}
 * (written to {@code CURRENT.tmp}, fsynced, renamed over {@code CURRENT} with an atomic move). Every
 * opener reads the pointer, so a crash at any moment leaves either the old or the new complete
 * generation current, never neither. Without a pointer the generation is {@code docs/}: indexes
 * made before generations existed, and every index until its first reindex.
 */
public record IndexLayout(Path root) {

  public static final String DEFAULT_DIR = "rolematch-index";

  /** The generation of an index with no pointer file (also the layout of older versions). */
  public static final String LEGACY_DOCS = "docs";

  static final String POINTER = "CURRENT";
  static final String POINTER_TMP = "CURRENT.tmp";
  private static final Pattern GENERATION = Pattern.compile("docs(-[0-9]{1,9})?");

  public static IndexLayout resolve(Path option) {
    if (option != null) {
      return new IndexLayout(option);
    }
    String env = System.getenv("ROLEMATCH_INDEX");
    return new IndexLayout(Path.of(env != null && !env.isBlank() ? env : DEFAULT_DIR));
  }

  /** The current generation of the document index (read from the pointer file each time). */
  public Path docs() {
    return root.resolve(currentGeneration());
  }

  /** The folder name of the current generation: the pointer's content, else {@code docs}. */
  public String currentGeneration() {
    String name;
    try {
      name = Files.readString(pointer(), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return LEGACY_DOCS;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pointer() + ": " + e.getMessage(), e);
    }
    if (!isGeneration(name)) {
      throw new IllegalStateException("index damaged: " + pointer() + " names '" + name
          + "', not a document generation (docs or docs-N); run ./rolematch check --index " + root);
    }
    return name;
  }

  /** Whether a folder name is a document generation ({@code docs} or {@code docs-<n>}). */
  public static boolean isGeneration(String name) {
    return GENERATION.matcher(name).matches();
  }

  /** The number of a generation folder: 0 for {@code docs}, n for {@code docs-<n>}. */
  public static int generationNumber(String name) {
    return name.equals(LEGACY_DOCS) ? 0 : Integer.parseInt(name.substring(LEGACY_DOCS.length() + 1));
  }

  public static String generationName(int n) {
    return n == 0 ? LEGACY_DOCS : LEGACY_DOCS + "-" + n;
  }

  /** The pointer file naming the current generation (absent: {@code docs}). */
  public Path pointer() {
    return root.resolve(POINTER);
  }

  public Path scores() {
    return root.resolve("scores");
  }

  /** Recruiter feedback (an append-only log): outside every generation, so reindex keeps it. */
  public Path feedback() {
    return root.resolve("feedback");
  }

  /**
   * This index's own calibration ({@code <model>.json}, written by a feedback refit): used instead
   * of the shipped one when present; outside every generation, so reindex keeps it.
   */
  public Path calibration() {
    return root.resolve("calibration");
  }

  public Path refreshLock() {
    return root.resolve("refresh.lock");
  }

  /** The one-writer lock of the whole index (distinct from Lucene's own {@code write.lock}). */
  public Path writerLock() {
    return root.resolve("writer.lock");
  }
}
