package dev.rolematch.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rolematch.match.Evidence;
import java.io.PrintStream;
import java.util.List;

/** The one JSON mapper of every {@code --json} output and of the HTTP API (snake_case field names are a contract). */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .addMixIn(Evidence.class, EvidenceOutput.class);

  /** Shown evidence carries {@code match_offsets}; stored evidence (refresh's own mapper) does not. */
  abstract static class EvidenceOutput {
    @JsonProperty("match_offsets")
    abstract List<int[]> matchOffsets();
  }

  private Json() {}

  public static void print(PrintStream out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
