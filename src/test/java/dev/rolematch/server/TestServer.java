package dev.rolematch.server;

import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One real server for the server tests (API and browser): a temp Lucene index built from the
 * small documents below with all-minilm-l6-v2 (the fastest model), a writer {@link Session}, and
 * {@link RoleServer} on a random loopback port with a bearer token. Built once per test JVM (the
 * model load and indexing dominate), torn down at exit.
 */
final class TestServer {

  static final String MODEL = "all-minilm-l6-v2";
  /** The admin's token: the user "default", as the one-token file format names its holder. */
  static final String TOKEN = "test-token-7c1f";

  /** Two recruiters (no admin role) besides the admin: per-user feedback and the refit's guard. */
  static final String ALICE_TOKEN = "alice-token-4b2e";
  static final String BOB_TOKEN = "bob-token-9d1a";

  /** The server's token file, in the line format: TOKEN USER [ROLE]. */
  static final String TOKEN_FILE = "# rolematch test tokens\n" + TOKEN + " default admin\n" + ALICE_TOKEN + " alice\n"
      + BOB_TOKEN + " bob recruiter\n";

  static final String NLP_POSTING = """
      Research Intern, Natural Language Processing
      Location: Berlin, Germany
      Our team builds language technology for scientific search.
      What you'll be doing:
      - Train and evaluate transformer language models for summarisation
      - Build retrieval pipelines over millions of documents
      What we need to see:
      - Pursuing a PhD or MS in Computer Science or a related field
      - Strong programming skills in Python and PyTorch
      Ways to stand out from the crowd:
      - Publications at ACL, EMNLP or NAACL
      """;

  static final String VISION_POSTING = """
      Computer Vision Intern, Medical Imaging
      Location: Oslo, Norway
      Responsibilities:
      - Train segmentation networks for microscopy and MRI images
      - Deploy detection models to edge devices
      Requirements:
      - MS or PhD student in Computer Science or Electrical Engineering
      - Experience with PyTorch and OpenCV
      Nice to have:
      - Experience with CUDA kernels
      """;

  static final String NLP_RESUME = """
      Jana Novak
      Berlin, Germany
      Education
      PhD in Computer Science, TU Berlin, expected 2027
      Experience
      - Built transformer-based abstractive summarisers in PyTorch for legal documents (2019 - 2024)
      - Designed dense retrieval over 20M passages with FAISS
      Publications
      - Long-document summarisation, EMNLP 2024
      Skills: Python, PyTorch, Hugging Face
      """;

  static final String NLP_RESUME_2 = """
      Lukas Weber
      Munich, Germany
      Education
      MS in Computational Linguistics, LMU Munich, 2024
      Experience
      - Fine-tuned multilingual language models for question answering (2021 - 2024)
      - Built an annotation pipeline for named entity recognition in German news
      Skills: Python, PyTorch, spaCy
      """;

  static final String VISION_RESUME = """
      Ola Nordmann
      Oslo, Norway
      Education
      MS in Computer Science, 2023
      Experience
      - Trained convolutional networks for medical image segmentation in PyTorch (2018 - 2024)
      - Deployed object detection models on edge devices
      Skills: Python, OpenCV, CUDA
      """;

  static final String CHEF_RESUME = """
      Marco Bellini
      Rome, Italy
      Experience
      - Head chef at a seafood restaurant, managing a team of 12 (2015 - 2024)
      - Designed seasonal menus and ran the kitchen budget
      Education
      Diploma in Culinary Arts, 2014
      """;

  private static TestServer instance;

  final Path root;
  final Session session;
  final RoleServer server;
  final String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestServer() throws IOException {
    // The access log is INFO; the test checks what it writes.
    System.setProperty("org.slf4j.simpleLogger.log.rolematch.server", "info");
    System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    root = Files.createTempDirectory("rolematch-server-test-");
    Path in = root.resolve("in");
    Files.createDirectories(in);
    session = Session.forWrites(new IndexLayout(root.resolve("index")), MODEL, "cpu", false);
    Indexer indexer = new Indexer(session.writer(), session.embedder, 64);
    indexer.add(List.of(write(in, "nlp-intern.txt", NLP_POSTING), write(in, "vision-intern.txt", VISION_POSTING)),
        DocKind.POSTING, null, f -> {});
    indexer.add(List.of(write(in, "jana-novak.txt", NLP_RESUME), write(in, "lukas-weber.txt", NLP_RESUME_2),
        write(in, "ola-nordmann.txt", VISION_RESUME), write(in, "marco-bellini.txt", CHEF_RESUME)),
        DocKind.RESUME, null, f -> {});
    server = new RoleServer(session, ServerConfig.localhost(0).withToken(TOKEN_FILE)).start();
    base = "http://127.0.0.1:" + server.port();
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown));
  }

  static synchronized TestServer get() throws IOException {
    if (instance == null) {
      instance = new TestServer();
    }
    return instance;
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(120)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery));
  }

  private void shutdown() {
    try {
      server.close();
      session.close();
    } catch (Exception ignored) {
      // exiting
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files
    }
  }
}
