package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopTermsRewrite;
import org.junit.jupiter.api.Test;

/** The must-have query's limits: hostile inputs are refused before Lucene's parser sees them. */
class MustQueryTest {

  static String nested(int depth, String inner) {
    return "(".repeat(depth) + inner + ")".repeat(depth);
  }

  static String message(String must) {
    return assertThrows(IllegalArgumentException.class, () -> MustQuery.parse(must)).getMessage();
  }

  @Test
  void deepNestingIsRefusedBeforeParsing() {
    // 3,000 levels overflowed the stack of QueryParser's recursive descent (the hostile input).
    assertEquals("the must-have query nests 3000 levels deep; at most 32 are allowed",
        message(nested(3000, "python")));
    assertTrue(message(nested(33, "python")).contains("nests 33 levels deep"));
    assertTrue(MustQuery.parse(nested(32, "python")) != null);
    // Unbalanced: still counted, never parsed.
    assertTrue(message("(".repeat(1000) + "python").contains("nests 1000 levels"));
    // Depth is counted on the whole string, so even a huge one is told about its nesting.
    assertTrue(message(nested(100_000, "python")).contains("nests 100000 levels"));
  }

  @Test
  void parenthesesAreCountedAsTheParserCountsThem() {
    // Inside a phrase, escaped, or inside a range they are text, not nesting.
    MustQuery.parse("\"" + "(".repeat(40) + "\" AND python");
    MustQuery.parse("\\(".repeat(40) + "python");
    // A quote inside a regular expression does not open a phrase that would hide what follows.
    assertTrue(message("/\"/ AND " + nested(500, "python")).contains("nests 500 levels"));
    // Nor does a slash or quote inside a range start a regexp or a phrase.
    assertTrue(message("[/ TO z] AND " + nested(500, "python")).contains("nests 500 levels"));
    assertTrue(message("[\" TO z] AND " + nested(500, "python")).contains("nests 500 levels"));
    // A quote opened by an escaped quote is no quote.
    assertTrue(message("\\\" " + nested(500, "python") + " \"").contains("nests 500 levels"));
  }

  @Test
  void fuzzyWildcardPrefixAndRegexpTermsAreCapped() {
    List<String> fuzzy = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      fuzzy.add("w" + i + "~");
    }
    String thousand = String.join(" ", fuzzy);
    assertTrue(message(thousand).startsWith("the must-have query has 1000 fuzzy, wildcard, prefix,"),
        message(thousand));
    assertTrue(message(String.join(" OR ", fuzzy.subList(0, 11))).contains("has 11 fuzzy"));
    assertTrue(message("a* b* c? d* e* f* g* h* i* j* k*").contains("has 11 fuzzy"));
    assertTrue(message("/a.*/ /b.*/ /c.*/ /d.*/ /e.*/ /f.*/ /g.*/ /h.*/ /i.*/ /j.*/ /k.*/").contains("has 11"));
    assertTrue(message(String.join(" ", java.util.Collections.nCopies(11, "[a TO c]"))).contains("has 11"));
    // Ten are allowed; a phrase slop is not a fuzzy term.
    MustQuery.parse(String.join(" OR ", fuzzy.subList(0, 10)));
    MustQuery.parse(String.join(" ", java.util.Collections.nCopies(20, "\"deep learning\"~2")));
  }

  @Test
  void expansionsAreBoundedByLucene() {
    Query q = MustQuery.parse("pytorch~ AND pyth*");
    List<Query> leaves = new ArrayList<>();
    for (BooleanClause c : ((BooleanQuery) q).clauses()) {
      leaves.add(c.query());
    }
    FuzzyQuery fuzzy = assertInstanceOf(FuzzyQuery.class, leaves.get(0));
    assertEquals(2, fuzzy.getMaxEdits(), "Lucene's two edits at most");
    assertEquals(MustQuery.MAX_TERMS_PER_EXPANSION,
        assertInstanceOf(TopTermsRewrite.class, fuzzy.getRewriteMethod()).getSize());
    PrefixQuery prefix = assertInstanceOf(PrefixQuery.class, leaves.get(1));
    assertEquals(MustQuery.MAX_TERMS_PER_EXPANSION,
        assertInstanceOf(TopTermsRewrite.class, prefix.getRewriteMethod()).getSize());
    assertEquals(2, ((FuzzyQuery) MustQuery.parse("pytorch~5")).getMaxEdits());
  }

  @Test
  void clausesAndLengthAreCapped() {
    String many = String.join(" OR ", java.util.Collections.nCopies(65, "python"));
    assertEquals("the must-have query has 65 terms, phrases and patterns; at most 64 are allowed", message(many));
    MustQuery.parse(String.join(" OR ", java.util.Collections.nCopies(64, "python")));
    assertTrue(message("x".repeat(5000)).contains("5000 characters; at most 2000"));
  }

  @Test
  void invalidQueriesSayWhatIsWrongWithoutEchoingAllOfIt() {
    String m = message("(python AND");
    assertTrue(m.startsWith("invalid --must query '(python AND': "), m);
    assertTrue(!m.contains("Cannot parse"), m);
    String longBad = "python AND " + "x".repeat(500) + " AND (";
    String m2 = message(longBad);
    assertTrue(m2.length() < 300, m2);
    assertTrue(message("   ").contains("empty"));
    MustQuery.parse("python AND (pytorch OR tensorflow) AND NOT cobol");
  }
}
