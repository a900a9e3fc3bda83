package dev.rolematch.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The line format of the feedback log: one JSON object per line, {@code "op"} {@code put},
 * {@code delete} or {@code commit}. Each append is a batch of puts and deletes closed by one
 * commit line, and replay applies a batch only once its commit line is read: a crash mid-append
 * leaves an uncommitted (or torn) tail, which replay drops, so a batch counts whole or not at all.
 */
final class FeedbackLog {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** One committed change: a put (feedback given) or a delete (feedback withdrawn). */
  record Change(FeedbackKey key, Feedback put) {
    static Change put(Feedback f) {
      return new Change(f.key(), f);
    }

    static Change delete(FeedbackKey k) {
      return new Change(k, null);
    }
  }

  /** What replay found: the committed changes in order, and where the committed part ends. */
  record Replay(List<Change> changes, long committedBytes, int lines) {}

  private FeedbackLog() {}

  /** One batch, commit line included, as the bytes to append. */
  static byte[] encode(List<Change> batch) {
    StringBuilder sb = new StringBuilder(batch.size() * 160 + 32);
    for (Change c : batch) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("op", c.put() == null ? "delete" : "put");
      n.put("user", c.key().user());
      n.put("query_type", c.key().queryType().wire());
      n.put("query", c.key().query());
      n.put("candidate", c.key().candidate());
      if (c.put() != null) {
        n.put("label", c.put().label().wire());
        if (c.put().reason() != null) {
          n.put("reason", c.put().reason().wire());
        }
        n.put("at", c.put().at().toString());
      }
      sb.append(n).append('\n'); // Jackson escapes newlines inside strings: one record, one line
    }
    sb.append("{\"op\":\"commit\",\"changes\":").append(batch.size()).append("}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a log. A line that does not parse before the last commit is damage (an error naming the
   * line); after it, the tail of an interrupted append, which is dropped.
   */
  static Replay replay(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Replay(List.of(), 0, 0);
    }
    byte[] bytes = Files.readAllBytes(file);
    List<Change> committed = new ArrayList<>();
    List<Change> pending = new ArrayList<>();
    long committedBytes = 0;
    int committedLines = 0;
    String damage = null;
    int lineNo = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      lineNo++;
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      start = i + 1;
      Change change = null;
      boolean commit = false;
      String problem = null;
      try {
        JsonNode n = MAPPER.readTree(line);
        if (n == null || !n.isObject()) {
          problem = "not a JSON object";
        } else if ("commit".equals(n.path("op").asText())) {
          commit = true;
        } else {
          change = decode(n);
        }
      } catch (IOException | RuntimeException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      }
      if (problem != null) {
        if (damage == null) {
          damage = lineNo + " (" + problem + ")";
        }
      } else if (commit) {
        if (damage != null) {
          throw new IOException("feedback log damaged: " + file + " line " + damage + "; move the file aside to"
              + " start with no feedback, or remove that line");
        }
        committed.addAll(pending);
        pending.clear();
        committedBytes = start;
        committedLines = lineNo;
      } else {
        pending.add(change);
      }
    }
    return new Replay(committed, committedBytes, committedLines);
  }

  private static Change decode(JsonNode n) {
    String op = n.path("op").asText();
    FeedbackKey key = new FeedbackKey(required(n, "user"), QueryType.parse(required(n, "query_type")),
        required(n, "query"), required(n, "candidate"));
    return switch (op) {
      case "delete" -> Change.delete(key);
      case "put" -> {
        Instant at;
        try {
          at = Instant.parse(required(n, "at"));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("bad 'at': " + e.getMessage());
        }
        yield Change.put(new Feedback(key, FeedbackLabel.parse(required(n, "label")),
            RejectReason.parse(n.path("reason").asText(null)), at));
      }
      default -> throw new IllegalArgumentException("unknown op '" + op + "'");
    };
  }

  private static String required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }
}
