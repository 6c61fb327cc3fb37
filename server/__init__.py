"""The web layer: a Flask app that serves the graph held by a `kg` store."""

from server.app import create_app

__all__ = ["create_app"]
