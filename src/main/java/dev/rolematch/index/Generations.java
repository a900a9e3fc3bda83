package dev.rolematch.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The generation switch of {@link IndexLayout}: the next generation's name, the atomic pointer
 * update and the removal of generations that are no longer current. Everything here that changes
 * the disk runs under the {@link IndexWriteLock}.
 */
public final class Generations {
  private Generations() {}

  /** A name for a new generation: one past the highest on disk (current or leftover). */
  public static String next(IndexLayout layout) throws IOException {
    int max = IndexLayout.generationNumber(layout.currentGeneration());
    if (Files.isDirectory(layout.root())) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.root())) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (IndexLayout.isGeneration(n)) {
            max = Math.max(max, IndexLayout.generationNumber(n));
          }
        }
      }
    }
    return IndexLayout.generationName(max + 1);
  }

  /**
   * Makes {@code generation} current: its name goes to {@code CURRENT.tmp}, which is fsynced and
   * renamed over {@code CURRENT} with an atomic move, then the folder is fsynced so the rename is
   * durable. A crash before the rename leaves the old pointer (or none), after it the new one.
   */
  public static void publish(IndexLayout layout, String generation) throws IOException {
    if (!IndexLayout.isGeneration(generation)) {
      throw new IllegalArgumentException("not a generation name: " + generation);
    }
    Path tmp = layout.root().resolve(IndexLayout.POINTER_TMP);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap((generation + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, layout.pointer(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(layout.root());
  }

  /**
   * Deletes every generation folder that is not current (a crashed reindex's half-built one, or
   * the previous one whose deletion was interrupted) and a leftover {@code CURRENT.tmp}. Only
   * under the writer lock: no reindex can be building then. Best effort: what cannot be deleted
   * now is tried again by the next writer.
   */
  public static void removeStale(IndexLayout layout) {
    if (!Files.isDirectory(layout.root())) {
      return;
    }
    String current;
    try {
      current = layout.currentGeneration();
    } catch (RuntimeException e) {
      return; // a damaged pointer: delete nothing
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.root())) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (IndexLayout.isGeneration(n) && !n.equals(current) && Files.isDirectory(p)) {
          deleteTree(p);
        }
      }
      Files.deleteIfExists(layout.root().resolve(IndexLayout.POINTER_TMP));
    } catch (IOException | RuntimeException ignored) {
      // left for the next writer
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not every platform can open or sync a directory; the rename itself is atomic
    }
  }

  /** Deletes a file or a folder and everything in it; nothing when it is not there. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
