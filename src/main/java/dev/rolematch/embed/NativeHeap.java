package dev.rolematch.embed;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Hands freed native memory back to the OS after a forward pass. libtorch allocates every
 * activation with glibc's malloc; batches of varying shapes leave freed blocks of varying sizes in
 * malloc's arenas, which glibc keeps (and, past its dynamic mmap threshold, serves large blocks from
 * them too), so a long embedding run's RSS creeps although no tensor outlives its call (tests count
 * them). {@code malloc_trim(0)} returns the free pages of every arena. Lowering the mmap threshold
 * instead gave flat RSS but 2.5× slower batches (a fresh zeroed page for every activation).
 *
 * <p>Linux with glibc only (JNA, which DJL already depends on); elsewhere, or with {@value
 * #PROPERTY}=false, it does nothing.
 */
final class NativeHeap {

  static final String PROPERTY = "rolematch.malloc_trim";

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

  /** Returns free native memory to the OS; a no-op where unavailable. */
  static void trim() {
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
