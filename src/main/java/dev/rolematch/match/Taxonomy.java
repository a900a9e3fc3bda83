package dev.rolematch.match;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The topic taxonomy ({@code data/topics.json}): id, name, description and aliases per topic.
 * {@link #resolve} maps "NLP", "GenAI" or "physics-informed neural networks" to their topic;
 * anything else is a free-text topic.
 */
public final class Taxonomy {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Topic(String id, String name, String description, List<String> aliases) {}

  private final List<Topic> topics;
  private final Map<String, Topic> byKey = new HashMap<>();

  public Taxonomy(List<Topic> topics) {
    this.topics = List.copyOf(topics);
    for (Topic t : topics) {
      byKey.put(key(t.id()), t);
      byKey.put(key(t.name()), t);
      for (String a : t.aliases() == null ? List.<String>of() : t.aliases()) {
        byKey.putIfAbsent(key(a), t);
      }
    }
  }

  public static Taxonomy load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new Taxonomy(List.of());
    }
    return new Taxonomy(new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Topic>>() {}));
  }

  /** Where the taxonomy lives: {@code data/topics.json} under the given rolematch home. */
  public static Path standardFile(Path home) {
    return home.resolve("data").resolve("topics.json");
  }

  public List<Topic> topics() {
    return topics;
  }

  public Optional<Topic> resolve(String text) {
    return Optional.ofNullable(byKey.get(key(text)));
  }

  /** Topics whose id, name or alias starts with or contains the prefix (for suggestions). */
  public List<Topic> suggest(String prefix, int max) {
    String p = key(prefix);
    List<Topic> out = new ArrayList<>();
    for (Topic t : topics) {
      boolean hit = key(t.name()).contains(p) || key(t.id()).contains(p);
      for (String a : t.aliases() == null ? List.<String>of() : t.aliases()) {
        hit |= key(a).contains(p);
      }
      if (hit && out.size() < max) {
        out.add(t);
      }
    }
    return out;
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
