"""Loading the graph: the RDF formats, reading files, the repository's sources, inference, namespaces."""
