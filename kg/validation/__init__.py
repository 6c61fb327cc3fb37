"""Checking the graph: SHACL validation per document, term checks, positions in files, OWL reasoning."""
