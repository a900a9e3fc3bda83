package dev.rolematch.index;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;

/**
 * A parent's id from its doc id. Search hits need only the id, and reading it from stored fields
 * decompresses the block around the parent (its full text, its chunks' vectors): the id's doc
 * values (written since they were added) read a few bytes instead; older segments fall back.
 */
final class LuceneIds {
  private LuceneIds() {}

  static String of(IndexSearcher s, int parent) throws IOException {
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(parent, leaves));
    SortedDocValues ids = leaf.reader().getSortedDocValues(Fields.ID);
    int local = parent - leaf.docBase;
    if (ids != null && ids.advanceExact(local)) {
      return ids.lookupOrd(ids.ordValue()).utf8ToString();
    }
    return s.storedFields().document(parent, Set.of(Fields.ID)).get(Fields.ID);
  }
}
