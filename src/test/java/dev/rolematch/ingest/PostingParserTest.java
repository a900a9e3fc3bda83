package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PostingParserTest {

  private final PostingParser parser = new PostingParser();

  static String resource(String name) throws IOException {
    try (InputStream in = PostingParserTest.class.getResourceAsStream("/ingest/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> texts(ParsedPosting p, RequirementKind kind) {
    return p.ofKind(kind).stream().map(Requirement::text).toList();
  }

  private static boolean anyContains(List<Requirement> reqs, String needle) {
    String n = needle.toLowerCase(Locale.ROOT);
    return reqs.stream().anyMatch(r -> r.text().toLowerCase(Locale.ROOT).contains(n));
  }

  @Test
  void formattedMarkdownPosting() throws IOException {
    ParsedPosting p = parser.parse(resource("posting-formatted.md"));

    assertTrue(p.structured());
    assertEquals("Research Intern, Generative Media - 2026", p.title());
    assertTrue(p.blurb().startsWith("Location: Santa Clara, CA"), p.blurb());
    assertTrue(p.blurb().contains("looking for a research intern"), p.blurb());
    assertFalse(p.blurb().contains("Develop demos"), "blurb ends at the first section");

    assertEquals(
        List.of(
            "Develop demos of generative models for video and 3D content",
            "Collaborate with researchers and engineers to turn prototypes into tools",
            "Run large-scale training experiments on GPU clusters and analyse the results",
            "Write up findings for internal reports and, where possible, publications"),
        texts(p, RequirementKind.DUTY));
    assertEquals(4, p.ofKind(RequirementKind.MUST).size());
    assertEquals(
        "Pursuing a PhD or M.S. in Computer Science, Electrical Engineering or a related field",
        p.ofKind(RequirementKind.MUST).get(0).text());
    assertEquals("What we need to see", p.ofKind(RequirementKind.MUST).get(0).section());
    assertEquals(
        List.of(
            "Publications at NeurIPS, ICML, CVPR or similar venues",
            "Experience with CUDA kernels or distributed training",
            "Open-source contributions to generative modelling libraries"),
        texts(p, RequirementKind.NICE));
    assertEquals(
        List.of("generative models", "diffusion for video", "3D reconstruction"),
        texts(p, RequirementKind.TOPIC));
  }

  @Test
  void flattenedPostingFindsTheSameRequirements() throws IOException {
    ParsedPosting formatted = parser.parse(resource("posting-formatted.md"));
    ParsedPosting flat = parser.parse(resource("posting-flattened.txt"));

    assertTrue(flat.structured());
    assertEquals("", flat.title(), "a one-paragraph posting has no title line");
    for (RequirementKind kind : RequirementKind.values()) {
      assertEquals(texts(formatted, kind), texts(flat, kind), kind.toString());
    }
    assertTrue(flat.blurb().startsWith("Our applied research group"), flat.blurb());
    assertFalse(flat.blurb().contains("What you"), flat.blurb());
  }

  @Test
  void boilerplateNeverBecomesRequirements() throws IOException {
    for (String name : List.of("posting-formatted.md", "posting-flattened.txt")) {
      ParsedPosting p = parser.parse(resource(name));
      for (String bad : List.of("salary", "equal opportunity", "benefits", "#LI", "diversity")) {
        assertFalse(anyContains(p.requirements(), bad), name + " kept boilerplate: " + bad);
      }
      assertTrue(p.notes().stream().anyMatch(n -> n.contains("boilerplate")), p.notes().toString());
    }
  }

  @Test
  void boilerplateSectionHeadingIsSkippedButLaterSectionsAreNot() {
    String text =
        """
        Research Intern

        Requirements:
        - Strong C++ skills

        Benefits:
        - Free lunch and a gym membership
        - Competitive salary

        Nice to have:
        - Experience with compilers
        """;
    ParsedPosting p = parser.parse(text);
    assertEquals(List.of("Strong C++ skills"), texts(p, RequirementKind.MUST));
    assertEquals(List.of("Experience with compilers"), texts(p, RequirementKind.NICE));
    assertFalse(anyContains(p.requirements(), "lunch"));
  }

  @Test
  void unstructuredPostingTreatsSentencesAsDuties() {
    String text =
        """
        Summer Intern, Robotics Lab
        Location: Pittsburgh, PA
        We build grasping policies for warehouse robots. The intern will train policies in \
        simulation and test them on real arms. Experience with ROS is helpful. Join us.
        """;
    ParsedPosting p = parser.parse(text);
    assertFalse(p.structured());
    assertEquals("Summer Intern, Robotics Lab", p.title());
    assertTrue(
        p.notes().contains("no recognisable sections: each sentence was treated as a requirement"),
        p.notes().toString());
    assertEquals(
        List.of(
            "We build grasping policies for warehouse robots",
            "The intern will train policies in simulation and test them on real arms",
            "Experience with ROS is helpful",
            "Join us"),
        texts(p, RequirementKind.DUTY));
    assertTrue(p.requirements().stream().allMatch(r -> r.section().isEmpty()));
    assertFalse(anyContains(p.requirements(), "Pittsburgh"), "key-value header lines are facts");
    assertFalse(anyContains(p.requirements(), "Robotics Lab"), "the title is not a requirement");
  }

  @Test
  void headingSynonymsInTheirVariousForms() {
    String text =
        """
        Compiler Intern

        **Responsibilities**
        * Implement new optimisation passes in the compiler
        * Profile kernels on new hardware

        ### Minimum qualifications:
        1. BS in Computer Science or equivalent
        2) Fluency in C++

        PREFERRED QUALIFICATIONS
        • Familiarity with MLIR or LLVM

        Research areas:
        - Polyhedral compilation
        - Auto-tuning
        """;
    ParsedPosting p = parser.parse(text);
    assertEquals(
        List.of("Implement new optimisation passes in the compiler", "Profile kernels on new hardware"),
        texts(p, RequirementKind.DUTY));
    assertEquals("Responsibilities", p.ofKind(RequirementKind.DUTY).get(0).section());
    assertEquals(
        List.of("BS in Computer Science or equivalent", "Fluency in C++"),
        texts(p, RequirementKind.MUST));
    assertEquals(List.of("Familiarity with MLIR or LLVM"), texts(p, RequirementKind.NICE));
    assertEquals(List.of("Polyhedral compilation", "Auto-tuning"), texts(p, RequirementKind.TOPIC));
  }

  @Test
  void inlineSynonymsNeedCapitalAndColonUnlessDistinctive() {
    String text =
        "We study efficient inference. You will meet our requirements: be curious. "
            + "Your role: Build fast kernels for attention. Who you are: A PhD student in ML. "
            + "Bonus: Triton experience. It would be great if you know JAX well.";
    ParsedPosting p = parser.parse(text);
    assertEquals(List.of("Build fast kernels for attention"), texts(p, RequirementKind.DUTY));
    assertEquals(List.of("A PhD student in ML"), texts(p, RequirementKind.MUST));
    assertEquals(
        List.of("Triton experience", "you know JAX well"), texts(p, RequirementKind.NICE));
    // lower-case "requirements:" mid-sentence is prose, so the blurb runs to "Your role"
    assertTrue(p.blurb().contains("meet our requirements: be curious"), p.blurb());
  }

  @Test
  void topicListsInlineWithAbbreviationsAndBrackets() {
    String text =
        "Join our lab. Research topics include neural rendering (e.g. NeRF, Gaussian "
            + "splatting), world models and video generation. We work closely with product "
            + "teams. What we need to see: Pursuing an M.S. or Ph.D. Strong math skills, e.g. "
            + "linear algebra. A GPA of 3.5 or higher.";
    ParsedPosting p = parser.parse(text);
    assertEquals(
        List.of(
            "neural rendering (e.g. NeRF, Gaussian splatting)",
            "world models",
            "video generation"),
        texts(p, RequirementKind.TOPIC));
    assertEquals(
        List.of(
            "Pursuing an M.S. or Ph.D", "Strong math skills, e.g. linear algebra",
            "A GPA of 3.5 or higher"),
        texts(p, RequirementKind.MUST));
    assertTrue(p.blurb().contains("We work closely with product teams"), p.blurb());
  }

  @Test
  void longSemicolonSentencesAreSplitAndFragmentsDropped() {
    String text =
        "Intro. What you'll be doing: Design data pipelines for multilingual pretraining corpora; "
            + "evaluate tokenizers across forty languages and scripts; write clear documentation "
            + "for the team and for external partners who reuse the data. Etc. Also.";
    ParsedPosting p = parser.parse(text);
    assertEquals(
        List.of(
            "Design data pipelines for multilingual pretraining corpora",
            "evaluate tokenizers across forty languages and scripts",
            "write clear documentation for the team and for external partners who reuse the data"),
        texts(p, RequirementKind.DUTY));
  }

  @Test
  void requirementsAreCappedByPriority() {
    StringBuilder sb = new StringBuilder("Intern\n\nWhat you'll be doing:\n");
    for (int i = 0; i < 70; i++) {
      sb.append("- Duty number ").append(i).append('\n');
    }
    sb.append("What we need to see:\n- Rust experience\n");
    ParsedPosting p = new PostingParser(60).parse(sb.toString());
    assertEquals(60, p.requirements().size());
    assertEquals(List.of("Rust experience"), texts(p, RequirementKind.MUST), "must-haves kept first");
    assertEquals("Rust experience", p.requirements().get(59).text(), "document order restored");
    assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("capped at 60 requirements")));
  }

  @Test
  void pdfStyleWrappedLinesAreJoinedIntoOneRequirement() {
    String text =
        """
        Requirements
        Experience training large language models on
        multi-node clusters
        Strong Python
        """;
    ParsedPosting p = parser.parse(text);
    assertEquals(
        List.of("Experience training large language models on multi-node clusters", "Strong Python"),
        texts(p, RequirementKind.MUST));
    assertEquals("", p.title(), "a heading is not a title");
  }

  @Test
  void millionCharacterOneLinePostingParsesInLinearTime() throws IOException {
    String flat = resource("posting-flattened.txt").strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < DocumentReader.MAX_CHARS; i++) {
      sb.append(flat.replace("Develop demos", "Develop demo " + i)).append(' '); // no dedupe
    }
    String huge = sb.toString();
    ParsedPosting p = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parse(huge));
    assertEquals(PostingParser.MAX_REQUIREMENTS, p.requirements().size());
    assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("capped at 60")), p.notes().toString());
    Metadata m =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> new MetadataExtractor().extract(huge, DocKind.POSTING));
    assertEquals("MS", m.highestDegree());
  }

  @Test
  void flattenedHeadingsWithoutColonsAreFoundWhenDistinctive() {
    String text =
        "Work on speech models with our team What you'll be doing Train multilingual ASR models. "
            + "Evaluate them on noisy audio What we need to see Pursuing a PhD in EE or CS. "
            + "Experience with PyTorch Ways to stand out from the crowd Papers at Interspeech.";
    ParsedPosting p = parser.parse(text);
    assertTrue(p.structured());
    assertEquals("Work on speech models with our team", p.blurb());
    assertEquals(
        List.of("Train multilingual ASR models", "Evaluate them on noisy audio"),
        texts(p, RequirementKind.DUTY));
    assertEquals(
        List.of("Pursuing a PhD in EE or CS", "Experience with PyTorch"),
        texts(p, RequirementKind.MUST));
    assertEquals(List.of("Papers at Interspeech"), texts(p, RequirementKind.NICE));
  }
}
