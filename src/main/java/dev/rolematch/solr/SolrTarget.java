package dev.rolematch.solr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a SolrCloud collection is: {@code solr://HOST:PORT[,HOST:PORT...]/COLLECTION} (Solr
 * nodes over HTTP, web context {@code /solr}); {@code solrs://} for HTTPS. Any node answers for the
 * whole collection (SolrCloud routes queries to the shards and updates to the leaders), so the
 * list is only for failover: list every node, or a load balancer.
 */
public record SolrTarget(List<String> hosts, String collection, boolean https) {

  public static final String SCHEME = "solr://";
  public static final String SECURE_SCHEME = "solrs://";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9._\\-]{1,100}");

  /** Whether an {@code --index} value names a Solr collection rather than a folder. */
  public static boolean isSolr(String index) {
    return index != null && (index.startsWith(SCHEME) || index.startsWith(SECURE_SCHEME));
  }

  /** Parses {@code solr://h1:8983,h2:8983/collection}; a malformed value is an {@link IllegalArgumentException} saying why. */
  public static SolrTarget parse(String index) {
    boolean https = index.startsWith(SECURE_SCHEME);
    String rest = index.substring(https ? SECURE_SCHEME.length() : SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("--index " + index + " names no collection; write solr://HOST:PORT[,HOST:PORT...]/COLLECTION");
    }
    String collection = rest.substring(slash + 1);
    if (!COLLECTION.matcher(collection).matches()) {
      throw new IllegalArgumentException("--index " + index + ": '" + collection
          + "' is not a collection name (letters, digits, '.', '_', '-')");
    }
    List<String> hosts = new ArrayList<>();
    for (String h : rest.substring(0, slash).split(",")) {
      if (!HOST.matcher(h.strip()).matches()) {
        throw new IllegalArgumentException("--index " + index + ": '" + h + "' is not HOST:PORT");
      }
      hosts.add(h.strip());
    }
    return new SolrTarget(List.copyOf(hosts), collection, https);
  }

  /** Solr base URLs, one per node ({@code http://HOST:PORT/solr}). */
  public List<String> baseUrls() {
    return hosts.stream().map(h -> (https ? "https://" : "http://") + h + "/solr").toList();
  }

  /** The {@code --index} value for this target. */
  public String uri() {
    return (https ? SECURE_SCHEME : SCHEME) + String.join(",", hosts) + "/" + collection;
  }

  /** From Solr base URLs as a cluster prints them ({@code http://127.0.0.1:PORT/solr}). */
  public static SolrTarget ofBaseUrls(List<String> urls, String collection) {
    List<String> hosts = new ArrayList<>();
    boolean https = false;
    for (String u : urls) {
      https = u.startsWith("https://");
      String h = u.replaceFirst("^https?://", "");
      int slash = h.indexOf('/');
      hosts.add(slash < 0 ? h : h.substring(0, slash));
    }
    return new SolrTarget(List.copyOf(hosts), collection, https);
  }
}
