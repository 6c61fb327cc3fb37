"""Provenance: the source texts the graph is transcribed from, found, served and checked."""
