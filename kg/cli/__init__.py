"""The `kg` command line.

Exit codes, as pySHACL's: 0 when everything is fine, 1 when the graph is
invalid (or inconsistent), 2 on an error that stopped the work (bad syntax,
bad arguments, a missing tool). Every option can also be set with an
environment variable named KG_<OPTION> (e.g. KG_PORT=8080).
"""

from __future__ import annotations

import click

from kg import __version__
from kg.cli.push import push
from kg.cli.reason import reason
from kg.cli.serve import serve
from kg.cli.synth import synth
from kg.cli.validate import validate


@click.group(context_settings={"auto_envvar_prefix": "KG", "help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Strategigraf: a knowledge graph of public strategy documents.

    Validate, reason over, query, serve and publish the graph held in this
    repository's ontology/, shapes/ and data/ folders.
    """


main.add_command(validate)
main.add_command(reason)
main.add_command(serve)
main.add_command(push)
main.add_command(synth)
