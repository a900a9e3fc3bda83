package dev.rolematch.eval;

import dev.rolematch.index.WritableStore;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.MetadataExtractor;
import dev.rolematch.ingest.SourceDocument;
import dev.rolematch.ingest.TextNormalizer;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every judged (query, resume) pair of a data set with the product's scorer and computes
 * the simple baselines beside it, in the same run and from the same index: BM25 over the full
 * text (Lucene, EnglishAnalyzer, the query's terms as SHOULD clauses), whole-document cosine, and
 * the best-chunk cosine of the whole query against the resume's chunks.
 */
public final class ExternalEval {

  private ExternalEval() {}

  /** A query as the product reads it, with its judgements. */
  public record JudgedQuery(String id, String type, QueryProfile profile, String text, float[] vector,
      Map<String, Integer> grades) {}

  /**
   * One judged pair.
   *
   * @param grade the label (binary labels are stored as grade 3, the top of the 0–3 scale)
   * @param baselines bm25, doc-cosine, chunk-max by name
   */
  public record Judged(String type, String query, String doc, int grade, PairScorer.PairScore product,
      Map<String, Double> baselines) {}

  /** Adds the corpus as resumes (unchanged texts are skipped: the index is a cache). */
  public static void index(WritableStore index, Indexer indexer, Dataset ds) throws IOException {
    MetadataExtractor extractor = new MetadataExtractor();
    int n = 0;
    for (Dataset.Doc d : ds.corpus()) {
      String text = TextNormalizer.normalize(d.text());
      String sha = Indexer.sha256(text);
      if (index.sha256Of(d.id()).map(sha::equals).orElse(false)) {
        continue;
      }
      SourceDocument doc = new SourceDocument(d.id(), DocKind.RESUME, d.id(), ds.name(), text,
          extractor.extract(text, DocKind.RESUME), List.of());
      index.upsert(indexer.embed(doc, sha));
      if (++n % 25 == 0) {
        index.commit();
        System.err.println("eval: indexed " + n + " new documents of " + ds.name());
      }
    }
    index.commit();
  }

  /** The data set's queries, read the way the product reads them: names as topics, the rest as postings. */
  public static List<JudgedQuery> queries(Dataset ds, Matcher matcher, Embedder embedder) {
    List<JudgedQuery> out = new ArrayList<>();
    for (Dataset.Query q : ds.queries()) {
      Map<String, Integer> grades = new LinkedHashMap<>();
      for (var e : ds.qrels().getOrDefault(q.id(), Map.of()).entrySet()) {
        grades.put(e.getKey(), e.getValue() > 0 ? 3 : 0);
      }
      List<String> notes = new ArrayList<>();
      boolean shortQuery = "name".equals(q.type());
      QueryProfile profile = shortQuery
          ? matcher.topicProfile(q.text(), notes)
          : matcher.postingProfile(q.id(), q.title(), q.text(), notes);
      float[] v = embedder.embed(q.text(), shortQuery ? Role.QUERY : Role.DOCUMENT);
      out.add(new JudgedQuery(q.id(), q.type(), profile, q.text(), v, grades));
    }
    return out;
  }

  /** Scores every judged pair. */
  public static List<Judged> score(DocumentStore index, Matcher matcher, List<JudgedQuery> queries) throws IOException {
    List<CandidateProfile> resumes = index.all(DocKind.RESUME, true).stream().map(CandidateProfile::of).toList();
    List<Judged> out = new ArrayList<>();
    PairScorer scorer = matcher.scorer();
    for (JudgedQuery q : queries) {
      Map<String, Double> bm25 = matcher.bm25Scores(q.text(), DocKind.RESUME, resumes.size());
      for (CandidateProfile c : resumes) {
        PairScorer.PairScore s = scorer.score(q.profile(), c);
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("bm25", bm25.getOrDefault(c.id(), 0.0));
        b.put("doc-cosine", c.docVector() == null ? 0 : Vectors.cosine(q.vector(), c.docVector()));
        double best = -1;
        for (IndexedChunk ch : c.chunks()) {
          best = Math.max(best, Vectors.cosine(q.vector(), ch.vector()));
        }
        b.put("chunk-max", best);
        out.add(new Judged(q.type(), q.id(), c.id(), q.grades().getOrDefault(c.id(), 0), s, b));
      }
    }
    return out;
  }

  /** The project's own labeled sample data, as judged queries (postings from the index, topics parsed). */
  public static List<JudgedQuery> ownQueries(DocumentStore index, Matcher matcher, Embedder embedder, Labels postings,
      Labels topics) throws IOException {
    List<JudgedQuery> out = new ArrayList<>();
    for (String pid : postings.grades().keySet()) {
      StoredDocument p = index.get(pid, true).orElseThrow(
          () -> new IllegalStateException("labeled posting '" + pid + "' is not in the eval index"));
      out.add(new JudgedQuery(pid, "own-posting", Matcher.postingProfile(p), p.text(), p.docVector(),
          postings.grades().get(pid)));
    }
    for (String tid : topics.grades().keySet()) {
      QueryProfile t = matcher.topicProfile(tid, new ArrayList<>());
      String text = String.join(". ", t.needs().stream().map(QueryProfile.Need::text).toList());
      out.add(new JudgedQuery(tid, "own-topic", t, text, embedder.embed(t.title(), Role.QUERY),
          topics.grades().get(tid)));
    }
    return out;
  }

  /**
   * The data set turned around (reverse matching, {@code postings-for}): each resume is a query and
   * the data set's postings are the documents, relevant when the resume is relevant to that
   * posting. The postings are indexed beside the resumes (in this evaluation's own index); the
   * product's score is the same pair score as forwards, read across postings.
   */
  public static List<Judged> reverse(WritableStore index, Indexer indexer, Matcher matcher, Dataset ds) throws IOException {
    List<Dataset.Query> postings = ds.queries().stream().filter(q -> q.type().equals("posting")).toList();
    for (Dataset.Query q : postings) {
      String text = TextNormalizer.normalize(q.text());
      String sha = Indexer.sha256(text);
      if (!index.sha256Of(q.id()).map(sha::equals).orElse(false)) {
        SourceDocument doc = new SourceDocument(q.id(), DocKind.POSTING, q.title().isBlank() ? q.id() : q.title(),
            ds.name(), text, new MetadataExtractor().extract(text, DocKind.POSTING), List.of());
        index.upsert(indexer.embed(doc, sha));
      }
    }
    index.commit();
    List<StoredDocument> stored = new ArrayList<>();
    for (Dataset.Query q : postings) {
      stored.add(index.get(q.id(), true).orElseThrow());
    }
    List<Judged> out = new ArrayList<>();
    PairScorer scorer = matcher.scorer();
    for (StoredDocument r : index.all(DocKind.RESUME, true)) {
      boolean judged = postings.stream().anyMatch(q -> ds.qrels().getOrDefault(q.id(), Map.of()).getOrDefault(r.id(), 0) > 0);
      if (!judged) {
        continue; // a resume of a category with no posting has nothing relevant to find
      }
      CandidateProfile c = CandidateProfile.of(r);
      Map<String, Double> bm25 = matcher.bm25Scores(r.text(), DocKind.POSTING, stored.size());
      for (StoredDocument p : stored) {
        QueryProfile qp = Matcher.postingProfile(p);
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("bm25", bm25.getOrDefault(p.id(), 0.0));
        b.put("doc-cosine", r.docVector() == null || p.docVector() == null ? 0 : Vectors.cosine(r.docVector(), p.docVector()));
        double best = -1;
        for (IndexedChunk ch : r.chunks()) {
          best = Math.max(best, Vectors.cosine(p.docVector(), ch.vector()));
        }
        b.put("chunk-max", best);
        int grade = ds.qrels().getOrDefault(p.id(), Map.of()).getOrDefault(r.id(), 0) > 0 ? 3 : 0;
        out.add(new Judged("resume", r.id(), p.id(), grade, scorer.score(qp, c), b));
      }
    }
    return out;
  }

}
