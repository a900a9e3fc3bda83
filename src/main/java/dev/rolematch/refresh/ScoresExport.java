package dev.rolematch.refresh;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Streams every stored row to CSV or JSON Lines, one row at a time (rows are read from Lucene leaf
 * by leaf, never collected), in the store's document order. The file appears only when complete
 * (written beside it, then moved into place).
 *
 * <p>Columns (CSV header, JSON keys): posting_id, candidate_id, score, status, error, must_met,
 * must_unmet, must_unknown, evidence (JSON array; in CSV a JSON string), posting_sha256,
 * resume_sha256, model_fingerprint, scorer_version, computed_at.
 */
public final class ScoresExport {
  private ScoresExport() {}

  public enum Format { CSV, JSONL;
    public static Format parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "csv" -> CSV;
        case "jsonl", "ndjson" -> JSONL;
        default -> throw new IllegalArgumentException("--format must be csv or jsonl, not '" + s + "'");
      };
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private static final CsvMapper CSV = CsvMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE).build();

  /** CSV rows: the evidence is a column holding its JSON text. */
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"posting_id", "candidate_id", "score", "status", "error",
      "must_met", "must_unmet", "must_unknown", "evidence", "posting_sha256", "resume_sha256",
      "model_fingerprint", "scorer_version", "computed_at"})
  record CsvRow(String postingId, String candidateId, Double score, String status, String error, int mustMet,
      int mustUnmet, int mustUnknown, String evidence, String postingSha256, String resumeSha256,
      String modelFingerprint, String scorerVersion, String computedAt) {
    static CsvRow of(ScoreRow r) {
      return new CsvRow(r.postingId(), r.candidateId(), r.score(), r.status(), r.error(), r.mustMet(),
          r.mustUnmet(), r.mustUnknown(), r.evidence(), r.postingSha256(), r.resumeSha256(),
          r.modelFingerprint(), r.scorerVersion(), r.computedAt());
    }
  }

  /** Writes all rows; returns how many. */
  public static long write(ScoresStore store, Format format, Path out) throws IOException {
    Path abs = out.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
    long[] n = {0};
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      if (format == Format.CSV) {
        CsvSchema schema = CSV.schemaFor(CsvRow.class).withHeader();
        try (SequenceWriter w = CSV.writer(schema).writeValues(os)) {
          store.forEachRow(r -> {
            try {
              w.write(CsvRow.of(r));
              n[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      } else {
        try (JsonGenerator g = JSON.getFactory().createGenerator(os, JsonEncoding.UTF8)) {
          g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
          store.forEachRow(r -> {
            try {
              JSON.writeValue(g, r);
              n[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          g.writeRaw('\n');
        }
      }
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(tmp);
      throw e.getCause();
    }
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return n[0];
  }
}
