package dev.rolematch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.match.Evidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code match_offsets}: the server marks the snippet's words that share an analysed term with the
 * requirement (stemmed, stop words out), in shown evidence only.
 */
class EvidenceOffsetsTest {

  static List<String> marked(Evidence e) {
    List<String> out = new ArrayList<>();
    for (int[] o : e.matchOffsets()) {
      out.add(e.snippet().substring(o[0], o[1]));
    }
    return out;
  }

  @Test
  void stemsMatchAndStopWordsDoNot() {
    Evidence e = new Evidence("Strong programming skills in Python and PyTorch", "MUST",
        "Skills: Python, PyTorch and Hugging Face; programmed in C++ daily", 0.7, "met");
    assertEquals(List.of("Skills", "Python", "PyTorch", "programmed"), marked(e));
    Evidence none = new Evidence("Publications at ACL", "NICE", "Head chef at a seafood restaurant", 0.1, "");
    assertEquals(List.of(), marked(none), "'at' is a stop word");
    assertEquals(List.of(), marked(new Evidence("Python", "MUST", "", 0, "unknown")));
    // Offsets index the snippet as JavaScript does (UTF-16 units), also after non-ASCII text.
    Evidence accents = new Evidence("machine translation", "TOPIC", "Übersetzung 🙂 — machine translation systems", 0.5, "");
    assertEquals(List.of("machine", "translation"), marked(accents));
  }

  @Test
  void theSharedMapperWritesThemAndStoredEvidenceHasNone() throws Exception {
    Evidence e = new Evidence("Python and PyTorch", "MUST", "Python, PyTorch", 0.7, "met");
    JsonNode shown = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(e));
    assertEquals("[[0,6],[8,15]]", shown.get("match_offsets").toString());
    assertEquals("met", shown.get("status").asText());
    JsonNode stored = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(e)); // refresh's mapper
    assertFalse(stored.has("match_offsets"));
    assertTrue(stored.has("snippet"));
  }
}
