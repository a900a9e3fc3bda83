package dev.rolematch.cli;

import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.Matcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The README's main job: builds (or reuses) the sample index from data/ and shows the top 5 for
 * two postings and two topics, one line of evidence each.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "demo", description = "Index the sample data (or reuse it) and show matches.")
final class DemoCommand implements Callable<Integer> {
  @Mixin IndexOptions indexOptions;

  static final List<String> POSTINGS = List.of("genai-research-intern", "bioimaging-intern");
  static final List<String> TOPICS = List.of("NLP", "PINNs");

  @Override
  public Integer call() throws Exception {
    IndexLayout layout = indexOptions.layout();
    Path data = Session.home().resolve("data");
    try (Session s = Session.forWrites(layout, indexOptions.model, indexOptions.device, false)) {
      Indexer indexer = new Indexer(s.writer(), s.embedder, Indexer.DEFAULT_CHUNK_TOKENS);
      System.out.println("Indexing sample data from " + data + " into " + s.index.describe() + " (unchanged files are skipped)...");
      Indexer.Report p = indexer.add(List.of(data.resolve("postings")), DocKind.POSTING, null, f -> {});
      Indexer.Report r = indexer.add(List.of(data.resolve("resumes")), DocKind.RESUME, null, f -> {});
      System.out.printf("postings: %d added, %d unchanged; resumes: %d added, %d unchanged; %d failed%n%n",
          p.added() + p.replaced(), p.unchanged(), r.added() + r.replaced(), r.unchanged(),
          p.failed().size() + r.failed().size());
      for (String id : POSTINGS) {
        var profile = Matcher.postingProfile(s.index.get(id, true).orElseThrow(
            () -> new UserException("sample posting " + id + " is missing from data/postings")));
        MatchResponse m = s.matcher().matchPosting(profile, null, 5, new ArrayList<>());
        ResultPrinter.print(System.out, m, false, 1);
        System.out.println();
      }
      for (String t : TOPICS) {
        ResultPrinter.print(System.out, s.matcher().topic(t, null, 5), false, 1);
        System.out.println();
      }
    }
    return 0;
  }
}
