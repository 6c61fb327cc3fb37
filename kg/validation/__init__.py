"""Checking the graph: SHACL validation per document, term checks, positions in files, OWL reasoning.

The one package that uses rdflib (pySHACL's term model), owlrl and owlready2, through
`rdflib_bridge`; what it hands out (`problems`, `locate`, `reason`) is in pyoxigraph's terms.
"""
