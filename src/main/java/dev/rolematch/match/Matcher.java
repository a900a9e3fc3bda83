package dev.rolematch.match;

import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Role;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.Filters;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.TermSets;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.ParsedPosting;
import dev.rolematch.ingest.PostingParser;
import dev.rolematch.ingest.Requirement;
import dev.rolematch.ingest.RequirementKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posting → candidates, topic → candidates, candidate → postings. Candidates come from the store's kNN
 * (filters inside the searches) and BM25, pre-scored by the score's vector features ({@link
 * CandidatePool}); the best of them are scored by {@link PairScorer}, the same scorer batch refresh uses.
 */
public final class Matcher {

  /** Candidates scored exactly per query (at least; 5 × top when more are asked for). */
  private static final int POOL = Integer.getInteger("rolematch.pool.size", 100);

  /** A topic query is its name, up to this many aliases, and its description, each a need. */
  private static final int MAX_TOPIC_ALIASES = 8;

  private final DocumentStore index;
  private final Embedder embedder;
  private final Calibration calibration;
  private final PairScorer fixedScorer;
  private volatile PairScorer scorer;
  private final Taxonomy taxonomy;
  private final PostingParser parser = new PostingParser();

  /** A matcher whose scorer follows the index's corpus statistics snapshot (the product). */
  public Matcher(DocumentStore index, Embedder embedder, Calibration calibration, Taxonomy taxonomy) {
    this.index = index;
    this.embedder = embedder;
    this.calibration = calibration;
    this.fixedScorer = null;
    this.taxonomy = taxonomy;
  }

  /** A matcher with a fixed scorer (tests and benchmarks). */
  public Matcher(DocumentStore index, Embedder embedder, PairScorer scorer, Taxonomy taxonomy) {
    this.index = index;
    this.embedder = embedder;
    this.calibration = scorer.calibration();
    this.fixedScorer = scorer;
    this.taxonomy = taxonomy;
  }

