"""The query limits `kg serve` and `kg query` share: one time limit and one row cap per query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from kg.cli.common import env_option
from kg.settings import Settings


def query_limit_options(on_timeout: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--query-timeout (KG_QUERY_TIMEOUT) and --max-rows (KG_MAX_ROWS), defaults from Settings.

    `on_timeout` says what the command does with a query that runs too long.
    """
    defaults = Settings()
    options = [
        env_option(
            "--query-timeout",
            env="KG_QUERY_TIMEOUT",
            default=defaults.query_timeout,
            type=click.FloatRange(min=0, min_open=True),
            help=f"Seconds a SPARQL query may run; a longer one is stopped and {on_timeout}.",
        ),
        env_option(
            "--max-rows",
            env="KG_MAX_ROWS",
            default=defaults.max_rows,
            type=click.IntRange(min=0),
            help="Result rows (or triples) per query; longer answers are cut and say so (0: no limit).",
        ),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
