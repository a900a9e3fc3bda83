package dev.rolematch.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a browser page on another site, or a hostile DNS name, may not do to the server, checked
 * before any route runs:
 *
 * <ul>
 *   <li><b>Host allow-list</b> (every request): the {@code Host} header must name this server:
 *       {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the bind address (for a wildcard bind:
 *       this machine's addresses), with any port, or a name given with {@code --allowed-hosts}
 *       ({@code name} for any port, {@code name:port} for one). Anything else is 421: a page on
 *       {@code evil.example} whose name was rebound to 127.0.0.1 (DNS rebinding) reads nothing.
 *   <li><b>Origin check</b> (every request that is not GET/HEAD/OPTIONS, including {@code POST
 *       /api/match}): 403 when {@code Sec-Fetch-Site} says {@code cross-site} or {@code same-site},
 *       or when {@code Origin} is present and is neither the server's own origin ({@code
 *       http://} or {@code https://} and the request's {@code Host}) nor one of {@code
 *       --allowed-origins}. Browsers send {@code Origin} on every cross-origin write, so a form,
 *       {@code fetch} or {@code sendBeacon} from another site cannot change the index, token or
 *       not; clients without {@code Origin} (curl, scripts) are not browsers and pass.
 *   <li><b>JSON only</b> for the JSON write endpoints ({@code POST /api/documents}, {@code POST
 *       /api/match}, {@code POST /api/refresh}, {@code POST /api/feedback}, {@code POST
 *       /api/calibration/refit}): 415 for any other {@code Content-Type} (no {@code text/plain}
 *       "simple request" gets through; the two job starts may also have
 *       no body and no type). The upload endpoint stays multipart.
 * </ul>
 */
final class RequestGuard {

  /** Always allowed as Host: loopback names cannot be rebound to this machine by a stranger. */
  static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

  /** Jobs started without parameters: an empty body with no type is fine too. */
  static final Set<String> BODYLESS_STARTS = Set.of("/api/refresh", "/api/calibration/refit");

  /** JSON bodies only; {@link #BODYLESS_STARTS} may also be empty. */
  static final Set<String> JSON_ENDPOINTS = Set.of("/api/documents", "/api/match", "/api/refresh",
      "/api/feedback", "/api/calibration/refit");

  private final boolean anyHost;
  /** Names allowed with any port, lower case, IPv6 in brackets. */
  private final Set<String> hosts = new LinkedHashSet<>();
  /** {@code name:port} entries allowed with that port only. */
  private final Set<String> hostPorts = new LinkedHashSet<>();
  private final Set<String> origins = new LinkedHashSet<>();

  RequestGuard(ServerConfig config) {
    hosts.addAll(LOOPBACK_HOSTS);
    String bind = config.bind().strip().toLowerCase(Locale.ROOT);
    if (isWildcard(bind)) {
      hosts.addAll(localAddresses()); // reached by IP on any interface; a rebound name still fails
    } else {
      hosts.add(bracketed(bind));
    }
    boolean any = false;
    for (String h : config.allowedHosts()) {
      String e = h.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        any = true;
      } else if (portOf(e) >= 0) {
        hostPorts.add(e);
      } else {
        hosts.add(bracketed(e));
      }
    }
    anyHost = any;
    for (String o : config.allowedOrigins()) {
      origins.add(checkOrigin(o));
    }
  }

  /** The host names allowed (for messages and tests). */
  Set<String> allowedHosts() {
    Set<String> all = new LinkedHashSet<>(hosts);
    all.addAll(hostPorts);
    return Collections.unmodifiableSet(all);
  }

  // ---- Host ----

  void checkHost(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      throw new ApiException(421, "the request has no Host header; this server answers only to the names it is"
          + " reached by (start it with --allowed-hosts NAME to add one)");
    }
    if (!hostAllowed(host)) {
      String shown = host.length() <= 60 ? host : host.substring(0, 60) + "...";
      throw new ApiException(421, "this server does not answer to the host name '" + shown + "'; start it with"
          + " --allowed-hosts NAME to add one (allowed now: " + String.join(", ", allowedHosts()) + ")");
    }
  }

  boolean hostAllowed(String hostHeader) {
    if (anyHost) {
      return true;
    }
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (hostPorts.contains(h)) {
      return true;
    }
    String name = nameOf(h);
    if (name.endsWith(".") && name.length() > 1) {
      name = name.substring(0, name.length() - 1); // "localhost." is localhost
    }
    return hosts.contains(name);
  }

  // ---- Origin ----

  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  static boolean isWrite(Context ctx) {
    return !SAFE.contains(ctx.method());
  }

  void checkOrigin(Context ctx) {
    if (!isWrite(ctx)) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null && origins.contains(origin.strip().toLowerCase(Locale.ROOT))) {
      return; // allowed by --allowed-origins, whatever site the browser thinks it is on
    }
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      throw new ApiException(403, "changes from a page on another site are refused (Sec-Fetch-Site: "
          + site.strip().toLowerCase(Locale.ROOT) + "); use this server's own page, or start it with"
          + " --allowed-origins ORIGIN");
    }
    if (origin != null && !isOwnOrigin(origin, ctx.header("Host"))) {
      String shown = origin.length() <= 60 ? origin : origin.substring(0, 60) + "...";
      throw new ApiException(403, "changes from a page on another origin ('" + shown + "') are refused; use this"
          + " server's own page, or start it with --allowed-origins ORIGIN");
    }
  }

  /** {@code http(s)://} plus exactly the authority the request was sent to (default ports aside). */
  static boolean isOwnOrigin(String origin, String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String o = origin.strip().toLowerCase(Locale.ROOT);
    String scheme;
    if (o.startsWith("http://")) {
      scheme = "http";
    } else if (o.startsWith("https://")) {
      scheme = "https";
    } else {
      return false; // "null" (sandboxed frames, file: pages) and other schemes
    }
    String authority = stripDefaultPort(o.substring(scheme.length() + 3), scheme);
    if (authority.isEmpty() || authority.contains("/")) {
      return false;
    }
    return authority.equals(stripDefaultPort(hostHeader.strip().toLowerCase(Locale.ROOT), scheme));
  }

  private static String stripDefaultPort(String authority, String scheme) {
    String dflt = scheme.equals("https") ? ":443" : ":80";
    return authority.endsWith(dflt) && portOf(authority) >= 0
        ? authority.substring(0, authority.length() - dflt.length()) : authority;
  }

  /** An {@code --allowed-origins} entry, normalised; {@link IllegalArgumentException} if not an origin. */
  static String checkOrigin(String origin) {
    String o = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
    try {
      URI u = new URI(o);
      boolean ok = (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null && u.getRawFragment() == null
          && u.getRawUserInfo() == null);
      if (ok) {
        return o;
      }
    } catch (URISyntaxException e) {
      // below
    }
    throw new IllegalArgumentException("--allowed-origins: '" + origin + "' is not an origin; write it as"
        + " scheme://host[:port], e.g. https://rolematch.example.com");
  }

  // ---- Content-Type ----

  void checkContentType(Context ctx) {
    if (ctx.method() != HandlerType.POST) {
      return;
    }
    String path = ctx.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!JSON_ENDPOINTS.contains(path)) {
      return;
    }
    String type = ctx.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.equals("application/json")) {
      return;
    }
    if (media.isEmpty() && BODYLESS_STARTS.contains(path) && ctx.req().getContentLengthLong() <= 0
        && ctx.header("Transfer-Encoding") == null) {
      return; // a bodyless start: nothing to misread
    }
    throw new ApiException(415, "send the body as JSON with 'Content-Type: application/json'"
        + (media.isEmpty() ? " (the request has no Content-Type)" : ", not '" + media + "'"));
  }

  // ---- helpers ----

  static boolean isWildcard(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.equals("0:0:0:0:0:0:0:0");
  }

  /** The host part of a Host header: {@code name}, {@code 1.2.3.4} or {@code [v6]}, without the port. */
  static String nameOf(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 || host.indexOf(':') != colon ? host : host.substring(0, colon);
  }

  /** The port of {@code name:port} or {@code [v6]:port}, else -1. */
  static int portOf(String host) {
    int colon = host.lastIndexOf(':');
    if (colon < 0 || (host.startsWith("[") && colon < host.indexOf(']')) || (!host.startsWith("[")
        && host.indexOf(':') != colon)) {
      return -1;
    }
    try {
      return Integer.parseInt(host.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** IPv6 literals as they appear in a Host header: in brackets, in their compressed form. */
  static String bracketed(String host) {
    if (host.startsWith("[") || !host.contains(":")) {
      return host;
    }
    try {
      InetAddress a = InetAddress.getByName(host);
      return "[" + compressed(a) + "]";
    } catch (UnknownHostException e) {
      return "[" + host + "]";
    }
  }

  private static String compressed(InetAddress a) {
    String s = a.getHostAddress();
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (!(a instanceof Inet6Address)) {
      return s;
    }
    // 0:0:0:0:0:0:0:1 -> ::1, the form browsers put in Host (RFC 5952: longest run of zero groups)
    String[] g = s.split(":");
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < g.length; ) {
      int j = i;
      while (j < g.length && g[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return s;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
    return head + "::" + tail;
  }

  private static Set<String> localAddresses() {
    Set<String> out = new LinkedHashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          out.add(a instanceof Inet6Address ? "[" + compressed(a) + "]" : a.getHostAddress());
        }
      }
    } catch (SocketException e) {
      // loopback names only
    }
    return out;
  }
}
