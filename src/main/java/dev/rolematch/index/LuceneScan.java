package dev.rolematch.index;

import dev.rolematch.index.DocumentStore.DocumentVisitor;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/**
 * Every parent of a kind, segment by segment in doc order (what a refresh reads). Ids and text
 * hashes come from doc values where the segment has them (segments written before the hash's
 * doc values read stored fields). Documents are read with a sequential stored-fields reader per
 * thread and segment (Lucene's merge instance): a compressed block is decompressed once for all
 * its documents instead of once per document, several times faster over a whole index.
 */
final class LuceneScan {
  private LuceneScan() {}

  /** Receives a parent's id and text hash (null when not stored: then it is unreadable). */
  @FunctionalInterface
  interface IdVisitor {
    void visit(LeafReaderContext leaf, int local, String id, String sha) throws IOException;
  }

  /** Id and text hash of every live parent of a kind, in doc order. */
  static void ids(IndexSearcher s, DocKind kind, IdVisitor visit) throws IOException {
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    int[] leafAt = {-1};
    SortedDocValues[] ids = new SortedDocValues[1];
    BinaryDocValues[] shas = new BinaryDocValues[1];
    StoredFields fields = s.storedFields();
    LuceneDocs.forEach(s, LuceneQueries.parentsOfKind(kind), doc -> {
      int ord = org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves);
      LeafReaderContext leaf = leaves.get(ord);
      if (ord != leafAt[0]) { // doc values iterate forward, one segment at a time
        leafAt[0] = ord;
        ids[0] = leaf.reader().getSortedDocValues(Fields.ID);
        shas[0] = leaf.reader().getBinaryDocValues(Fields.SHA256_DV);
      }
      int local = doc - leaf.docBase;
      String id = null;
      String sha = null;
      if (ids[0] != null && ids[0].advanceExact(local)) {
        id = ids[0].lookupOrd(ids[0].ordValue()).utf8ToString();
      }
      if (shas[0] != null && shas[0].advanceExact(local)) {
        sha = shas[0].binaryValue().utf8ToString();
      }
      if (id == null || sha == null) {
        Document p = fields.document(doc, Set.of(Fields.ID, Fields.SHA256));
        id = p.get(Fields.ID);
        sha = p.get(Fields.SHA256);
      }
      visit.visit(leaf, local, id, sha);
    });
  }

  /** {@link DocumentStore#forEach} for the Lucene index: doc order, loaders safe on any thread. */
  static void forEach(IndexSearcher s, DocKind kind, DocumentVisitor visitor) throws IOException {
    Map<String, String> meta = DocumentCodec.commitData(s);
    int leafCount = s.getIndexReader().leaves().size();
    // one sequential reader per thread and segment: a reader keeps the block it decompressed
    ThreadLocal<StoredFields[]> readers = ThreadLocal.withInitial(() -> new StoredFields[leafCount]);
    ids(s, kind, (leaf, local, id, sha) -> {
      if (id == null || sha == null) {
        visitor.unreadable(id != null ? id : "#" + (leaf.docBase + local),
            new IllegalStateException("no id or text hash stored"));
        return;
      }
      visitor.visit(id, sha, () -> {
        StoredFields[] mine = readers.get();
        if (mine[leaf.ord] == null) {
          mine[leaf.ord] = sequential(leaf.reader());
        }
        return DocumentCodec.load(leaf, mine[leaf.ord], local, true, meta);
      });
    });
    visitor.end();
  }

  /** A merge instance where the segment is a codec reader (a directory reader's segments are). */
  private static StoredFields sequential(LeafReader reader) throws IOException {
    if (reader instanceof CodecReader codec && codec.getFieldsReader() != null) {
      return codec.getFieldsReader().getMergeInstance();
    }
    return reader.storedFields();
  }
}
