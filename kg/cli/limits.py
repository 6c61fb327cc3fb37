"""The query limits `kg serve` and `kg query` share: a time limit, a row cap and a nesting limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from kg.cli.common import env_option
from kg.foundation.settings import Settings


def query_limit_options(on_timeout: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--query-timeout (KG_QUERY_TIMEOUT), --max-rows (KG_MAX_ROWS) and --max-nesting
    (KG_MAX_NESTING), defaults from Settings.

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
        env_option(
            "--max-nesting",
            env="KG_MAX_NESTING",
            default=defaults.max_nesting,
            type=click.IntRange(min=0),
            help="Nesting levels a query may have (each bracket, and each further element of a chain "
            "such as UNION or an operator); a deeper query is refused before any parser reads it "
            "(0: no limit).",
        ),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
