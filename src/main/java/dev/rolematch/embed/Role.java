package dev.rolematch.embed;

/** What a text is for: a short query (gets the model's query prefix) or a document being indexed. */
public enum Role {
  QUERY,
  DOCUMENT
}
