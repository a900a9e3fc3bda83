package dev.rolematch.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per index: an OS file lock ({@link FileChannel#tryLock()}) on {@link
 * IndexLayout#writerLock()}, held for the whole run by every process that changes the document
 * index: {@code add}, {@code remove}, {@code demo}, {@code serve} (while it runs) and {@code
 * reindex} (across build and swap, so nothing can be written to the old generation while the new
 * one is built). It is taken by {@link RoleIndex#openForWrite} and released by {@link
 * RoleIndex#close()}; reindex holds it itself ({@link Reindexer}).
 *
 * <p>Read-only openers (queries, {@code stats}, {@code check}, {@code refresh}, which reads the
 * documents and writes only the scores store under its own {@code refresh.lock}) never take it and
 * run while a writer holds it. The lock file is distinct from Lucene's {@code write.lock} inside a
 * generation: Lucene's lock belongs to one generation, this one to the whole index, including the
 * generation switch.
 *
 * <p>The OS drops the lock when the holder dies ({@code kill -9} leaves no stale lock); the file
 * stays and records who holds it ({@code pid N, rolematch serve, since T}) for the message of a
 * second writer, which is refused at once, never kept waiting. A second acquisition in the same JVM
 * is refused too ({@link OverlappingFileLockException}).
 */
public final class IndexWriteLock implements AutoCloseable {

  private static volatile String processCommand = "rolematch";

  private final FileChannel channel;
  private final FileLock lock;

  private IndexWriteLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** What this process is, for the holder record (set once by the CLI, e.g. "rolematch serve"). */
  public static void setProcessCommand(String command) {
    if (command != null && !command.isBlank()) {
      processCommand = command.strip();
    }
  }

  /** Takes the lock or throws {@link IndexBusyException} at once (never waits). */
  public static IndexWriteLock acquire(IndexLayout layout) throws IOException {
    Files.createDirectories(layout.root());
    FileChannel ch = FileChannel.open(layout.writerLock(),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      String holder = holder(ch);
      ch.close();
      throw new IndexBusyException("the index at " + layout.root().toAbsolutePath()
          + " is being written by another rolematch process"
          + (holder.isEmpty() ? "" : " (" + holder + ")")
          + "; wait for it to finish or stop it, then retry (queries work meanwhile)");
    }
    try {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + processCommand + ", since "
          + Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
    } catch (IOException | RuntimeException e) {
      l.release();
      ch.close();
      throw e;
    }
    return new IndexWriteLock(ch, l);
  }

  /** Who holds the lock of this index, as recorded in its file ("" when unknown). */
  public static String holder(IndexLayout layout) {
    try (FileChannel ch = FileChannel.open(layout.writerLock(), StandardOpenOption.READ)) {
      return holder(ch);
    } catch (IOException e) {
      return "";
    }
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(300);
      int n = ch.read(b, 0);
      return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
