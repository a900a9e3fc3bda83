package dev.rolematch.audit;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Self-reported demographic categories, as the user supplies them: a CSV with a header naming
 * {@code candidate_id}, {@code sex} and {@code race_ethnicity} (other columns are ignored; lines
 * starting with {@code #} are comments). Categories are taken as written, never inferred; an empty
 * value, or a candidate the file does not list, is {@link #UNKNOWN}.
 */
public final class Demographics {

  public static final String UNKNOWN = "Unknown";

  /** One candidate's categories. */
  public record Person(String sex, String raceEthnicity) {}

  private final Map<String, Person> people;

  private Demographics(Map<String, Person> people) {
    this.people = people;
  }

  public static Demographics of(Map<String, Person> people) {
    return new Demographics(new LinkedHashMap<>(people));
  }

  /** The candidate's categories; {@link #UNKNOWN} where the file says nothing. */
  public Person of(String candidateId) {
    Person p = people.get(candidateId);
    return p == null ? new Person(UNKNOWN, UNKNOWN) : p;
  }

  public boolean lists(String candidateId) {
    return people.containsKey(candidateId);
  }

  public java.util.Set<String> ids() {
    return people.keySet();
  }

  /**
   * Reads the CSV.
   *
   * @throws IllegalArgumentException with what is wrong and where: a missing file or column, an
   *     empty or repeated candidate id
   */
  public static Demographics read(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withComments();
    Map<String, Person> out = new LinkedHashMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema).readValues(in)) {
      CsvSchema header = null;
      int line = 1;
      while (rows.hasNextValue()) {
        Map<String, String> row = rows.nextValue();
        line = rows.getCurrentLocation().getLineNr();
        if (header == null) {
          header = (CsvSchema) rows.getParserSchema();
          for (String column : List.of("candidate_id", "sex", "race_ethnicity")) {
            if (header.column(column) == null) {
              throw new IllegalArgumentException(file + ": no column '" + column + "'; the header must name candidate_id,"
                  + " sex and race_ethnicity (found: " + String.join(", ", header.getColumnNames()) + ")");
            }
          }
        }
        String id = value(row.get("candidate_id"));
        if (id.isEmpty()) {
          throw new IllegalArgumentException(file + ": line " + line + " has no candidate_id");
        }
        Person p = new Person(category(row.get("sex")), category(row.get("race_ethnicity")));
        if (out.put(id, p) != null) {
          throw new IllegalArgumentException(file + ": candidate '" + id + "' is listed twice (line " + line + ")");
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no demographics file at " + file
          + "; give a CSV with the columns candidate_id,sex,race_ethnicity (see data/demographics/)");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not a readable CSV: " + e.getOriginalMessage());
    }
    return new Demographics(out);
  }

  private static String value(String s) {
    return s == null ? "" : s.strip();
  }

  private static String category(String s) {
    String v = value(s);
    return v.isEmpty() ? UNKNOWN : v;
  }
}
