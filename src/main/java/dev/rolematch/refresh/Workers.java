package dev.rolematch.refresh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task per item on a fixed pool of daemon threads; the first failure is rethrown as it was. */
final class Workers {
  private Workers() {}

  @FunctionalInterface
  interface Task<T> {
    void run(T item) throws IOException;
  }

  static <T> void runAll(List<T> items, int threads, Task<T> task) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, items.size())), r -> {
      Thread t = new Thread(r, "refresh-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          task.run(item);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("refresh interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }
}
