"""The bottom layer: terms and namespaces, formats, reading RDF files, IRIs, settings, the project's
configuration, errors and atomic writes. It imports nothing else of kg."""
