package dev.rolematch.index;

import dev.rolematch.index.Fields;
import dev.rolematch.index.RoleIndex;
import java.io.StringReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.charstream.FastCharStream;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.queryparser.classic.QueryParserTokenManager;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The must-have filter ({@code --must}, the API's {@code must}): Lucene query syntax over a
 * document's full text, parsed with AND as the default operator, within limits that keep one
 * query from taking the process down or a core for seconds.
 *
 * <p>The limits are checked on the query's tokens, before Lucene's {@link QueryParser} (a
 * recursive-descent parser: a few thousand nested parentheses exhaust the thread's stack) sees the
 * string. The tokens come from the parser's own token manager, an iterative state machine, so
 * parentheses inside quotes, escapes, regular expressions and ranges count exactly as the parser
 * would count them:
 *
 * <ul>
 *   <li>at most {@value #MAX_DEPTH} levels of nested parentheses;
 *   <li>at most {@value #MAX_CLAUSES} terms, phrases, patterns and ranges;
 *   <li>at most {@value #MAX_EXPANSIONS} terms that expand to many index terms (fuzzy {@code
 *       word~}, prefix {@code word*}, wildcard {@code w?rd}, regular expression {@code /.../},
 *       range {@code [a TO b]}), each of which expands to at most {@value #MAX_TERMS_PER_EXPANSION}
 *       index terms (fuzzy terms keep Lucene's limit of two edits);
 *   <li>at most {@value #MAX_CHARS} characters.
 * </ul>
 *
 * A query outside the limits, or not valid, is an {@link IllegalArgumentException} whose message
 * says what is wrong in the user's words (the CLI exits 2 with it, the API answers 400).
 */
public final class MustQuery {

  /** Longest query string. */
  public static final int MAX_CHARS = 2_000;

  /** Deepest nesting of parentheses. */
  public static final int MAX_DEPTH = 32;

  /** Most terms, phrases, patterns and ranges in one query. */
  public static final int MAX_CLAUSES = 64;

  /** Most fuzzy, prefix, wildcard, regular-expression and range terms in one query. */
  public static final int MAX_EXPANSIONS = 10;

  /** Index terms one fuzzy, prefix, wildcard, regexp or range term may expand to. */
  public static final int MAX_TERMS_PER_EXPANSION = 50;

  /** Characters of the query quoted back in a message. */
  private static final int QUOTE_CHARS = 60;

  private MustQuery() {}

  /** What a query holds, counted on its tokens. */
  record Shape(int depth, int clauses, int expansions) {}

  /** Checks the limits, then parses; a query that passes cannot exhaust the stack or the CPU. */
  public static Query parse(String must) {
    if (must == null || must.isBlank()) {
      throw new IllegalArgumentException("the must-have query is empty");
    }
    // The token scan is linear and keeps one token at a time, so it runs before the length check:
    // a query is told what makes it too costly (nesting, clauses, expansions), whatever its length.
    Shape shape = shape(must);
    if (shape.depth() > MAX_DEPTH) {
      throw new IllegalArgumentException("the must-have query nests " + shape.depth() + " levels deep; at most "
          + MAX_DEPTH + " are allowed");
    }
    if (shape.expansions() > MAX_EXPANSIONS) {
      throw new IllegalArgumentException("the must-have query has " + shape.expansions()
          + " fuzzy, wildcard, prefix, regular-expression or range terms; at most " + MAX_EXPANSIONS
          + " are allowed");
    }
    if (shape.clauses() > MAX_CLAUSES) {
      throw new IllegalArgumentException("the must-have query has " + shape.clauses()
          + " terms, phrases and patterns; at most " + MAX_CLAUSES + " are allowed");
    }
    if (must.length() > MAX_CHARS) {
      throw new IllegalArgumentException("the must-have query has " + must.length() + " characters; at most "
          + MAX_CHARS + " are allowed");
    }
    try {
      return parser().parse(must);
    } catch (ParseException e) {
      // Lucene's message starts with the whole query; say where, not all of it again.
      String m = e.getMessage() == null ? "" : e.getMessage();
      String prefix = "Cannot parse '" + must + "': ";
      throw invalid(must, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    } catch (TooComplexToDeterminizeException | IndexSearcher.TooManyClauses e) {
      throw invalid(must, "too complex to run");
    }
  }

  /**
   * Nesting depth, clauses and expanding terms, from the parser's token manager (no recursion).
   * A lexical error ends the count: the parser stops at the same place, so what follows is never
   * parsed, and {@link #parse} reports the error from the parser.
   */
  static Shape shape(String must) {
    QueryParserTokenManager tokens = new QueryParserTokenManager(new FastCharStream(new StringReader(must)));
    int depth = 0;
    int maxDepth = 0;
    int clauses = 0;
    int expansions = 0;
    int previous = -1;
    try {
      for (Token t = tokens.getNextToken(); t.kind != QueryParserConstants.EOF; t = tokens.getNextToken()) {
        switch (t.kind) {
          case QueryParserConstants.LPAREN -> maxDepth = Math.max(maxDepth, ++depth);
          case QueryParserConstants.RPAREN -> depth = Math.max(0, depth - 1);
          case QueryParserConstants.TERM, QueryParserConstants.QUOTED -> clauses++;
          case QueryParserConstants.PREFIXTERM, QueryParserConstants.WILDTERM, QueryParserConstants.REGEXPTERM,
              QueryParserConstants.RANGEIN_START, QueryParserConstants.RANGEEX_START -> {
            clauses++;
            expansions++;
          }
          // word~ and word~1 are fuzzy; "a phrase"~3 is a sloppy phrase (no expansion).
          case QueryParserConstants.FUZZY_SLOP -> {
            if (previous == QueryParserConstants.TERM) {
              expansions++;
            }
          }
          default -> {
            // operators, field names, boosts, range bounds
          }
        }
        previous = t.kind;
      }
    } catch (TokenMgrError e) {
      // counted up to the lexical error; the parser fails there too
    }
    return new Shape(maxDepth, clauses, expansions);
  }

  private static QueryParser parser() {
    QueryParser qp = new QueryParser(Fields.TEXT, LuceneQueries.analyzer()) {
      @Override
      protected Query newFuzzyQuery(Term term, float minimumSimilarity, int prefixLength) {
        String text = term.text();
        int edits = FuzzyQuery.floatToEdits(minimumSimilarity, text.codePointCount(0, text.length()));
        return new FuzzyQuery(term, edits, prefixLength, MAX_TERMS_PER_EXPANSION, FuzzyQuery.defaultTranspositions);
      }
    };
    qp.setDefaultOperator(QueryParser.Operator.AND);
    qp.setMultiTermRewriteMethod(new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(MAX_TERMS_PER_EXPANSION));
    return qp;
  }

  private static IllegalArgumentException invalid(String must, String why) {
    String shown = must.length() <= QUOTE_CHARS ? must : must.substring(0, QUOTE_CHARS) + "...";
    return new IllegalArgumentException("invalid --must query '" + shown + "': "
        + (why == null ? "" : why.lines().findFirst().orElse("")));
  }
}
