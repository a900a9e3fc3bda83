package dev.rolematch.refresh;

import dev.rolematch.index.IndexLayout;
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

  private final FileChannel channel;
  private final FileLock lock;

  private RefreshLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or throws {@link RefreshBusyException} at once (never waits). */
  public static RefreshLock acquire(IndexLayout layout) throws IOException {
    Files.createDirectories(layout.root());
    FileChannel ch = FileChannel.open(layout.refreshLock(),
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
      throw new RefreshBusyException("another refresh is running on " + layout.root().toAbsolutePath()
          + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish, then run again");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started " + Instant.now())
        .getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(false);
    return new RefreshLock(ch, l);
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(200);
      int n = ch.read(b, 0);
      return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
