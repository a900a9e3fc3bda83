package dev.rolematch.cli;

import dev.rolematch.app.Json;
import static dev.rolematch.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** eval fairness on two sample resumes: blind, a swapped name and pronouns change nothing. */
class FairnessCommandTest {

  @Test
  void blindModeHasNoScoreDeltaOnTheSampleResumes() throws Exception {
    CliTest.Run r = run("eval", "fairness", "--limit", "2", "--model", "all-minilm-l6-v2", "--topics", "nlp", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode out = Json.MAPPER.readTree(r.out());
    assertEquals(2, out.get("swaps").size(), r.out());
    JsonNode blind = null;
    for (JsonNode row : out.get("rows")) {
      if (row.get("mode").asText().equals("blind")) {
        blind = row;
      }
      assertEquals(2 * row.get("queries").asInt(), row.get("pairs").asInt(), row.toString());
      assertTrue(row.get("queries").asInt() >= 2, "postings and the topic: " + row);
    }
    assertEquals(0.0, blind.get("max_delta").asDouble(), blind.toString());
    assertEquals(0, blind.get("max_rank_change").asInt(), blind.toString());
    assertEquals(2, blind.get("identical_texts").asInt(), blind.toString());
  }
}