  /** The scorer for the index as it is now: rebuilt when a writer retook the corpus statistics. */
  public PairScorer scorer() {
    if (fixedScorer != null) {
      return fixedScorer;
    }
    try {
      var stats = index.corpusStats();
      PairScorer s = scorer;
      if (s == null || s.stats() != stats) {
        s = new PairScorer(calibration, stats);
        scorer = s;
      }
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  // ---- query profiles ----

  /** An indexed posting: its requirements and vectors come from the index, nothing is embedded. */
  public static QueryProfile postingProfile(StoredDocument posting) {
    List<QueryProfile.Need> needs = new ArrayList<>();
    for (IndexedChunk c : posting.chunks()) {
      if (c.requirementKind() == null || c.requirementKind().isEmpty()) {
        continue;
      }
      RequirementKind kind = RequirementKind.valueOf(c.requirementKind());
      needs.add(need(c.text(), kind, c.vector()));
    }
    return new QueryProfile("posting", posting.id(), posting.title(), needs, posting.docVector(),
        posting.titleVector()).withRole(CandidateProfile.roleOf(posting));
  }

  static QueryProfile.Need need(String text, RequirementKind kind, float[] vector) {
    String degree = kind == RequirementKind.MUST ? PairScorer.requiredDegree(text) : null;
    return new QueryProfile.Need(text, kind, vector, TermSets.of(text), degree);
  }

  /** A posting that is not indexed: parsed and embedded now. */
  public QueryProfile postingProfile(String id, String title, String text, List<String> notes) {
    ParsedPosting parsed = parser.parse(text);
    notes.addAll(parsed.notes());
    List<Requirement> reqs = parsed.requirements();
    if (reqs.isEmpty()) {
      throw new IllegalArgumentException("posting '" + id + "' has no text to match");
    }
    float[][] vectors = embedder.embed(reqs.stream().map(Requirement::text).toList(), Role.QUERY);
    List<QueryProfile.Need> needs = new ArrayList<>();
    for (int i = 0; i < reqs.size(); i++) {
      needs.add(need(reqs.get(i).text(), reqs.get(i).kind(), vectors[i]));
    }
    float[] doc = embedder.embed(text, Role.DOCUMENT);
    String shown = title.isEmpty() ? parsed.title() : title;
    float[] titleVector = shown.isBlank() ? null : embedder.embed(shown, Role.QUERY);
    Integer years = new dev.rolematch.ingest.MetadataExtractor().extract(text, DocKind.POSTING).yearsExperience();
    return new QueryProfile("posting", id, shown, needs, doc, titleVector)
        .withRole(dev.rolematch.ingest.RoleProfile.ofPosting(shown, text, years));
  }

  /** A taxonomy topic (by id, name or alias) or free text. */
  public QueryProfile topicProfile(String text, List<String> notes) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the topic is empty; try e.g. \"generative AI\" or \"NLP\"");
    }
    var topic = taxonomy.resolve(text);
    String name;
    String id;
    List<String> texts = new ArrayList<>();
    if (topic.isPresent()) {
      var t = topic.get();
      id = t.id();
      name = t.name();
      texts.add(t.name());
      for (String alias : t.aliases() == null ? List.<String>of() : t.aliases()) {
        if (texts.size() <= MAX_TOPIC_ALIASES) {
          texts.add(alias);
        }
      }
      texts.add(t.description());
      notes.add("topic '" + text + "' resolved to taxonomy topic " + t.id());
    } else {
      id = text;
      name = text;
      texts.add(text);
      notes.add("'" + text + "' is not in the taxonomy: matched as free text");
    }
    texts.add(name);
    float[][] vectors = embedder.embed(texts, Role.QUERY);
    List<QueryProfile.Need> needs = new ArrayList<>();
    for (int i = 0; i < texts.size() - 1; i++) {
      needs.add(need(texts.get(i), RequirementKind.TOPIC, vectors[i]));
    }
    // The topic as one query: its name compared with whole resumes and their best chunk.
    return new QueryProfile("topic", id, name, needs, vectors[texts.size() - 1]);
  }

  // ---- the three queries ----

  public MatchResponse matchPosting(QueryProfile posting, Filters filters, int topK, List<String> notes)
      throws IOException {
    List<MatchResult> results = rank(posting, DocKind.RESUME, filters, topK);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("type", "posting");
    q.put("posting", posting.id());
    q.put("title", posting.title());
    q.put("level", posting.role().levelName());
    q.put("family", posting.role().familyName());
    q.put("requirements", countKinds(posting));
    q.put("filters", filters);
    q.put("top", topK);
    return new MatchResponse(q, index.info().modelId(), results, notes);
  }

  public MatchResponse topic(String text, Filters filters, int topK) throws IOException {
    List<String> notes = new ArrayList<>();
    return topic(text, topicProfile(text, notes), filters, topK, notes);
  }

  /** Topic → candidates for a ready profile (benchmarks build synthetic ones). */
  public MatchResponse topic(String text, QueryProfile profile, Filters filters, int topK, List<String> notes)
      throws IOException {
    List<MatchResult> results = rank(profile, DocKind.RESUME, filters, topK);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("type", "topic");
    q.put("topic", text);
    q.put("resolved", profile.id());
    q.put("filters", filters);
    q.put("top", topK);
    return new MatchResponse(q, index.info().modelId(), results, notes);
  }

  /** Postings for a candidate: every posting that passes the filters, scored as a pair. */
  public MatchResponse postingsFor(String candidateId, Filters filters, int topK) throws IOException {
    StoredDocument cand = index.get(candidateId, DocKind.RESUME, true)
        .orElseThrow(() -> new IllegalArgumentException(
            "no resume with id '" + candidateId + "' in the index; list ids with ./rolematch stats --ids"));
    CandidateProfile c = CandidateProfile.of(cand);
    List<StoredDocument> postings = index.all(DocKind.POSTING, filters, true);
    List<Scored> scored = new ArrayList<>();
    PairScorer sc = scorer();
    for (StoredDocument p : postings) {
      QueryProfile qp = postingProfile(p);
      scored.add(new Scored(p, qp.role(), sc.score(qp, c)));
    }
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("type", "candidate");
    q.put("candidate", candidateId);
    q.put("title", cand.title());
    q.put("filters", filters);
    q.put("top", topK);
    return new MatchResponse(q, index.info().modelId(), toResults(scored, topK), new ArrayList<>());
  }

  /** A scored document with its role (read once, when its profile was built). */
  private record Scored(StoredDocument doc, dev.rolematch.ingest.RoleProfile role, PairScorer.PairScore score) {}

  private List<MatchResult> rank(QueryProfile q, DocKind target, Filters filters, int topK) throws IOException {
    List<StoredDocument> pool = candidates(q, target, filters, Math.max(topK * 5, POOL));
    List<Scored> scored = new ArrayList<>(pool.size());
    PairScorer sc = scorer();
    for (StoredDocument d : pool) {
      CandidateProfile c = CandidateProfile.of(d);
      scored.add(new Scored(d, c.role(), sc.score(q, c)));
    }
    return toResults(scored, topK);
  }

  private static List<MatchResult> toResults(List<Scored> scored, int topK) {
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.score().score())
        .thenComparingDouble(s -> -mean(s.score().features()))
        .thenComparing(s -> s.doc().id()));
    List<MatchResult> out = new ArrayList<>();
    ResultFlags flags = new ResultFlags(scored.stream().map(Scored::doc).toList());
    for (int i = 0; i < Math.min(topK, scored.size()); i++) {
      Scored s = scored.get(i);
      var m = s.doc().metadata();
      List<Evidence> ev = new ArrayList<>(s.score().evidence());
      ev.sort(Comparator.comparingInt((Evidence e) -> kindOrder(e.kind())).thenComparingDouble(e -> -e.similarity()));
      var role = s.role();
      out.add(new MatchResult(i + 1, s.doc().id(), s.doc().title(), s.score().score(), s.score().mustHaves(), ev,
          new MatchResult.Metadata(m.location(), m.yearsExperience(), m.highestDegree(), m.graduationYear(),
              role.levelName(), role.familyName()), flags.of(s.doc())));
    }
    return out;
  }

  private static int kindOrder(String kind) {
    return switch (kind) {
      case "MUST" -> 0;
      case "DUTY", "TOPIC" -> 1;
      default -> 2;
    };
  }

  private static double mean(double[] f) {
    double s = 0;
    for (double v : f) {
      s += v;
    }
    return s / Math.max(1, f.length);
  }

  private static Map<String, Integer> countKinds(QueryProfile q) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (RequirementKind k : RequirementKind.values()) {
      m.put(k.name().toLowerCase(java.util.Locale.ROOT), 0);
    }
    for (QueryProfile.Need n : q.needs()) {
      m.merge(n.kind().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }
    return m;
  }

  /**
   * The candidate pool ({@link CandidatePool}): gathered by kNN and BM25 with filters inside the
   * searches, pre-scored by the score's vector features, and the best {@code pool} documents
   * loaded with their chunks (no more than that: loading is what costs).
   */
  public List<StoredDocument> candidates(QueryProfile q, DocKind target, Filters filters, int pool)
      throws IOException {
    PoolWeights weights = PoolWeights.of(q, calibration.forType(q.type()));
    return CandidatePool.candidates(index, q, weights, needsText(q), target, filters, pool);
  }

  /** BM25 scores of the documents of a kind for a raw query text (the lexical baseline). */
  public Map<String, Double> bm25Scores(String text, DocKind target, int k) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (DocumentStore.Hit h : index.lexical(target, text, k, null)) {
      out.put(h.id(), h.score());
    }
    return out;
  }

  private static String needsText(QueryProfile q) {
    StringBuilder sb = new StringBuilder();
    for (QueryProfile.Need n : q.needs()) {
      sb.append(n.text()).append('\n');
    }
    return sb.toString();
  }
}
