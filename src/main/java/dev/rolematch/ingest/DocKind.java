package dev.rolematch.ingest;

/** What a document is: a role posting or a candidate's resume. */
public enum DocKind {
  POSTING,
  RESUME
}
