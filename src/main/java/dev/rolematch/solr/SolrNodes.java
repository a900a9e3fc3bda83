package dev.rolematch.solr;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.response.SimpleSolrResponse;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;

/**
 * The Solr nodes of a target, each through SolrJ's client on the JDK's HTTP client (no Jetty
 * client: it would clash with the server's Jetty). A request goes to one node (round robin) and,
 * when that node cannot be reached or says it is unavailable, to the next: any live node answers
 * for the whole collection, so queries keep working while a node is down. Errors come back in
 * domain words: which hosts, what to do.
 */
final class SolrNodes implements AutoCloseable {

  private final SolrTarget target;
  private final List<SolrClient> clients = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  SolrNodes(SolrTarget target) {
    this.target = target;
    for (String url : target.baseUrls()) {
      clients.add(new HttpJdkSolrClient.Builder(url)
          .useHttp1_1(true)
          .withConnectionTimeout(5, TimeUnit.SECONDS)
          .withRequestTimeout(120, TimeUnit.SECONDS)
          .build());
    }
  }

  SolrTarget target() {
    return target;
  }

  /** Runs a request against the collection on the first node that answers. */
  <T extends org.apache.solr.client.solrj.SolrResponse> NamedList<Object> request(SolrRequest<T> request)
      throws IOException {
    return request(request, target.collection());
  }

  /** As above for another collection (null: a node-level request such as the Collections API). */
  NamedList<Object> request(SolrRequest<?> request, String collection) throws IOException {
    int start = Math.floorMod(next.getAndIncrement(), clients.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      int n = (start + i) % clients.size();
      try {
        return clients.get(n).request(request, collection);
      } catch (SolrServerException e) {
        if (!unreachable(e)) {
          throw new IOException("Solr at " + target.hosts().get(n) + " failed: " + message(e), e);
        }
        failures.add(target.hosts().get(n) + " (" + message(e) + ")");
      } catch (BaseHttpSolrClient.RemoteSolrException e) {
        if (e.code() == 404 && collection != null && isMissingCollection(e)) {
          throw new IllegalStateException("collection '" + collection + "' does not exist on " + target.uri()
              + "; create it first (README, Running on SolrCloud: ./rolematch solr configset, bin/solr zk upconfig,"
              + " then the Collections API CREATE), or check the name in --index");
        }
        if (e.code() == 503 || e.code() == 502 || e.code() == 504) {
          failures.add(target.hosts().get(n) + " (" + message(e) + ")");
          continue; // that node cannot serve now: another one may
        }
        throw new IOException("Solr at " + target.hosts().get(n) + " refused the request for collection '"
            + collection + "': " + message(e), e);
      } catch (IOException e) {
        // connection refused, reset or timed out: that node is down or unreachable; updates are
        // idempotent (a block replaces itself), so the next node may take the request
        failures.add(target.hosts().get(n) + " (" + message(e) + ")");
      } catch (SolrException e) {
        throw new IOException("Solr at " + target.hosts().get(n) + " refused the request for collection '"
            + collection + "': " + message(e), e);
      }
    }
    throw new IOException("no Solr node of " + target.uri() + " answered: " + String.join("; ", failures)
        + ". Is the cluster running and are the hosts in --index right? Queries need one live replica of every"
        + " shard, writes a shard leader: start the stopped nodes, then retry");
  }

  /** Decodes a request's response the way SolrJ's typed responses do. */
  static SimpleSolrResponse response(NamedList<Object> raw) {
    SimpleSolrResponse r = new SimpleSolrResponse();
    r.setResponse(raw);
    return r;
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
          || t instanceof HttpTimeoutException || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof java.net.NoRouteToHostException || t instanceof java.net.UnknownHostException
          || (t instanceof IOException && String.valueOf(t.getMessage()).contains("closed"))) {
        return true;
      }
    }
    return e.getCause() instanceof IOException;
  }

  private static boolean isMissingCollection(Exception e) {
    String m = String.valueOf(e.getMessage());
    return !m.contains("undefined field") && !m.contains("Unknown");
  }

  static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m += ": " + root.getMessage();
    }
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  /**
   * Closes every client. SolrJ's JDK client waits a bounded time for its request pool and then
   * throws; a request still hanging on a node that died is no reason to fail the command that is
   * finishing (or to leave the other clients open), so that is logged and the rest are closed.
   */
  @Override
  public void close() throws IOException {
    for (SolrClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        System.getLogger(SolrNodes.class.getName()).log(System.Logger.Level.WARNING,
            "closing a Solr client: " + e.getMessage());
      }
    }
  }
}
