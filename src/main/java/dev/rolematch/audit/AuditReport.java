package dev.rolematch.audit;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The bias audit of NYC Local Law 144 over stored selections: for each scope (one posting, or all
 * postings together, where each (posting, candidate) pair is one assessment) the
 * {@link ImpactTable} of sex, of race/ethnicity and of their intersection, written as {@code
 * audit.csv} (one line per category) and {@code audit.md} (a report a person reads).
 */
public final class AuditReport {

  public static final String SEX = "sex";
  public static final String RACE = "race_ethnicity";
  public static final String INTERSECTION = "sex_x_race_ethnicity";

  /** One line of audit.csv. */
  public record Line(String scope, String dimension, String category, int candidates, int selected,
      double selectionRate, Double impactRatio, String note) {}

  private final Map<String, List<Assessment>> scopes;
  private final Demographics demographics;
  private final int selectedTop;

  public AuditReport(Map<String, List<Assessment>> scopes, Demographics demographics, int selectedTop) {
    this.scopes = new LinkedHashMap<>(scopes);
    this.demographics = demographics;
    this.selectedTop = selectedTop;
  }

  /** Every table as lines: scope by scope, sex, race/ethnicity, intersection. */
  public List<Line> lines() {
    List<Line> out = new ArrayList<>();
    for (Map.Entry<String, List<Assessment>> scope : scopes.entrySet()) {
      Map<String, java.util.function.Function<String, String>> dims = new LinkedHashMap<>();
      dims.put(SEX, id -> demographics.of(id).sex());
      dims.put(RACE, id -> demographics.of(id).raceEthnicity());
      dims.put(INTERSECTION, id -> {
        Demographics.Person p = demographics.of(id);
        return p.sex().equals(Demographics.UNKNOWN) || p.raceEthnicity().equals(Demographics.UNKNOWN)
            ? Demographics.UNKNOWN : p.sex() + " × " + p.raceEthnicity();
      });
      for (var dim : dims.entrySet()) {
        for (ImpactTable.Row r : ImpactTable.of(scope.getValue(), dim.getValue())) {
          out.add(new Line(scope.getKey(), dim.getKey(), r.category(), r.candidates(), r.selected(),
              r.selectionRate(), r.impactRatio(), r.note()));
        }
      }
    }
    return out;
  }

  /** Writes {@code audit.csv} and {@code audit.md} into {@code dir}; returns their paths. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Line> lines = lines();
    Path csv = dir.resolve("audit.csv");
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.builder().addColumn("scope").addColumn("dimension").addColumn("category")
        .addColumn("candidates").addColumn("selected").addColumn("selection_rate").addColumn("impact_ratio")
        .addColumn("note").build().withHeader();
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        SequenceWriter seq = mapper.writer(schema).writeValues(w)) {
      for (Line l : lines) {
        seq.write(List.of(l.scope(), l.dimension(), l.category(), l.candidates(), l.selected(),
            fmt(l.selectionRate()), l.impactRatio() == null ? "" : fmt(l.impactRatio()), l.note()));
      }
    }
    Path md = dir.resolve("audit.md");
    Files.writeString(md, markdown(lines), StandardCharsets.UTF_8);
    return List.of(csv, md);
  }

  String markdown(List<Line> lines) {
    StringBuilder sb = new StringBuilder("# Bias audit (NYC Local Law 144 tables)\n\n");
    sb.append("Selection: a candidate is selected for a posting when the stored refresh score ranks it in the top ")
        .append(selectedTop).append(". Selection rate = selected / candidates; impact ratio = a category's selection")
        .append(" rate / the highest selection rate among the categories of the table. Categories with fewer than 2 %")
        .append(" of the candidates are reported but excluded from the impact ratios, as the rule allows, and so is")
        .append(" Unknown. Demographic categories are self-reported, as supplied in the demographics file; rolematch")
        .append(" never infers them.\n\n");
    TreeSet<String> unlisted = new TreeSet<>();
    TreeSet<String> assessed = new TreeSet<>();
    for (List<Assessment> as : scopes.values()) {
      for (Assessment a : as) {
        assessed.add(a.candidateId());
        if (!demographics.lists(a.candidateId())) {
          unlisted.add(a.candidateId());
        }
      }
    }
    TreeSet<String> notAssessed = new TreeSet<>(demographics.ids());
    notAssessed.removeAll(assessed);
    sb.append("- Candidates assessed: ").append(assessed.size()).append("; without demographics (counted as Unknown): ")
        .append(unlisted.size()).append('\n');
    sb.append("- Demographics rows for ids not in the index (ignored): ").append(notAssessed.size())
        .append(notAssessed.isEmpty() ? "" : " (" + String.join(", ", notAssessed) + ")").append("\n\n");
    String scope = null;
    String dim = null;
    for (Line l : lines) {
      if (!l.scope().equals(scope)) {
        scope = l.scope();
        dim = null;
        sb.append("## ").append(scope).append('\n');
      }
      if (!l.dimension().equals(dim)) {
        dim = l.dimension();
        sb.append("\n### ").append(switch (dim) {
          case SEX -> "Sex";
          case RACE -> "Race/ethnicity";
          default -> "Intersection: sex × race/ethnicity";
        }).append("\n\n| category | candidates | selected | selection rate | impact ratio | note |\n|---|---|---|---|---|---|\n");
      }
      sb.append("| ").append(l.category()).append(" | ").append(l.candidates()).append(" | ").append(l.selected())
          .append(" | ").append(fmt(l.selectionRate())).append(" | ")
          .append(l.impactRatio() == null ? "—" : fmt(l.impactRatio())).append(" | ").append(l.note()).append(" |\n");
    }
    return sb.append('\n').toString();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
