"""MkDocs hook: the reference pages' generated parts, and a build that gives the same bytes twice.

A page asks for a generated part with a line `<!-- generated: NAME -->`; the part is made from
its one source each time the site is built (the click commands, `KEYS`, the ontology), never
committed. The build fails when a command, option or key has nothing to say, when a marker names
no generator, or when a generator's marker is missing from every page (a page lost it).

Code blocks are coloured by Pygments (pymdownx.highlight); its two stylesheets, light and dark,
are written here too, under the ids the theme's colour-mode switch turns on and off (its own
highlight.js would load from a CDN).

The theme's 404 page is what `kg serve` answers for a missing page under /docs/ (at any depth),
so its links start from there (SERVED_AT) instead of from the server's root.

The theme writes the build time into the home page and sitemap; it is taken from
SOURCE_DATE_EPOCH (the reproducible-builds convention MkDocs follows), which this hook sets to the
time of the last commit when the caller has not, so two builds of one commit are identical.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)


def _cli() -> str:
    from kg.cli import main
    from kg.cli.reference import markdown, undocumented

    _refuse("kg commands without documentation", undocumented(main))
    return markdown(main)


def _configuration() -> str:
    from kg.publishing.reference import configuration_markdown, undocumented_keys

    _refuse("strategigraf.toml keys without a meaning", undocumented_keys())
    return configuration_markdown()


def _ontology() -> str:
    from kg.foundation.vocabulary import packaged_vocabulary
    from kg.publishing.reference import ontology_markdown, read_ontology

    return ontology_markdown(read_ontology(packaged_vocabulary() / "ontology"))


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": _cli,
    "configuration": _configuration,
    "ontology": _ontology,
}
_used: set[str] = set()
#: Where kg serve shows the site (server/docs_site.py).
SERVED_AT = "/docs"
#: Pygments styles of code blocks, by colour mode (docs/_theme/main.html links them).
CODE_STYLES = {"light": "default", "dark": "github-dark"}


def _refuse(what: str, problems: list[str]) -> None:
    if problems:
        raise PluginError(f"{what}:\n  " + "\n  ".join(problems))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _used.clear()
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time(Path(config.config_file_path).parent))
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def generated(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_path}: no generator named {name!r} ({', '.join(GENERATORS)})")
        _used.add(name)
        return GENERATORS[name]()

    return MARKER.sub(generated, markdown)


def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    if template_name == "404.html":
        context["base_url"] = SERVED_AT
    return context


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    _refuse("generated parts no page asks for (a lost marker?)", sorted(set(GENERATORS) - _used))
    from pygments.formatters import HtmlFormatter

    css = Path(config.site_dir) / "css"
    for name, style in CODE_STYLES.items():
        (css / f"code-{name}.css").write_text(HtmlFormatter(style=style).get_style_defs(".highlight"))


def _last_commit_time(folder: Path) -> str:
    """Seconds since 1970 of the last commit; without git, of the newest documentation file."""
    try:
        command = ["git", "-C", str(folder), "log", "-1", "--format=%ct"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        if done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return str(int(max(path.stat().st_mtime for path in (folder / "docs").rglob("*.md"))))
