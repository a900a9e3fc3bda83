package dev.rolematch.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens of {@code --token-file} and whom each names. Two formats:
 *
 * <ul>
 *   <li>one token, the whole file (trimmed; the format before users existed): its holder is the user
 *       {@value #DEFAULT_USER} and an admin;
 *   <li>one line per token, {@code TOKEN USER [ROLE]} (whitespace-separated; blank lines and {@code
 *       #} comments ignored); ROLE is {@code admin} or {@code recruiter} (the default). A user may
 *       have several tokens.
 * </ul>
 *
 * Only SHA-256 hashes of the tokens are kept, compared in constant time, and no message quotes a
 * token.
 */
final class Tokens {

  /** Who the one-token format's holder is, and whose feedback an anonymous read lists. */
  static final String DEFAULT_USER = "default";

  static final String ADMIN = "admin";
  static final String RECRUITER = "recruiter";

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /** A caller the server knows: whose verdicts it writes, and whether it may refit the calibration. */
  record Caller(String user, boolean admin) {}

  private record Entry(byte[] hash, Caller caller) {}

  private final List<Entry> entries;
  private final boolean namesUsers;

  private Tokens(List<Entry> entries, boolean namesUsers) {
    this.entries = entries;
    this.namesUsers = namesUsers;
  }

  /** Parses a token file's content; {@code where} names it in errors. */
  static Tokens parse(String content, String where) {
    List<String[]> lines = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    String[] raw = content.split("\\R");
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i].strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        lines.add(line.split("\\s+"));
        numbers.add(i + 1);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(where + " holds no token");
    }
    if (lines.size() == 1 && lines.get(0).length == 1) {
      return new Tokens(List.of(new Entry(sha256(lines.get(0)[0]), new Caller(DEFAULT_USER, true))), false);
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i);
      String at = where + " line " + numbers.get(i) + ": ";
      if (f.length < 2 || f.length > 3) {
        throw new IllegalArgumentException(at + "expected 'TOKEN USER [ROLE]' (" + f.length + " fields)");
      }
      if (!USER.matcher(f[1]).matches()) {
        throw new IllegalArgumentException(at + "the user name must be 1-64 letters, digits, '.', '_', '@' or '-'");
      }
      String role = f.length == 3 ? f[2].toLowerCase(Locale.ROOT) : RECRUITER;
      if (!role.equals(ADMIN) && !role.equals(RECRUITER)) {
        throw new IllegalArgumentException(at + "the role must be admin or recruiter");
      }
      if (!seen.add(f[0])) {
        throw new IllegalArgumentException(at + "this token is already on an earlier line");
      }
      entries.add(new Entry(sha256(f[0]), new Caller(f[1], role.equals(ADMIN))));
    }
    return new Tokens(List.copyOf(entries), true);
  }

  /** Whether the file names users (the line format), rather than one unnamed token. */
  boolean namesUsers() {
    return namesUsers;
  }

  /** The caller a presented token belongs to; every entry is compared, so timing tells nothing. */
  Optional<Caller> find(String presented) {
    byte[] h = sha256(presented);
    Caller found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(h, e.hash()) && found == null) {
        found = e.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
