package dev.rolematch.embed;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Hands freed native memory back to the OS after a forward pass. libtorch allocates every
 * activation with glibc's malloc; batches of varying shapes leave freed blocks of varying sizes in
 * malloc's arenas, which glibc keeps (and, past its dynamic mmap threshold, serves large blocks from
 * them too), so a long embedding run's RSS creeps although no tensor outlives its call (tests count
 * them). {@code malloc_trim(0)} returns the free pages of every arena. It runs at most once every
 * {@value #INTERVAL_MS} ms: trimmed pages must be faulted in (and zeroed) again by the next batch,
 * which after every batch cost half the fused encoder's throughput on an idle machine (MiniLM,
 * batch 32: 101 vs 125 sentences/s; int8 166 vs 378). Lowering the mmap threshold instead gave
 * flat RSS but 2.5× slower batches for the same reason.
 *
 * <p>Linux with glibc only (JNA, which DJL already depends on); elsewhere, or with {@value
 * #PROPERTY}=false, it does nothing.
 */
public final class NativeHeap {

  static final String PROPERTY = "rolematch.malloc_trim";

  /** Least time between two trims. */
  static final long INTERVAL_MS = 5000;

  private static final java.util.concurrent.atomic.AtomicLong lastTrim =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  /** glibc's malloc_trim: returns 1 if memory was released. */
  interface LibC extends Library {
    int malloc_trim(long pad);
  }

  private static volatile LibC libc = load();

  private NativeHeap() {}

  private static LibC load() {
    if (!Platform.isLinux() || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return null;
    }
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** Whether trimming is in effect on this platform. */
  static boolean available() {
    return libc != null;
  }

  /**
   * Returns free native memory to the OS if the last trim is {@value #INTERVAL_MS} ms old (one
   * caller wins); a no-op where unavailable.
   */
  static void trimNow() {
    long now = System.nanoTime();
    long last = lastTrim.get();
    if (now - last >= INTERVAL_MS * 1_000_000L && lastTrim.compareAndSet(last, now)) {
      trim();
    }
  }

  /** Returns free native memory to the OS now; a no-op where unavailable. */
  public static void trim() {
    LibC c = libc;
    if (c == null) {
      return;
    }
    try {
      c.malloc_trim(0);
    } catch (UnsatisfiedLinkError e) {
      libc = null; // a libc without malloc_trim (musl): stop trying
    }
  }
}
