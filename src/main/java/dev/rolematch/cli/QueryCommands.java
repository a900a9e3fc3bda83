package dev.rolematch.cli;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.app.Session;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentReader;
import dev.rolematch.ingest.IngestException;
import dev.rolematch.ingest.SourceDocument;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.QueryProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The three query commands: match, topic, postings-for. */
final class QueryCommands {
  private QueryCommands() {}

  /** Resolves a posting id in the index, or reads a posting file; the profile and any notes. */
  static QueryProfile postingProfile(Session s, String idOrFile, List<String> notes) throws Exception {
    Path asFile = Path.of(idOrFile);
    if (Files.isRegularFile(asFile)) {
      try {
        SourceDocument doc = new DocumentReader().read(asFile, DocKind.POSTING).get(0);
        notes.addAll(doc.warnings());
        return s.matcher().postingProfile(doc.id(), doc.title(), doc.text(), notes);
      } catch (IngestException e) {
        throw new UserException(e.getMessage());
      }
    }
    StoredDocument posting = s.index.get(idOrFile, DocKind.POSTING, true)
        .orElseThrow(() -> new UserException(unknownPosting(s.index, idOrFile)));
    return Matcher.postingProfile(posting);
  }

  static String unknownPosting(DocumentStore index, String id) {
    try {
      List<String> ids = index.all(DocKind.POSTING, false).stream().map(StoredDocument::id).toList();
      return "no posting with id '" + id + "' in the index and no such file; indexed postings: "
          + (ids.isEmpty() ? "(none: ./rolematch add posting FILE)" : String.join(", ", ids));
    } catch (Exception e) {
      return "no posting with id '" + id + "'";
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "match", description = "Best-fit candidates for a posting (indexed id or a file).")
  static final class Match implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;
    @Mixin QueryOptions queryOptions;

    @Option(names = "--posting", required = true, paramLabel = "ID|FILE", description = "posting id or file")
    String posting;

    @Override
    public Integer call() throws Exception {
      try (Session s = Session.forQueries(indexOptions.layout(), indexOptions.model, indexOptions.device)) {
        List<String> notes = new ArrayList<>();
        QueryProfile p = postingProfile(s, posting, notes);
        MatchResponse r = s.matcher().matchPosting(p, queryOptions.filters(), queryOptions.top, notes);
        ResultPrinter.print(System.out, r, queryOptions.json, 3);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "topic", description = "Best-fit candidates for a topic (taxonomy id, name, alias or free text).")
  static final class Topic implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;
    @Mixin QueryOptions queryOptions;

    @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "e.g. \"generative AI\", NLP, PINNs")
    List<String> words;

    @Override
    public Integer call() throws Exception {
      try (Session s = Session.forQueries(indexOptions.layout(), indexOptions.model, indexOptions.device)) {
        MatchResponse r = s.matcher().topic(String.join(" ", words), queryOptions.filters(), queryOptions.top);
        ResultPrinter.print(System.out, r, queryOptions.json, 2);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "postings-for", description = "Postings that fit a candidate (the reverse view).")
  static final class PostingsFor implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;
    @Mixin QueryOptions queryOptions;

    @Option(names = "--candidate", required = true, paramLabel = "ID", description = "resume id")
    String candidate;

    @Override
    public Integer call() throws Exception {
      try (Session s = Session.forQueries(indexOptions.layout(), indexOptions.model, indexOptions.device)) {
        MatchResponse r = s.matcher().postingsFor(candidate, queryOptions.filters(), queryOptions.top);
        ResultPrinter.print(System.out, r, queryOptions.json, 3);
      }
      return 0;
    }
  }
}
