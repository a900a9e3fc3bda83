package dev.rolematch.cli;

import dev.rolematch.bench.EmbedBench;
import dev.rolematch.bench.EmbedMemoryBench;
import dev.rolematch.bench.OnnxRuntimeForward;
import dev.rolematch.embed.ModelDescriptor;
import dev.rolematch.embed.TransformerEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rolematch bench ...}: speed measurements that print a table. */
@Command(
    name = "bench",
    description = "Measure speed and memory; prints a table.",
    subcommands = {BenchCommand.Embed.class, BenchCommand.Memory.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "embed",
      description = "DJL PyTorch vs ONNX Runtime on the same ONNX file and texts, batch 1 and 32.")
  static final class Embed implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--texts", defaultValue = "512", description = "texts per run (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--data", paramLabel = "FILE|DIR",
        description = "text lines to embed (default: the sentences of data/)")
    Path data;

    @Override
    public Integer call() throws Exception {
      List<String> texts = EmbedBench.cycle(sampleTexts(data), count);
      ModelDescriptor d = modelOptions.descriptor();
      List<EmbedBench.Row> rows = new ArrayList<>();
      long tokens;
      try (TransformerEmbedder djl = modelOptions.open()) {
        tokens = texts.stream().mapToLong(t -> Math.min(djl.countTokens(t), djl.maxTokens())).sum();
        System.out.printf(Locale.ROOT, "model=%s device=%s texts=%d tokens=%d threads=%d%n",
            d.id(), djl.device(), texts.size(), tokens, Runtime.getRuntime().availableProcessors());
        rows.add(EmbedBench.run("djl-pytorch", djl, texts.subList(0, Math.min(128, texts.size())), 1,
            tokens * Math.min(128, texts.size()) / texts.size()));
        rows.add(EmbedBench.run("djl-pytorch", djl, texts, 32, tokens));
      }
      try (TransformerEmbedder ort = OnnxRuntimeForward.open(d)) {
        rows.add(EmbedBench.run("onnxruntime", ort, texts.subList(0, Math.min(128, texts.size())), 1,
            tokens * Math.min(128, texts.size()) / texts.size()));
        rows.add(EmbedBench.run("onnxruntime", ort, texts, 32, tokens));
      }
      System.out.print(EmbedBench.table(rows));
      System.out.printf(Locale.ROOT, "ratio djl/onnxruntime=%.2f%n",
          rows.get(1).sentencesPerSec() / rows.get(3).sentencesPerSec());
      return 0;
    }
  }

  @Command(name = "memory",
      description = "Embed many short generated texts in batches; report heap (after GC) and RSS as it"
          + " goes, and their growth after the first " + EmbedMemoryBench.WARMUP_BATCHES + " batches.")
  static final class Memory implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--texts", defaultValue = "50000", description = "texts to embed (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "256", description = "texts per embed call (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
      if (count < 1 || batch < 1) {
        throw new UserException("--texts and --batch must be positive");
      }
      ModelDescriptor d = modelOptions.descriptor();
      try (TransformerEmbedder embedder = modelOptions.open()) {
        System.out.printf(Locale.ROOT, "model=%s device=%s texts=%d batch=%d max_heap_mb=%d%n",
            d.id(), embedder.device(), count, batch, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(EmbedMemoryBench.header());
        System.out.println(EmbedMemoryBench.row(EmbedMemoryBench.sampleNow(0, 0))); // model loaded
        EmbedMemoryBench.Result r = EmbedMemoryBench.run(embedder, count, batch, 10, s -> {
          System.out.println(EmbedMemoryBench.row(s));
          System.out.flush();
        });
        System.out.println(EmbedMemoryBench.summary(r));
      }
      return 0;
    }
  }

  /** Lines of at least five words from the given file or folder (default: data/). */
  static List<String> sampleTexts(Path source) throws IOException {
    Path root = source != null ? source : Path.of(System.getProperty("rolematch.home", ".")).resolve("data");
    List<String> lines = new ArrayList<>();
    if (Files.isRegularFile(root)) {
      addLines(root, lines);
    } else if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(f -> f.toString().matches(".*\\.(txt|md)$")).sorted().toList()) {
          addLines(p, lines);
        }
      }
    }
    if (lines.isEmpty()) {
      throw new UserException("no texts found in " + root + "; pass --data FILE with one text per line");
    }
    return lines;
  }

  private static void addLines(Path p, List<String> out) throws IOException {
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      String t = line.strip();
      if (t.split("\\s+").length >= 5) {
        out.add(t);
      }
    }
  }
}
