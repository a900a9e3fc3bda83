package dev.rolematch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop HTTP load on a running rolematch server: C client threads, each sending the next
 * GET of a fixed mix (topic and match queries) as soon as its previous answer arrives, for a
 * fixed time or until a hard cap on requests. Loopback only: this measures the server, not a
 * network, and must never load someone else's host.
 */
public final class ServeBench {

  /** One load level. */
  public record Row(int clients, int requests, double seconds, double requestsPerSec, double p50Ms, double p99Ms,
      int errors) {}

  private ServeBench() {}

  /**
   * Runs one level.
   *
   * @param base e.g. {@code http://127.0.0.1:40123}; must be a loopback address
   * @param paths the request mix (path and query), cycled
   * @param maxRequests hard cap over all clients
   */
  public static Row run(String base, List<String> paths, int clients, Duration duration, int maxRequests)
      throws IOException, InterruptedException {
    URI root = URI.create(base);
    if (!InetAddress.getByName(root.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("bench serve only loads loopback addresses, not " + root.getHost());
    }
    if (clients < 1 || paths.isEmpty() || maxRequests < 1) {
      throw new IllegalArgumentException("need at least one client, one path and one request");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .executor(java.util.concurrent.Executors.newFixedThreadPool(Math.max(2, Math.min(clients, 8)))).build();
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        long[] mine = new long[1024];
        int n = 0;
        try {
          int next = id; // clients start at different points of the mix
          while (System.nanoTime() < deadline) {
            if (issued.incrementAndGet() > maxRequests) {
              break;
            }
            HttpRequest req = HttpRequest.newBuilder(root.resolve(paths.get(next++ % paths.size())))
                .timeout(Duration.ofSeconds(60)).GET().build();
            long t0 = System.nanoTime();
            try {
              HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
              if (r.statusCode() != 200) {
                errors.incrementAndGet();
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            }
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = System.nanoTime() - t0;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          latencies[id] = mine;
          counts[id] = n;
          done.countDown();
        }
      }, "bench-client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    http.close();
    return new Row(clients, total, seconds, total / seconds, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6,
        errors.get());
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%7s %9s %9s %9s %9s %7s%n", "clients", "requests", "req/s", "p50 ms", "p99 ms",
        "errors"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%7d %9d %9.1f %9.1f %9.1f %7d%n", r.clients(), r.requests(),
          r.requestsPerSec(), r.p50Ms(), r.p99Ms(), r.errors()));
    }
    return sb.toString();
  }
}
