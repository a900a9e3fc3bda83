/**
 * Texts in, L2-normalised vectors out: model descriptors and their catalog, tokenisation,
 * truncation and batching ({@link dev.rolematch.embed.TransformerEmbedder}), the forward passes on
 * DJL's PyTorch engine (BERT from ONNX weights, or TorchScript), device choice and the {@link
 * dev.rolematch.embed.ModelIdentity} that says who made a vector. Offline: nothing is downloaded.
 * It knows nothing of documents, chunks, indexes or scores, and depends on no other rolematch package.
 */
package dev.rolematch.embed;
