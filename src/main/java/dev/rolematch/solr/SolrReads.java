package dev.rolematch.solr;

import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.DocKinds;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.Fields;
import dev.rolematch.index.Filters;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.TermSets;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.CursorMarkParams;

/**
 * The reading half of {@link SolrStore}: documents by id, by kind and filters, in id order (cursor
 * paging), read back with their chunks a batch at a time; and the corpus statistics computed from
 * the stored term frequencies.
 */
final class SolrReads {

  static final int BATCH = 200;

  private final SolrNodes nodes;
  private final IndexInfo info; // dimension, normalisation, model id: fixed when the collection is made

  SolrReads(SolrNodes nodes, IndexInfo info) {
    this.nodes = nodes;
    this.info = info;
  }

  static QueryResponse query(SolrNodes n, SolrQuery q) throws IOException {
    return new QueryResponse(n.request(new QueryRequest(q, SolrRequest.METHOD.POST)), null);
  }

  QueryResponse query(SolrQuery q) throws IOException {
    return query(nodes, q);
  }

  long count(String q, String... fq) throws IOException {
    SolrQuery sq = new SolrQuery(q);
    sq.setFilterQueries(fq);
    sq.setRows(0);
    return query(sq).getResults().getNumFound();
  }

  /** Every match of a query in id order, page by page (cursor), one document at a time. */
  void stream(SolrQuery q, Consumer<SolrDocument> each) throws IOException {
    q.setSort(Fields.ID, SolrQuery.ORDER.asc);
    q.setRows(500);
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse r = query(q);
      r.getResults().forEach(each);
      String nextCursor = r.getNextCursorMark();
      if (nextCursor == null || nextCursor.equals(cursor)) {
        return;
      }
      cursor = nextCursor;
    }
  }

  private static String anyOf(String field, Collection<String> values) {
    StringBuilder sb = new StringBuilder(field).append(":(");
    int i = 0;
    for (String v : values) {
      sb.append(i++ == 0 ? "" : " OR ").append(ClientUtils.escapeQueryChars(v));
    }
    return sb.append(')').toString();
  }

  record Existing(String sha256, DocKind kind) {}

  Optional<Existing> existing(String id) throws IOException {
    SolrQuery q = new SolrQuery(SolrQueries.term(Fields.ID, id));
    q.addFilterQuery(SolrQueries.ALL_PARENTS);
    q.setFields(Fields.SHA256, Fields.KIND);
    q.setRows(1);
    QueryResponse r = query(q);
    if (r.getResults().isEmpty()) {
      return Optional.empty();
    }
    SolrDocument d = r.getResults().get(0);
    Object kind = d.getFirstValue(Fields.KIND);
    return Optional.of(new Existing((String) d.getFirstValue(Fields.SHA256),
        kind == null ? null : DocKinds.parse(kind.toString())));
  }

  Optional<StoredDocument> get(String id, boolean withChunks) throws IOException {
    List<StoredDocument> one = getAll(List.of(id), withChunks);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  List<StoredDocument> getAll(List<String> ids, boolean withChunks) throws IOException {
    Map<String, StoredDocument> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      SolrQuery q = new SolrQuery(anyOf(Fields.ID, batch));
      q.addFilterQuery(SolrQueries.ALL_PARENTS);
      q.setFields(SolrDocuments.PARENT_FIELDS);
      List<SolrDocument> parents = new ArrayList<>();
      stream(q, parents::add);
      for (StoredDocument d : load(parents, withChunks)) {
        found.put(d.id(), d);
      }
    }
    List<StoredDocument> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      StoredDocument d = found.get(id);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  /** Parents read back, with their chunks (one query per batch) when asked. */
  private List<StoredDocument> load(List<SolrDocument> parents, boolean withChunks) throws IOException {
    Map<String, List<SolrDocuments.LoadedChunk>> chunks = new HashMap<>();
    if (withChunks && !parents.isEmpty()) {
      List<String> ids = parents.stream().map(p -> (String) p.getFirstValue(Fields.ID)).toList();
      for (int from = 0; from < ids.size(); from += BATCH) {
        SolrQuery q = new SolrQuery(anyOf(SolrDocuments.ROOT, ids.subList(from, Math.min(ids.size(), from + BATCH))));
        q.addFilterQuery(Fields.DOC_TYPE + ":" + Fields.CHUNK);
        q.setFields(SolrDocuments.CHUNK_FIELDS);
        stream(q, c -> {
          SolrDocuments.LoadedChunk lc = SolrDocuments.chunk(c, info.dimension(), info.normalized(), info.modelId());
          chunks.computeIfAbsent(lc.parentId(), k -> new ArrayList<>()).add(lc);
        });
      }
    }
    List<StoredDocument> out = new ArrayList<>(parents.size());
    for (SolrDocument p : parents) {
      List<SolrDocuments.LoadedChunk> mine = chunks.getOrDefault((String) p.getFirstValue(Fields.ID), List.of());
      List<IndexedChunk> ordered = mine.stream()
          .sorted(Comparator.comparingInt(SolrDocuments.LoadedChunk::position))
          .map(SolrDocuments.LoadedChunk::chunk).toList();
      out.add(SolrDocuments.parent(p, new ArrayList<>(ordered), withChunks, info.dimension(), info.normalized(),
          info.modelId()));
    }
    return out;
  }

  Optional<DocKind> kindOf(String id) throws IOException {
    return existing(id).map(Existing::kind);
  }

  Optional<String> sha256Of(String id) throws IOException {
    return existing(id).map(Existing::sha256);
  }

  Map<String, String> sha256s(DocKind kind) throws IOException {
    Map<String, String> out = new TreeMap<>();
    SolrQuery q = new SolrQuery("*:*");
    for (String fq : SolrQueries.parentFilters(kind, null, q)) {
      q.addFilterQuery(fq);
    }
    q.setFields(Fields.ID, Fields.SHA256);
    stream(q, d -> out.put((String) d.getFirstValue(Fields.ID), (String) d.getFirstValue(Fields.SHA256)));
    return out;
  }

  List<StoredDocument> all(DocKind kind, Filters filters, boolean withChunks) throws IOException {
    SolrQuery q = new SolrQuery("*:*");
    for (String fq : SolrQueries.parentFilters(kind, filters, q)) {
      q.addFilterQuery(fq);
    }
    q.setFields(SolrDocuments.PARENT_FIELDS);
    List<SolrDocument> parents = new ArrayList<>();
    stream(q, parents::add);
    List<StoredDocument> out = new ArrayList<>(parents.size());
    for (int from = 0; from < parents.size(); from += BATCH) {
      out.addAll(load(parents.subList(from, Math.min(parents.size(), from + BATCH)), withChunks));
    }
    out.sort(Comparator.comparing(StoredDocument::id));
    return out;
  }

  /** Exactly what {@code CorpusStats.of} reads from a Lucene index of the same documents. */
  CorpusStats computeStats() throws IOException {
    Map<String, Integer> df = new HashMap<>();
    int[] docs = {0};
    long[] total = {0};
    SolrQuery q = new SolrQuery(SolrQueries.ALL_PARENTS);
    q.setFields(Fields.ID, Fields.TERMS, SolrDocuments.TEXT_LENGTH);
    stream(q, d -> {
      Object len = d.getFirstValue(SolrDocuments.TEXT_LENGTH);
      int n = len == null ? 0 : ((Number) len).intValue();
      if (n > 0) {
        docs[0]++;
        total[0] += n;
        TermSets.decode((String) d.getFirstValue(Fields.TERMS)).keySet().forEach(t -> df.merge(t, 1, Integer::sum));
      }
    });
    return CorpusStats.of(docs[0], total[0], df);
  }

  /**
   * In id order; documents are loaded a batch at a time (two requests per {@value #BATCH}
   * documents, on the first load within the batch), not one by one, so a refresh over a large
   * pool makes few round trips.
   */
  void forEach(DocKind kind, DocumentStore.DocumentVisitor visitor, String where) throws IOException {
    List<Map.Entry<String, String>> entries = new ArrayList<>(sha256s(kind).entrySet());
    for (int from = 0; from < entries.size(); from += BATCH) {
      List<Map.Entry<String, String>> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
      Map<String, StoredDocument> loaded = new HashMap<>();
      boolean[] fetched = {false};
      boolean[] oneByOne = {false}; // a damaged document spoils the batch read: then each its own read
      for (Map.Entry<String, String> e : batch) {
        String id = e.getKey();
        if (id == null || e.getValue() == null) {
          visitor.unreadable(id == null ? "a " + DocKinds.name(kind) + " without id" : id,
              new IllegalStateException("no id or text hash stored"));
          continue;
        }
        visitor.visit(id, e.getValue(), () -> {
          StoredDocument d;
          boolean each;
          synchronized (loaded) { // loaders may be called from several threads (DocumentStore#forEach)
            if (!fetched[0]) {
              fetched[0] = true;
              try {
                for (StoredDocument x : getAll(batch.stream().map(Map.Entry::getKey).toList(), true)) {
                  loaded.put(x.id(), x);
                }
              } catch (RuntimeException ex) {
                oneByOne[0] = true;
              }
            }
            each = oneByOne[0];
            d = each ? null : loaded.get(id);
          }
          if (each) {
            d = get(id, true).orElse(null);
          }
          if (d == null) {
            throw new IOException("document " + id + " was removed from " + where + " while being read");
          }
          return d;
        });
      }
    }
    visitor.end();
  }
}
