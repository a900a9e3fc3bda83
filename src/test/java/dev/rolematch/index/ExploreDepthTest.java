package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kNN explores as much in an index of one segment as in one of two (README, Speed: segments and overlap). */
class ExploreDepthTest {

  @TempDir Path dir;

  @Test
  void aSingleSegmentIsSearchedTwiceAsDeep() throws Exception {
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
      w.addDocument(new Document());
      w.commit();
      try (DirectoryReader r = DirectoryReader.open(d)) {
        assertEquals(1, r.leaves().size());
        assertEquals(20, RoleIndex.exploreDepth(new IndexSearcher(r), 10));
      }
      w.addDocument(new Document());
      w.commit();
      try (DirectoryReader r = DirectoryReader.open(d)) {
        assertEquals(2, r.leaves().size());
        assertEquals(10, RoleIndex.exploreDepth(new IndexSearcher(r), 10));
      }
    }
  }
}
