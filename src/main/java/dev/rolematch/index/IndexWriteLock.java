package dev.rolematch.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
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

  private final HolderFileLock lock;

  private IndexWriteLock(HolderFileLock lock) {
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
    String me = "pid " + ProcessHandle.current().pid() + ", " + processCommand + ", since " + Instant.now();
    return HolderFileLock.tryAcquire(layout.writerLock(), me).map(IndexWriteLock::new).orElseThrow(() -> {
      String holder = holder(layout);
      return new IndexBusyException("the index at " + layout.root().toAbsolutePath()
          + " is being written by another rolematch process"
          + (holder.isEmpty() ? "" : " (" + holder + ")")
          + "; wait for it to finish or stop it, then retry (queries work meanwhile)");
    });
  }

  /** Who holds the lock of this index, as recorded in its file ("" when unknown). */
  public static String holder(IndexLayout layout) {
    return HolderFileLock.holder(layout.writerLock());
  }

  @Override
  public void close() throws IOException {
    lock.close();
  }
}
