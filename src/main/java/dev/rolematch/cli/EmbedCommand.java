package dev.rolematch.cli;

import dev.rolematch.app.Json;
import dev.rolematch.embed.Role;
import dev.rolematch.embed.TransformerEmbedder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rolematch embed}: vectors for texts given as arguments or as stdin lines. */
@Command(
    mixinStandardHelpOptions = true,
    name = "embed", description = "Embed texts (arguments, or one per stdin line).")
final class EmbedCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Option(names = "--role", defaultValue = "document", description = "query or document")
  String role;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Parameters(paramLabel = "TEXT", arity = "0..*")
  List<String> texts = new ArrayList<>();

  /** JSON contract of {@code embed --json}. */
  record Output(String model, int dimension, String fingerprint, String device, String role,
      List<Item> vectors, long truncated) {}

  record Item(String text, int tokens, boolean truncated, float[] vector) {}

  @Override
  public Integer call() throws Exception {
    Role r;
    try {
      r = Role.valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("--role must be query or document, not '" + role + "'");
    }
    if (texts.isEmpty()) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          texts.add(line);
        }
      }
    }
    try (TransformerEmbedder embedder = modelOptions.open()) {
      float[][] vectors = embedder.embed(texts, r);
      List<Item> items = new ArrayList<>();
      String prefix = r == Role.QUERY ? embedder.descriptor().queryPrefix() : embedder.descriptor().documentPrefix();
      for (int i = 0; i < texts.size(); i++) {
        int tokens = embedder.countTokens(prefix + texts.get(i));
        items.add(new Item(texts.get(i), tokens, tokens > embedder.maxTokens(), vectors[i]));
      }
      if (json) {
        Json.print(System.out, new Output(embedder.identity().id(), embedder.identity().dimension(),
            embedder.identity().fingerprint(), embedder.device(), r.name().toLowerCase(Locale.ROOT),
            items, embedder.truncatedCount()));
      } else {
        for (Item item : items) {
          StringBuilder sb = new StringBuilder();
          for (int k = 0; k < item.vector().length; k++) {
            sb.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", item.vector()[k]));
          }
          System.out.println(sb);
        }
      }
      if (embedder.truncatedCount() > 0) {
        System.err.printf("rolematch: %d text(s) longer than %d tokens were truncated%n",
            embedder.truncatedCount(), embedder.maxTokens());
      }
    }
    return 0;
  }
}
