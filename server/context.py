"""What a request handler may reach: the store and settings the app was made with."""

from __future__ import annotations

from flask import current_app

from kg.settings import Settings
from kg.store import Store


def store() -> Store:
    return current_app.extensions["kg.store"]


def settings() -> Settings:
    return current_app.extensions["kg.settings"]
