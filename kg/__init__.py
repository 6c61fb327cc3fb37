"""Strategigraf: a knowledge graph of public strategy documents.

The package holds everything that works on the graph itself: finding and parsing
the Turtle sources, the stores that hold the graph, validation, reasoning,
inference, named queries and export. The web layer (`server`) talks to the graph
only through this package.
"""

__version__ = "0.1.0"
