package dev.rolematch.refresh;

import dev.rolematch.index.HolderFileLock;
import dev.rolematch.index.IndexLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.time.Instant;

/**
 * One refresh per index at a time: an OS file lock ({@link FileChannel#tryLock()}) on {@link
 * IndexLayout#refreshLock()}. The operating system drops the lock when the holding process dies,
 * so a run killed with {@code kill -9} never leaves a stale lock behind; the file itself stays
 * (deleting lock files races with the next locker) and only records who holds it, for the message.
 *
 * <p>A second acquisition in the same JVM is refused too ({@link OverlappingFileLockException}).
 *
 * <p>Relation to the index's writer lock ({@link dev.rolematch.index.IndexWriteLock}): refresh
 * never writes the document index (it reads its last commit and writes only {@code scores/}), so
 * it takes this lock only and runs beside a writer; the writer lock guards the documents, this one
 * the scores store. A server refresh runs inside the server, which holds both.
 */
public final class RefreshLock implements AutoCloseable {

  private final HolderFileLock lock;

  private RefreshLock(HolderFileLock lock) {
    this.lock = lock;
  }

  /** Takes the lock or throws {@link RefreshBusyException} at once (never waits). */
  public static RefreshLock acquire(IndexLayout layout) throws IOException {
    String me = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
    return HolderFileLock.tryAcquire(layout.refreshLock(), me).map(RefreshLock::new).orElseThrow(() -> {
      String holder = HolderFileLock.holder(layout.refreshLock());
      return new RefreshBusyException("another refresh is running on " + layout.root().toAbsolutePath()
          + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish, then run again");
    });
  }

  @Override
  public void close() throws IOException {
    lock.close();
  }
}
