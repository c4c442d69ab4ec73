"""The medium of every step: the lexicon of media terms, pool roles, context evidence, the inference
with its propagation across steps and pools, and the media-break patterns. Knows the lexicon, not the law."""
