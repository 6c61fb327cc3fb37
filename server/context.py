"""What a request handler may reach: the store and settings the app was made with."""

from __future__ import annotations

from flask import current_app

from kg.query_runner import QueryRunner
from kg.settings import Settings
from kg.store import Store


def store() -> Store:
    return current_app.extensions["kg.store"]


def settings() -> Settings:
    return current_app.extensions["kg.settings"]


def query_runner() -> QueryRunner:
    return current_app.extensions["kg.query_runner"]
