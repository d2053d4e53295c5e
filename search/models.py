"""Per-page text of archive documents, for search."""
