package dev.rolematch.match;

import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import dev.rolematch.ingest.integrity.KeywordStuffing;
import dev.rolematch.ingest.integrity.NearDuplicates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrity flags shown with each result: those stored when the document was read (hidden
 * text, prompt injection), keyword stuffing decided from its stored chunks and terms, and near
 * copies among the documents scored for the same query (the candidate pool).
 */
final class ResultFlags {

  private final NearDuplicates duplicates;

  ResultFlags(List<StoredDocument> pool) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (StoredDocument d : pool) {
      if (d.text() != null) {
        texts.put(d.id(), d.text());
      }
    }
    duplicates = new NearDuplicates(texts);
  }

  List<IntegrityFlag> of(StoredDocument d) {
    List<IntegrityFlag> out = new ArrayList<>(d.flags());
    if (d.kind() == DocKind.RESUME && d.chunks() != null) {
      List<KeywordStuffing.Passage> passages = new ArrayList<>(d.chunks().size());
      for (IndexedChunk c : d.chunks()) {
        passages.add(new KeywordStuffing.Passage(c.section(), c.text()));
      }
      out.addAll(KeywordStuffing.check(passages, d.terms()));
    }
    out.addAll(duplicates.flagsFor(d.id()));
    return out;
  }
}
