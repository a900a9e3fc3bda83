package dev.rolematch.feedback;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Recruiter feedback, durable: an append-only log ({@code feedback.jsonl}, see {@link FeedbackLog})
 * in its own folder at the index root, beside the document generations and the scores store, so
 * {@code refresh} and {@code reindex} never touch it. Every change is written and fsynced before
 * the call returns, so what a caller was told is stored survives {@code kill -9} and power loss;
 * an interrupted append is dropped whole on the next open. The current state (the latest verdict
 * per user, query and candidate) is held in memory; the log is compacted on open once it holds
 * mostly superseded lines.
 *
 * <p>One writer at a time: the server, which holds the index's writer lock. Readers ({@link
 * #read}) may read while it appends.
 */
public final class FeedbackStore implements Closeable {

  public static final String FILE = "feedback.jsonl";

  /** Compact on open when the log has this many lines more than twice the live entries. */
  static final int COMPACT_SLACK = 1000;

  private final Path file;
  private final FileChannel channel;
  private final Map<String, Feedback> current = new LinkedHashMap<>();
  private long size;

  private FeedbackStore(Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  /** Opens (creating) the store in {@code dir} for writing; drops an interrupted append's tail. */
  public static FeedbackStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FeedbackLog.Replay replay = FeedbackLog.replay(file);
    Map<String, Feedback> state = apply(replay.changes());
    if (replay.lines() > 2 * state.size() + COMPACT_SLACK) {
      compact(dir, file, state);
      replay = FeedbackLog.replay(file);
    }
    boolean created = !Files.exists(file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (ch.size() > replay.committedBytes()) {
        ch.truncate(replay.committedBytes()); // the torn or uncommitted tail of a crash
        ch.force(true);
      }
      if (created) {
        fsyncDirectory(dir);
      }
      FeedbackStore s = new FeedbackStore(file, ch, replay.committedBytes());
      s.current.putAll(state);
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The committed feedback in {@code dir} without opening it for writing (empty if none). */
  public static List<Feedback> read(Path dir) throws IOException {
    return List.copyOf(apply(FeedbackLog.replay(dir.resolve(FILE)).changes()).values());
  }

  /** Stores the verdicts (each replaces the same user's earlier one on that query and candidate). */
  public synchronized void put(List<Feedback> items) throws IOException {
    List<FeedbackLog.Change> batch = new ArrayList<>(items.size());
    for (Feedback f : items) {
      batch.add(FeedbackLog.Change.put(f));
    }
    append(batch);
  }

  /** Withdraws feedback; returns how many of the keys had any. */
  public synchronized int delete(List<FeedbackKey> keys) throws IOException {
    List<FeedbackLog.Change> batch = new ArrayList<>();
    for (FeedbackKey k : keys) {
      if (current.containsKey(k.identity())) {
        batch.add(FeedbackLog.Change.delete(k));
      }
    }
    if (!batch.isEmpty()) {
      append(batch);
    }
    return batch.size();
  }

  /** The current verdicts that pass {@code filter}, oldest change first. */
  public synchronized List<Feedback> list(Predicate<Feedback> filter) {
    return current.values().stream().filter(filter).toList();
  }

  public synchronized int size() {
    return current.size();
  }

  /** Written, fsynced, then applied: memory never holds what the disk might not. */
  private void append(List<FeedbackLog.Change> batch) throws IOException {
    if (!channel.isOpen()) {
      throw new IOException("the feedback store at " + file + " is closed");
    }
    ByteBuffer buf = ByteBuffer.wrap(FeedbackLog.encode(batch));
    try {
      channel.position(size);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(size); // a half-written batch must not sit under the next one
      } catch (IOException ignored) {
        // replay drops an uncommitted tail anyway
      }
      throw new IOException("could not store feedback in " + file + ": " + e.getMessage(), e);
    }
    size = channel.position();
    applyTo(current, batch);
  }

  private static Map<String, Feedback> apply(List<FeedbackLog.Change> changes) {
    Map<String, Feedback> state = new LinkedHashMap<>();
    applyTo(state, changes);
    return state;
  }

  private static void applyTo(Map<String, Feedback> state, List<FeedbackLog.Change> changes) {
    for (FeedbackLog.Change c : changes) {
      String id = c.key().identity();
      state.remove(id); // a re-given verdict moves to the end: order is order of the last change
      if (c.put() != null) {
        state.put(id, c.put());
      }
    }
  }

  /** Rewrites the log with the live entries only: temp file, fsync, atomic rename, fsync folder. */
  private static void compact(Path dir, Path file, Map<String, Feedback> state) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    List<FeedbackLog.Change> all = state.values().stream().map(FeedbackLog.Change::put).toList();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(FeedbackLog.encode(all));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(dir);
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not every platform can sync a directory
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
