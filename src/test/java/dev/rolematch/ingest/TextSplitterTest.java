package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

  @Test
  void sentencesRespectAbbreviationsAndDecimals() {
    assertEquals(
        List.of(
            "Pursuing an M.S. in physics or a Ph.D.",
            "Tools, e.g. PyTorch and JAX, i.e. modern ones.",
            "GPA of 3.5 or higher!",
            "Dr. Lee leads the team, vs. others etc.",
            "Is that clear?",
            "\"Quoted start.\"",
            "Next"),
        TextSplitter.sentences(
            "Pursuing an M.S. in physics or a Ph.D. Tools, e.g. PyTorch and JAX, i.e. modern ones. "
                + "GPA of 3.5 or higher! Dr. Lee leads the team, vs. others etc. Is that clear? "
                + "\"Quoted start.\" Next"));
    assertEquals(List.of("First para", "Second para."), TextSplitter.sentences("First para\n\nSecond para."));
    assertEquals(List.of("Wrapped line continues here."), TextSplitter.sentences("Wrapped line\ncontinues here."));
  }

  @Test
  void blocksJoinWrappedLinesAndSplitInlineBullets() {
    List<TextSplitter.Block> blocks =
        TextSplitter.blocks(
            "- Experience with distributed\n  training at scale\n* Strong C++\n---\n"
                + "Intro line\nSecond item line\nTools • Rust • Go\n3. Numbered item");
    assertEquals(
        List.of(
            new TextSplitter.Block("Experience with distributed training at scale", true),
            new TextSplitter.Block("Strong C++", true),
            new TextSplitter.Block("Intro line", false),
            new TextSplitter.Block("Second item line", false),
            new TextSplitter.Block("Tools", false),
            new TextSplitter.Block("Rust", true),
            new TextSplitter.Block("Go", true),
            new TextSplitter.Block("Numbered item", true)),
        blocks);
  }

  @Test
  void listItems() {
    assertEquals(
        List.of("generative models", "diffusion (DDPM, flow matching)", "LLM agents"),
        TextSplitter.listItems("generative models, diffusion (DDPM, flow matching), and LLM agents."));
    assertEquals(List.of("vision", "language"), TextSplitter.listItems("vision and language"));
    assertEquals(List.of("A", "B", "C"), TextSplitter.listItems("A, B and C"));
    assertEquals(
        List.of("vision and language models", "robotics", "RL"),
        TextSplitter.listItems("vision and language models, robotics, and RL"));
    assertEquals(List.of("A", "B"), TextSplitter.listItems("A; B; etc."));
  }

  @Test
  void semicolonSplitOnlyForLongItems() {
    assertEquals(List.of("short; item"), TextSplitter.splitLongAtSemicolons("short; item", 150));
    String longItem = "a".repeat(100) + "; " + "b".repeat(100);
    assertEquals(List.of("a".repeat(100), "b".repeat(100)), TextSplitter.splitLongAtSemicolons(longItem, 150));
  }

  @Test
  void normalizer() {
    assertEquals(
        "Caf\u00e9 line one\n  indented - bullet\n\nafter gap end",
        TextNormalizer.normalize(
            "\uFEFFCafe\u0301 line\u00a0one  \r\n\t indented  - bullet\u200b\r\r\r\n\n\n\nafter\u0000 gap\u2003\u2003end \n"));
    assertEquals("", TextNormalizer.normalize(" \n\t "));
  }
}
