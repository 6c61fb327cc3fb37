"""The documentation site as `make docs` builds it: complete, offline, within the CSP, reproducible.

The reference pages are generated from the code when the site is built; these tests read the
built pages and compare them with the code's own lists (click commands, KEYS, the ontology's
terms, read here with pyoxigraph), and break a copy of the site's sources to see the build refuse.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import click
import pyoxigraph as ox
import pytest

from kg.cli import COMMANDS, main
from kg.cli.reference import environment_variable, markdown, undocumented
from kg.foundation.config import KEYS
from tests.support.docs_site import build_site
from tests.support.readme_facts import facts, missing, plain, site_text
from tests.support.shared import PROJECT_DIR

SGO = "https://w3id.org/strategigraf/ontology#"
OWL = "http://www.w3.org/2002/07/owl#"
#: Attributes by which a page loads something (not links a reader follows).
LOADS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src"}
#: A URL that leaves the site: any scheme (data: is the resource itself) or a protocol-relative one.
ELSEWHERE = re.compile(r"^(?!data:)(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class Page(HTMLParser):
    """What a built page loads, its inline scripts and styles, and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline: list[str] = []
        self.ids: set[str] = set()
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in LOADS and LOADS[tag] in values and (tag != "link" or values.get("rel") != "canonical"):
            self.loads.append(values[LOADS[tag]])
        if tag == "style" or "style" in values or any(name.startswith("on") for name in values):
            self.inline.append(self.get_starttag_text() or tag)
        self._script = tag == "script" and "src" not in values
        if "id" in values:
            self.ids.add(values["id"])

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.inline.append(f"<script>{data.strip()[:80]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def read(page: Path) -> Page:
    parsed = Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 30, found
    return found


def test_pages_load_nothing_from_elsewhere(docs_site: Path) -> None:
    """Offline: every script, stylesheet, font and image comes from the site itself."""
    remote = {
        f"{page.relative_to(docs_site)}: {url}"
        for page in pages(docs_site)
        for url in read(page).loads
        if ELSEWHERE.match(url)
    }
    for css in docs_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        remote |= {f"{css.name}: {url}" for url in urls if ELSEWHERE.match(url)}
        remote |= {f"{css.name}: @import" for _ in re.findall(r"@import", text)}
    assert remote == set()


def test_pages_hold_no_inline_script_or_style(docs_site: Path) -> None:
    """The server's Content-Security-Policy runs only the site's own script and style files."""
    inline = {f"{page.relative_to(docs_site)}: {x}" for page in pages(docs_site) for x in read(page).inline}
    assert inline == set()


def test_two_builds_give_the_same_bytes(docs_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build_site(again).returncode == 0
    first = {p.relative_to(docs_site): p.read_bytes() for p in docs_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_cli_reference_has_every_command_and_option(docs_site: Path) -> None:
    page = (docs_site / "reference" / "cli.html").read_text(encoding="utf-8")
    ids = read(docs_site / "reference" / "cli.html").ids
    context = click.Context(main, info_name="kg", auto_envvar_prefix="KG")
    for name in COMMANDS:
        assert f"kg-{name}" in ids, name
        command = main.get_command(context, name)
        assert command is not None
        sub = click.Context(command, info_name=name, parent=context)
        for param in command.params:
            if isinstance(param, click.Option):
                for option in [*param.opts, *param.secondary_opts]:
                    assert f"<code>{option}</code>" in page, (name, option)
                assert f"<code>{environment_variable(sub, param)}</code>" in page, (name, param.name)
    assert "<code>KG_QUERY_TIMEOUT</code>" in page and "<code>KG_VALIDATE_OUTPUT_FORMAT</code>" in page


def test_the_configuration_reference_lists_every_key(docs_site: Path) -> None:
    """Was: README lists every key. The table is now generated from KEYS; every key is in it."""
    page = (docs_site / "reference" / "configuration.html").read_text(encoding="utf-8")
    assert [key for key in KEYS if f"<td><code>{key}</code></td>" not in page] == []
    assert '<td><code>"https://w3id.org/strategigraf/"</code></td>' in page


def test_the_ontology_reference_has_a_section_for_every_term(docs_site: Path) -> None:
    store = ox.Store()
    store.load(path=str(PROJECT_DIR / "ontology" / "strategigraf.ttl"), format=ox.RdfFormat.TURTLE)
    kinds = ", ".join(f"<{OWL}{kind}>" for kind in ("Class", "ObjectProperty", "DatatypeProperty"))
    ours = f"STRSTARTS(STR(?term), '{SGO}')"
    query = f"SELECT ?term WHERE {{ ?term a ?kind FILTER(?kind IN ({kinds}) && {ours}) }}"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    terms = {solution["term"].value.removeprefix(SGO) for solution in solutions}
    assert {"FocusArea", "activityOf", "firstLine", "isPartOf"} <= terms
    ids = read(docs_site / "reference" / "ontology.html").ids
    assert sorted(terms - ids) == []
    page = (docs_site / "reference" / "ontology.html").read_text(encoding="utf-8")
    assert "Innsatsområde" in page and "A numbered thematic focus area of the plan" in page


def test_undocumented_commands_options_and_arguments_are_named() -> None:
    @click.group(context_settings={"auto_envvar_prefix": "KG"})
    def group() -> None:
        """A group."""

    @group.command()
    @click.argument("source")
    @click.option("--quiet", is_flag=True)
    @click.option("--port", envvar="KG_PORT", default=8000, help="Port.")
    def run(source: str, quiet: bool, port: int) -> None:
        """Run it."""

    @group.command()
    def silent() -> None:
        pass

    assert undocumented(group) == [
        "kg run: its help does not name SOURCE",
        "kg run --quiet: no help text",
        "kg silent: no help text",
    ]
    text = markdown(group)
    assert "| `--quiet` | `KG_RUN_QUIET` | off |" in text
    assert "| `--port` | `KG_PORT` | `8000` | Port. |" in text
    assert undocumented(main) == []


def build_changed(tmp_path: Path, page: str, change: Callable[[str], str]) -> str:
    """Build a copy of the site's sources (mkdocs.yml and docs/, from the repository like the
    original) with one page changed; the build must fail, and its messages are returned."""
    shutil.copytree(PROJECT_DIR / "docs", tmp_path / "docs")
    shutil.copy(PROJECT_DIR / "mkdocs.yml", tmp_path / "mkdocs.yml")
    changed = tmp_path / "docs" / page
    changed.write_text(change(changed.read_text(encoding="utf-8")), encoding="utf-8")
    built = build_site(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert built.returncode != 0
    return built.stderr


def test_the_build_refuses_a_marker_no_generator_makes(tmp_path: Path) -> None:
    marker = "\n<!-- generated: commands -->\n"
    told = build_changed(tmp_path, "reference/index.md", lambda text: text + marker)
    assert "reference/index.md: no generator named 'commands'" in told


def test_the_build_refuses_a_lost_marker(tmp_path: Path) -> None:
    marker = "<!-- generated: configuration -->"
    told = build_changed(tmp_path, "reference/configuration.md", lambda text: text.replace(marker, ""))
    assert "generated parts no page asks for (a lost marker?):\n  configuration" in told


def test_the_build_refuses_a_broken_link_or_anchor(tmp_path: Path) -> None:
    link = "\n[the limits](../operator/limits.md#no-such-section)\n"
    told = build_changed(tmp_path, "steward/index.md", lambda text: text + link)
    assert "does not contain an anchor '#no-such-section'" in told


# What README.md said at c75bb48 (main when it became a user's page), kept to check that nothing
# was dropped: every heading, line of a code block and table cell is in the site or README.md,
# unless it is listed here with what became of it.
OLD_README = PROJECT_DIR / "tests" / "fixtures" / "readme-c75bb48.md"
OPTIONS_TABLE = "kg serve's options table: the generated reference of kg serve gives each option's help"
DEFAULTS = "strategigraf.toml's defaults: the generated table gives each default as it is written"
CHANGED = {
    "make run    # creates .venv, installs, and runs `kg serve` on this repository's graph: "
    "http://127.0.0.1:8000/": "make run builds the documentation too (README)",
    "make test   # creates .venv, installs with the dev extra, runs ruff, mypy (kg, server, tests and "
    "bench), kg fmt --check and the whole test suite": "make test runs mkdocs build --strict too (README)",
    " catalogue (DCAT-AP), VoID, dumps, descriptions, ontology docs: what the server and `kg export` "
    "publish ": "kg/publishing/ holds the reference pages' generators too (CONTRIBUTING.md)",
    " the bottom layer: namespaces (and their terms as pyoxigraph IRIs), RDF formats (one registry), "
    "reading RDF files, the project's sources, settings and `strategigraf.toml`, errors, atomic writes ": (
        "kg/foundation/ holds IRIs (slugs) too (CONTRIBUTING.md, design/layers.md)"
    ),
    " SHACL and term checks per document, positions in files, OWL reasoning; `rdflib_bridge.py` is the "
    "one way into rdflib, for pySHACL and owlrl ": (
        "kg/validation/ is the only package that imports rdflib, owlrl and owlready2 (CONTRIBUTING.md)"
    ),
    " a new strategy repository (see above) ": "'see above' is a link (reference/cli.md)",
    " a draft data file from a strategy's text, OCR damage repaired (see below) ": "a link, as above",
    " the ontology's documentation, or its RDF (see below) ": "a link to Linked Data (portal/index.md)",
    " For data stewards: adding or editing a strategy": "steward/editing.md, 'Adding or editing a strategy'",
    " Publishing (catalog, VoID, dumps)": "the portal guide: portal/index.md, catalogue.md, dumps.md",
    " Synthetic data and benchmarks": "operator/synthetic-data.md and design/benchmarks.md",
    " Base of resource and graph IRIs. ": (
        "#24: your organisation's domain, kg base-iri (reference/configuration.md)"
    ),
    " DCAT catalogue (DCAT-AP 3 and DCAT-AP-NO 2), in Turtle, RDF/XML, JSON-LD or N-Triples by `Accept` (or "
    "`?format=ttl\\|rdf\\|jsonld\\|nt`) ": "#24: DCAT-AP-NO 3.0 as well (portal/index.md)",
    " Publisher's organisation number (9 digits, Enhetsregisteret) or IRI. Empty: a local IRI. ": "#24: the "
    "check digit is checked, an empty one is not ready to be harvested (reference/configuration.md)",
    " validate, then replace all of kg's graphs in a store in one transaction ": "#22: a new version, made "
    "live at once (reference/cli.md, operator/stores.md)",
    " (empty) ": DEFAULTS,
    " Strategigraf's texts ": DEFAULTS,
    " Strategigraf's keywords ": DEFAULTS,
    " GOVE, REGI ": DEFAULTS,
    " NOB, ENG ": DEFAULTS,
    " interface to listen on ": OPTIONS_TABLE,
    " worker processes, one request at a time each ": OPTIONS_TABLE,
    " where the graph is held (in memory) ": OPTIONS_TABLE,
    " `KG_GRAPH` (space-separated) ": OPTIONS_TABLE,
    " a further named graph from `.ttl .nt .nq .trig .rdf .owl .xml .jsonld`; repeatable ": OPTIONS_TABLE,
    " `--validate/--no-validate` ": OPTIONS_TABLE,
    " seconds a query may run ": OPTIONS_TABLE,
    " result rows (or triples) per answer; `0`: no limit ": OPTIONS_TABLE,
    " bytes of a request body ": OPTIONS_TABLE,
    " the server's URL as clients see it; every URL the server writes starts with it ": OPTIONS_TABLE,
    " `KG_TRUSTED_PROXY` (space-separated) ": OPTIONS_TABLE,
    " address or CIDR network of a proxy whose `X-Forwarded-For`/`-Proto` are believed; repeatable ": (
        OPTIONS_TABLE
    ),
    " nesting levels a query may have (also `kg query`); `0`: no limit ": OPTIONS_TABLE,
    " megabytes a worker may hold while answering; `0`: no ceiling ": OPTIONS_TABLE,
    " seconds for a request's line and headers (and an idle connection) ": OPTIONS_TABLE,
    " seconds for a request's body ": OPTIONS_TABLE,
    " bytes of the request line and of each header ": OPTIONS_TABLE,
    " headers per request ": OPTIONS_TABLE,
    " `--project-dir`, `--base-iri` ": OPTIONS_TABLE,
    " `KG_PROJECT_DIR`, `KG_BASE_IRI` ": OPTIONS_TABLE,
    " where the graph is, how its IRIs are formed ": OPTIONS_TABLE,
}


def test_every_heading_command_and_table_cell_of_the_old_readme_is_still_told(docs_site: Path) -> None:
    old = OLD_README.read_text(encoding="utf-8")
    assert len(facts(old, ["heading", "code", "cell"])) > 300
    corpus = site_text(docs_site) + "\n" + plain((PROJECT_DIR / "README.md").read_text(encoding="utf-8"))
    gone = {text for _kind, text in missing(old, corpus, ["heading", "code", "cell"])}
    assert sorted(gone - set(CHANGED)) == []
    assert sorted(set(CHANGED) - gone) == [], "listed as changed but still there: take it off CHANGED"


def test_the_readme_is_a_users_page() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for onward in ("docs/steward/index.md", "docs/integrator/index.md", "docs/portal/index.md"):
        assert f"]({onward})" in readme
    assert "make run" in readme and "make test" in readme


@pytest.mark.parametrize("path", ["CONTRIBUTING.md", "SECURITY.md", "bench/README.md", "queries/README.md"])
def test_files_kept_beside_the_code_are_pages_of_the_site(docs_site: Path, path: str) -> None:
    """Included, not copied: the page holds the file's first heading and its last line."""
    text = (PROJECT_DIR / path).read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    last = next(line for line in reversed(text.splitlines()) if line.strip() and not line.startswith("|"))
    corpus = site_text(docs_site)
    assert plain(heading.lstrip("# ")) in corpus and plain(last) in corpus, path
