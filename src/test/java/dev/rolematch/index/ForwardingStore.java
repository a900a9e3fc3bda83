package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that answers through another's required methods only: the interface's defaults, as a backend without handles has them. */
final class ForwardingStore implements DocumentStore {
  private final DocumentStore d;

  ForwardingStore(DocumentStore d) {
    this.d = d;
  }

  @Override public IndexInfo info() { return d.info(); }
  @Override public IndexLayout layout() { return d.layout(); }
  @Override public String describe() { return d.describe(); }
  @Override public Optional<StoredDocument> get(String id, boolean withChunks) throws IOException { return d.get(id, withChunks); }
  @Override public List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException { return d.getAll(ids, withChunks); }
  @Override public Optional<DocKind> kindOf(String id) throws IOException { return d.kindOf(id); }
  @Override public Optional<String> sha256Of(String id) throws IOException { return d.sha256Of(id); }
  @Override public Map<String, String> sha256s(DocKind kind) throws IOException { return d.sha256s(kind); }
  @Override public List<StoredDocument> all(DocKind kind, Filters f, boolean withChunks) throws IOException { return d.all(kind, f, withChunks); }
  @Override public void forEach(DocKind kind, DocumentVisitor visitor) throws IOException { d.forEach(kind, visitor); }
  @Override public List<Hit> nearest(DocKind kind, float[] v, int k, Filters f) throws IOException {
    return d.nearest(kind, v, k, f).stream().map(h -> new Hit(h.id(), h.score())).toList();
  }
  @Override public List<Hit> lexical(DocKind kind, String text, int k, Filters f) throws IOException {
    return d.lexical(kind, text, k, f).stream().map(h -> new Hit(h.id(), h.score())).toList();
  }
  @Override public IndexStats stats() throws IOException { return d.stats(); }
  @Override public CorpusStats corpusStats() throws IOException { return d.corpusStats(); }
  @Override public void refresh() throws IOException { d.refresh(); }
  @Override public void close() {}
}
