package dev.rolematch.pipeline;

import dev.rolematch.index.WritableStore;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RefusedDocumentException;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import dev.rolematch.ingest.Chunk;
import dev.rolematch.ingest.ChunkedText;
import dev.rolematch.ingest.Chunker;
import dev.rolematch.ingest.FolderWalk;
import dev.rolematch.ingest.Titles;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentReader;
import dev.rolematch.ingest.IngestException;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.MetadataExtractor;
import dev.rolematch.ingest.ParsedPosting;
import dev.rolematch.ingest.PersonalDataMask;
import dev.rolematch.ingest.PostingParser;
import dev.rolematch.ingest.Requirement;
import dev.rolematch.ingest.SourceDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Files in, embedded blocks out: read → (posting: parse requirements | resume: chunk by
 * structure) → embed → upsert. Unchanged text (same id, same SHA-256) is skipped before any
 * embedding; one bad file is reported and the rest go on; commits every {@link #COMMIT_EVERY}
 * documents so a crash loses at most that much work and a rerun picks up where it stopped.
 */
public final class Indexer {

  public static final int COMMIT_EVERY = 25;

  /** Default chunk budget in tokens for resumes (see README: chosen by eval ranking). */
  public static final int DEFAULT_CHUNK_TOKENS = 256;

  public record Failure(String path, String reason) {}

  public record Report(
      int added, int replaced, int unchanged, List<Failure> failed, List<String> warnings,
      long embedded, int chunks) {}

  private final WritableStore index;
  private final Embedder embedder;
  private final int chunkTokens;
  private final DocumentReader reader = new DocumentReader();
  private final PostingParser parser = new PostingParser();
  private final Chunker chunker = new Chunker();

  public Indexer(WritableStore index, Embedder embedder, int chunkTokens) {
    this.index = index;
    this.embedder = embedder;
    this.chunkTokens = Math.min(chunkTokens, embedder.maxTokens());
  }

  /** Files to read under the given paths: folders are walked ({@link FolderWalk}), what is passed over reported. */
  public static List<Path> expand(List<Path> paths, List<Failure> failed) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try {
          out.addAll(FolderWalk.files(p, (f, why) -> failed.add(new Failure(f.toString(), "skipped: " + why))));
        } catch (IngestException e) {
          failed.add(new Failure(p.toString(), e.problem()));
        }
      } else {
        out.add(p); // the reader says what is wrong with a missing or unsupported file
      }
    }
    return out;
  }

  /**
   * Adds files or folders of one kind.
   *
   * @param idOverride id for a single file (null: from the file name)
   * @param progress called once per file with its path
   */
  public Report add(List<Path> paths, DocKind kind, String idOverride, Consumer<String> progress)
      throws IOException {
    List<Failure> failed = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Path> files = expand(paths, failed);
    if (idOverride != null && files.size() != 1) {
      throw new IllegalArgumentException("an explicit id names one document, but " + files.size() + " files were given");
    }
    long embeddedBefore = embedder.embeddedCount();
    Map<String, String> seen = new HashMap<>();
    int added = 0, replaced = 0, unchanged = 0, chunks = 0, sinceCommit = 0;
    for (Path f : files) {
      progress.accept(f.toString());
      List<SourceDocument> docs;
      try {
        docs = reader.read(f, kind, idOverride);
      } catch (IngestException e) {
        failed.add(new Failure(f.toString(), e.problem())); // the report prints the path already
        continue;
      }
      for (SourceDocument doc : docs) {
        String previous = seen.put(doc.id(), doc.sourcePath());
        if (previous != null) {
          warnings.add("duplicate id '" + doc.id() + "': " + doc.sourcePath() + " replaces " + previous);
        }
        warnings.addAll(doc.warnings());
        try {
          Indexed r = index(doc);
          switch (r.outcome()) {
            case ADDED -> added++;
            case REPLACED -> replaced++;
            case UNCHANGED -> unchanged++;
          }
          chunks += r.chunks();
          warnings.addAll(r.warnings());
        } catch (RefusedDocumentException e) {
          failed.add(new Failure(doc.sourcePath(), e.getMessage()));
        } catch (RuntimeException e) {
          failed.add(new Failure(doc.sourcePath(), "could not index '" + doc.id() + "': " + e.getMessage()));
        }
        if (++sinceCommit >= COMMIT_EVERY) {
          index.commit();
          sinceCommit = 0;
        }
      }
    }
    index.commit();
    return new Report(added, replaced, unchanged, failed, warnings,
        embedder.embeddedCount() - embeddedBefore, chunks);
  }

  private record Indexed(WriteOutcome outcome, int chunks, List<String> warnings) {}

  /** Embeds and upserts one document unless its text is unchanged. */
  private Indexed index(SourceDocument doc) throws IOException {
    Written w = write(doc);
    return new Indexed(w.outcome(), w.chunks(), w.notes());
  }

  /**
   * What {@link #write} did: the outcome, the stored chunks, and notes beyond the document's own
   * warnings (masking, embedding).
   */
  public record Written(WriteOutcome outcome, int chunks, List<String> notes, SourceDocument stored) {}

  /**
   * The one write of a read document, for {@code add}, uploads and pasted text: refuses an id of
   * the other kind before anything is embedded, masks it in a blind index, and writes it unless the
   * store holds the same text under the same title (a new title alone replaces it too). Not
   * committed: the caller commits.
   */
  public Written write(SourceDocument doc) throws IOException {
    index.checkKind(doc.id(), doc.kind()); // before embedding anything
    SourceDocument prepared = prepare(doc);
    List<String> notes = new ArrayList<>(prepared.warnings().subList(doc.warnings().size(), prepared.warnings().size()));
    doc = prepared;
    String sha = sha256(doc.text());
    boolean sameText = index.sha256Of(doc.id()).map(sha::equals).orElse(false);
    if (sameText) {
      var existing = index.get(doc.id(), false).orElseThrow();
      if (Titles.display(doc.title()).equals(existing.title())) {
        return new Written(WriteOutcome.UNCHANGED, 0, notes, doc);
      }
      // Only the title changed, and upsert skips same-text documents: delete first, and make the
      // delete visible to the writer's searcher (upsert reads it) without committing it alone.
      index.remove(doc.id());
      index.refresh();
    }
    StoredDocument stored = embed(doc, sha);
    for (String w : stored.warnings()) {
      if (!notes.contains(w) && !doc.warnings().contains(w)) {
        notes.add(w);
      }
    }
    WriteOutcome outcome = index.upsert(stored);
    return new Written(sameText ? WriteOutcome.REPLACED : outcome, stored.chunks().size(), notes, doc);
  }

  /**
   * Chunks and embeds a document (postings: one chunk per requirement, embedded as queries). A
   * posting with no requirement at all is refused ({@link RefusedDocumentException}): it could
   * never match anything.
   */
  public StoredDocument embed(SourceDocument doc, String sha) {
    return embed(doc, sha, false);
  }

  /**
   * As {@link #embed(SourceDocument, String)}; with {@code keepEmptyPosting} a posting without
   * requirements is kept (with a warning) instead of refused: reindex carries every stored
   * document over.
   */
  public StoredDocument embed(SourceDocument doc, String sha, boolean keepEmptyPosting) {
    SourceDocument prepared = prepare(doc);
    if (prepared != doc) {
      doc = prepared;
      sha = sha256(doc.text()); // the hash is of the stored text
    }
    List<String> warnings = new ArrayList<>();
    List<IndexedChunk> chunks = new ArrayList<>();
    if (doc.kind() == DocKind.POSTING) {
      ParsedPosting parsed = parser.parse(doc.text());
      for (String note : parsed.notes()) {
        warnings.add(doc.sourcePath() + ": " + note);
      }
      List<Requirement> reqs = parsed.requirements();
      if (reqs.isEmpty()) {
        RefusedDocumentException nothing = RefusedDocumentException.nothingToMatch(doc.id());
        if (!keepEmptyPosting) {
          throw nothing;
        }
        warnings.add(doc.sourcePath() + ": " + nothing.getMessage());
      }
      float[][] v = embedder.embed(reqs.stream().map(Requirement::text).toList(), Role.QUERY);
      for (int i = 0; i < reqs.size(); i++) {
        Requirement r = reqs.get(i);
        chunks.add(new IndexedChunk(i, r.section(), r.kind().name(), r.text(), v[i]));
      }
    } else {
      ChunkedText ct = chunker.chunk(doc.text(), embedder::countTokens, embedder.maxTokens(), chunkTokens);
      for (String w : ct.warnings()) {
        warnings.add(doc.sourcePath() + ": " + w);
      }
      List<Chunk> cs = ct.chunks();
      float[][] v = embedder.embed(cs.stream().map(Chunk::text).toList(), Role.DOCUMENT);
      for (int i = 0; i < cs.size(); i++) {
        chunks.add(new IndexedChunk(cs.get(i).ordinal(), cs.get(i).section(), "", cs.get(i).text(), v[i]));
      }
    }
    // The whole-text vector sees the head of a long document (truncation is counted by the
    // embedder); the chunks cover all of it.
    float[] docVector = embedder.embed(doc.text(), Role.DOCUMENT);
    String title = Titles.display(doc.title());
    float[] titleVector = doc.kind() == DocKind.POSTING && !title.isBlank() ? embedder.embed(title, Role.QUERY) : null;
    return new StoredDocument(doc.id(), doc.kind(), title, doc.sourcePath(), doc.text(), sha,
        doc.metadata(), warnings, docVector, chunks, null, titleVector, doc.flags());
  }

  /**
   * The document as the index stores it: in a blind index ({@link IndexInfo#blind()}) a resume
   * is masked ({@link PersonalDataMask}) before anything else sees it, so that its chunks, vectors,
   * BM25 terms, evidence snippets and extracted metadata come from the masked text, and its title
   * is its id (not the name line). Masking is idempotent, so reindexing a blind index changes
   * nothing. Postings and non-blind indexes are returned as they are (the same instance).
   */
  public SourceDocument prepare(SourceDocument doc) {
    if (!index.info().blind() || doc.kind() != DocKind.RESUME) {
      return doc;
    }
    PersonalDataMask.Masked masked = PersonalDataMask.apply(doc.text());
    List<String> warnings = new ArrayList<>(doc.warnings());
    String id = doc.id().toLowerCase(Locale.ROOT);
    for (String name : masked.names()) {
      String n = DocumentIds.normalize(name);
      if (n.length() >= 3 && id.contains(n)) {
        warnings.add(doc.sourcePath() + ": blind index, but the id '" + doc.id() + "' contains the candidate's name"
            + " (ids come from file names): rename the file or give it another id");
        break;
      }
    }
    if (masked.text().equals(doc.text()) && doc.title().equals(doc.id()) && warnings.size() == doc.warnings().size()) {
      return doc; // already masked (reindex)
    }
    return new SourceDocument(doc.id(), doc.kind(), doc.id(), doc.sourcePath(), masked.text(),
        blindMetadata(doc.metadata(), doc.text(), masked.text()), warnings, maskedFlags(doc.flags(), doc.text()));
  }

  /**
   * A blind index shows no personal data in flags either: their evidence is masked like the text,
   * behind the resume's first line so that the mask knows the candidate's name.
   */
  private static List<dev.rolematch.ingest.integrity.IntegrityFlag> maskedFlags(
      List<dev.rolematch.ingest.integrity.IntegrityFlag> flags, String text) {
    String head = text.lines().findFirst().orElse("");
    List<dev.rolematch.ingest.integrity.IntegrityFlag> out = new ArrayList<>();
    for (var f : flags) {
      String masked = PersonalDataMask.apply(head + "\n" + f.evidence()).text();
      int nl = masked.indexOf('\n');
      out.add(new dev.rolematch.ingest.integrity.IntegrityFlag(f.kind(), f.message(),
          nl < 0 ? "" : masked.substring(nl + 1)));
    }
    return out;
  }

  private final MetadataExtractor extractor = new MetadataExtractor();

  /**
   * Metadata of a masked resume: what was extracted from the text is extracted again from the
   * masked text; a value given with the document (a .jsonl field) that the text does not state is
   * kept.
   */
  private Metadata blindMetadata(Metadata given, String original, String masked) {
    Metadata fromText = extractor.extract(original, DocKind.RESUME);
    Metadata now = extractor.extract(masked, DocKind.RESUME);
    return new Metadata(
        java.util.Objects.equals(given.location(), fromText.location()) ? now.location() : given.location(),
        java.util.Objects.equals(given.yearsExperience(), fromText.yearsExperience())
            ? now.yearsExperience() : given.yearsExperience(),
        java.util.Objects.equals(given.highestDegree(), fromText.highestDegree()) ? now.highestDegree()
            : given.highestDegree(),
        java.util.Objects.equals(given.graduationYear(), fromText.graduationYear()) ? now.graduationYear()
            : given.graduationYear());
  }


  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
