"""Property tests over a grammar of OpenAPI documents, and the regressions they found."""
