"""The query page at /sparql: a SPARQL editor (YASGUI) pre-filled with the repository's example queries.

The editor's files come from this server (`make assets` puts them in
static/vendor/), so the page works offline. Without them the page still
offers a plain form that posts to the endpoint, and says how to get the editor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app, render_template

from kg.query.named import query_files
from server import context

EDITOR_SCRIPT = "vendor/yasgui/yasgui.min.js"


@dataclass(frozen=True)
class Example:
    title: str
    query: str


def examples(query_dirs: tuple[Path, ...]) -> list[Example]:
    """The named queries (*.rq), titled by their `#+ title:` header (else the file name)."""
    found = []
    for path in query_files(*query_dirs).values():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a broken file is the named-queries checker's business, not the page's
        found.append(Example(_title(text) or path.stem, text))
    return found


def _title(text: str) -> str | None:
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#+ ").partition(":")
        if line.startswith("#+") and sep and key.strip().lower() == "title":
            return value.strip().strip("\"'") or None
    return None


def render_query_page(endpoint: str) -> str:
    settings = context.settings()
    static = Path(current_app.static_folder or "")
    return render_template(
        "sparql/query.html",
        endpoint=endpoint,
        examples=[asdict(e) for e in examples(settings.query_dirs)],
        editor=(static / EDITOR_SCRIPT).is_file(),
        settings=settings,
    )
