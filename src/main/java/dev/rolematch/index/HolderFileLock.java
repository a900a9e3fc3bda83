package dev.rolematch.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The mechanism under rolematch's process locks ({@link IndexWriteLock}, the refresh lock): an OS
 * file lock ({@link FileChannel#tryLock()}) that is never waited for, dropped by the OS when its
 * holder dies (so {@code kill -9} leaves no stale lock), on a file that stays and records who holds
 * it, for the refusal message. A second acquisition in the same JVM is refused too.
 */
public final class HolderFileLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private HolderFileLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} and writes {@code holder} into it, or returns empty at once
   * when another process (or this JVM) holds it.
   */
  public static Optional<HolderFileLock> tryAcquire(Path file, String holder) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
      ch.close();
      return Optional.empty();
    }
    try {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
    } catch (IOException | RuntimeException e) {
      l.release();
      ch.close();
      throw e;
    }
    return Optional.of(new HolderFileLock(ch, l));
  }

  /** Who holds the lock, as recorded in its file ("" when unknown or no file). */
  public static String holder(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
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
