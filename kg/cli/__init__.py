"""The `kg` command line.

Exit codes, as pySHACL's: 0 when everything is fine, 1 when the graph is
invalid (or inconsistent), 2 on an error that stopped the work (bad syntax,
bad arguments, a missing tool). Options can also be set by environment
variables, named in each command's --help (e.g. KG_PORT=8080).

Each command lives in its own module and is imported only when it runs, so
that `kg query` does not pay for pySHACL or gunicorn.
"""

from __future__ import annotations

from importlib import import_module

import click

from kg import __version__

#: Command name -> "module:attribute" of its click command.
COMMANDS = {
    "init": "kg.cli.init:init",
    "validate": "kg.cli.validate:validate",
    "reason": "kg.cli.reason:reason",
    "serve": "kg.cli.serve:serve",
    "query": "kg.cli.query:query",
    "export": "kg.cli.export:export",
    "push": "kg.cli.push:push",
    "synth": "kg.cli.synth:synth",
    "diff": "kg.cli.diff:diff",
    "fmt": "kg.cli.fmt:fmt",
    "import-text": "kg.cli.import_text:import_text_command",
    "base-iri": "kg.cli.base_iri:base_iri",
    "classify": "kg.cli.classify:classify_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"auto_envvar_prefix": "KG", "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Strategigraf: a knowledge graph of public strategy documents.

    Validate, reason over, query, serve and publish the strategies of a project: the
    folder with a strategigraf.toml (found by walking up from the current folder; see
    `kg init`), its data/ and sources/, with the ontology, shapes and named queries kg ships.
    """
    from kg.cli.common import show_warnings_as_lines

    show_warnings_as_lines()
