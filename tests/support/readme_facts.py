"""Facts of a Markdown document, and whether a text still holds each: for moving documentation.

When README.md became a user's page and the rest moved into the documentation site, nothing was
to be dropped. A fact here is a heading, a line of a code block, a cell of a table or, in prose,
a sentence; it is found in a text when its words are there in the same order, whatever the
markup (Markdown or HTML), line breaks and spacing around them.

Run as a script it lists the facts of README.md at a revision that the built site and README.md
no longer hold, sentences included (the test checks the rest):

    .venv/bin/python -m tests.support.readme_facts c75bb48 site
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

KINDS = ("heading", "code", "cell", "sentence")
_FENCE = re.compile(r"^\s*```")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\*\*))\s+")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])")


def facts(markdown: str, kinds: Iterable[str] = KINDS) -> list[tuple[str, str]]:
    """(kind, text) of each fact of a Markdown document, in its order."""
    wanted = set(kinds)
    return [(kind, text) for kind, text in _facts(markdown) if kind in wanted and words(kind, text)]


def _facts(markdown: str) -> Iterator[tuple[str, str]]:
    in_code = False
    paragraph: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            yield "code", line
            continue
        stripped = line.strip()
        if stripped.startswith("#") or stripped.startswith("|") or not stripped:
            yield from _sentences(" ".join(paragraph))
            paragraph = []
        if stripped.startswith("#"):
            yield "heading", stripped.lstrip("#")
        elif stripped.startswith("|"):
            if not re.fullmatch(r"[|\-: ]+", stripped):
                cells = re.split(r"(?<!\\)\|", stripped.strip("|"))
                yield from (("cell", cell) for cell in cells)
        elif stripped:
            paragraph.append(re.sub(r"^([*-]|\d+\.)\s+", "", stripped))


def _sentences(paragraph: str) -> Iterator[tuple[str, str]]:
    yield from (("sentence", sentence) for sentence in _SENTENCE_END.split(paragraph) if sentence)


def normal(text: str) -> str:
    """The words of a text: HTML entities resolved, the permalink sign of headings dropped, spacing
    collapsed."""
    return " ".join(html.unescape(text).replace("¶", "").split())


def plain(markdown: str) -> str:
    """The words of Markdown without its markup: emphasis, code marks, links and escapes removed."""
    pieces = _CODE_SPAN.split(_LINK.sub(r"\1", markdown))
    text = "".join(p if p.startswith("`") else _EMPHASIS.sub(r"\1", p.replace("**", "")) for p in pieces)
    return normal(re.sub(r"\\([|\\`*_\[\]<>])", r"\1", text).replace("`", ""))


class _Text(HTMLParser):
    """The text of an HTML page; blocks end in a space so that their words do not run together."""

    BLOCKS = frozenset(
        {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div", "tr", "dt", "dd"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def site_text(site: Path) -> str:
    """The words of every page of a built site, normalised."""
    texts = []
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        texts.append(normal("".join(parser.parts)))
    return "\n".join(texts)


def missing(markdown: str, corpus: str, kinds: Iterable[str]) -> list[tuple[str, str]]:
    """The facts of `markdown` whose words `corpus` (normalised) does not hold."""
    return [fact for fact in facts(markdown, kinds) if words(*fact) not in corpus]


def words(kind: str, text: str) -> str:
    """What must be found of a fact: a code line as it is written, anything else without markup."""
    return normal(text) if kind == "code" else plain(text)


def main(revision: str, site: str) -> None:
    old = subprocess.run(["git", "show", f"{revision}:README.md"], capture_output=True, text=True, check=True)
    corpus = site_text(Path(site)) + "\n" + plain(Path("README.md").read_text(encoding="utf-8"))
    found = missing(old.stdout, corpus, KINDS)
    for kind, text in found:
        print(f"{kind}: {text}")
    print(f"{len(found)} of {len(facts(old.stdout))} facts not found", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
