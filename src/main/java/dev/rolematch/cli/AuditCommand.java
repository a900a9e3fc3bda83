package dev.rolematch.cli;

import dev.rolematch.audit.Assessment;
import dev.rolematch.audit.AuditReport;
import dev.rolematch.audit.Demographics;
import dev.rolematch.audit.StoredSelections;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.refresh.ScorerVersion;
import dev.rolematch.refresh.ScoresStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit}: the LL144 bias audit tables over the stored refresh scores. */
@Command(mixinStandardHelpOptions = true, name = "audit",
    description = {"Bias audit (NYC Local Law 144): selection rates and impact ratios per sex, race/ethnicity and",
        "their intersection, from the stored refresh scores (run ./rolematch refresh first) and self-reported",
        "categories you supply. Writes DIR/audit.csv and DIR/audit.md."})
final class AuditCommand implements Callable<Integer> {

  @Option(names = "--index", paramLabel = "DIR", description = "index folder") Path index;

  @Option(names = "--demographics", required = true, paramLabel = "FILE",
      description = "CSV with candidate_id,sex,race_ethnicity (self-reported; missing = Unknown)")
  Path demographics;

  @ArgGroup(exclusive = true, multiplicity = "1") Which which;

  static final class Which {
    @Option(names = "--posting", paramLabel = "ID", description = "one posting") String posting;

    @Option(names = "--all", description = "every posting: one table each, and all postings together") boolean all;
  }

  @Option(names = "--selected-top", required = true, paramLabel = "K",
      description = "a candidate is selected when ranked in a posting's top K") int selectedTop;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for audit.csv and audit.md")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (selectedTop < 1) {
      throw new UserException("--selected-top must be at least 1");
    }
    Demographics people;
    try {
      people = Demographics.read(demographics);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    IndexLayout layout = IndexLayout.resolve(index);
    if (!ScoresStore.exists(layout)) {
      throw new UserException("no stored scores at " + layout.root() + "; run ./rolematch refresh first");
    }
    Map<String, List<Assessment>> scopes = new LinkedHashMap<>();
    try (RoleIndex idx = RoleIndex.openForRead(layout); ScoresStore store = ScoresStore.openForRead(layout)) {
      String version = ScorerVersion.of(RefreshCommands.scorerFor(idx));
      List<String> postings = new ArrayList<>();
      if (which.all) {
        for (StoredDocument p : idx.all(DocKind.POSTING, false)) {
          postings.add(p.id());
        }
      } else {
        postings.add(which.posting);
      }
      List<Assessment> together = new ArrayList<>();
      for (String p : postings) {
        List<Assessment> a;
        try {
          a = StoredSelections.of(idx, store, p, version, selectedTop);
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new UserException(e.getMessage());
        }
        scopes.put("posting " + p, a);
        together.addAll(a);
      }
      if (postings.size() > 1) {
        scopes.put("all postings (each posting-candidate pair is one assessment)", together);
      }
    }
    AuditReport report = new AuditReport(scopes, people, selectedTop);
    for (Path written : report.write(out)) {
      System.out.println("wrote " + written);
    }
    return 0;
  }
}
