"""`kg validate --profile dcat-ap-no`: is what kg would publish ready for data.norge.no?

Loads the project as `kg serve` does, makes the three documents a portal harvests
(`kg.publishing.harvestable`), checks what strategigraf.toml still leaves to the publisher
(`kg.publishing.readiness`) and runs the portal's profiles over the documents
(`kg.validation.harvest`). The report says, in the steward's words (`--lang`), where to change
what: the line of strategigraf.toml when a value comes from there, else the published resource.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from kg.cli.common import EXIT_INVALID, EXIT_OK, out
from kg.cli.loading import load
from kg.foundation.config import CONFIG_FILE, key_line
from kg.foundation.settings import Settings
from kg.publishing.harvestable import harvestable
from kg.publishing.readiness import Missing, missing_for_harvest
from kg.publishing.site import Site
from kg.steward.sarif import sarif_document, sarif_location, sarif_rule
from kg.store import open_store
from kg.validation.harvest import Departure, HarvestFinding, HarvestReport, check_harvest, short

#: Where the documents would be, when no public URL is set (as `kg serve` without one).
UNSET_PUBLIC_URL = "http://localhost"
_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
_WORDS = {
    "en": {
        "Violation": "violation",
        "Warning": "warning",
        "Info": "note",
        "resources": "resources",
        "ready": "ready to be harvested",
        "not ready": "not ready to be harvested",
        "departure": "documented departure",
        "change": "change",
        "public": "server.public-url is empty: the catalogues would name {url}; set the URL portals reach",
        "summary": "{violations} violations, {warnings} warnings, {missing} settings missing",
    },
    "nb": {
        "Violation": "brudd",
        "Warning": "advarsel",
        "Info": "merknad",
        "resources": "ressurser",
        "ready": "klar for høsting",
        "not ready": "ikke klar for høsting",
        "departure": "dokumentert avvik",
        "change": "endre",
        "public": "server.public-url er tom: katalogene ville vise {url}; sett adressen portalene når",
        "summary": "{violations} brudd, {warnings} advarsler, {missing} innstillinger mangler",
    },
}


def harvest_check(settings: Settings, output_format: str, lang: str) -> None:
    """Run the check, print the report in `output_format`, exit 0 (ready) or 1 (not ready)."""
    store = open_store()
    load(store, settings.with_(infer=True))
    site = Site((settings.public_url or UNSET_PUBLIC_URL).rstrip("/"), settings)
    published = harvestable(store, site)
    report = check_harvest(published.documents, ours=published.ours, roles=published.roles)
    config = settings.config.path or settings.project_dir / CONFIG_FILE
    missing = missing_for_harvest(settings)
    if not settings.public_url:
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
        messages = {lang: words["public"].format(url=site.root) for lang, words in _WORDS.items()}
        missing.append(Missing("server.public-url", config, key_line(text, "server.public-url"), messages))
    if output_format == "sarif":
        click.echo(
            json.dumps(
                _sarif(report, missing, config, settings.project_dir, lang), ensure_ascii=False, indent=2
            )
        )
    elif output_format == "json":
        click.echo(json.dumps(_json(report, missing, published.urls), ensure_ascii=False, indent=2))
    else:
        _text(report, missing, published.urls, config, lang)
    raise SystemExit(EXIT_OK if report.ready and not missing else EXIT_INVALID)


def _where(finding: HarvestFinding, config: Path) -> tuple[Path | None, int | None]:
    if finding.key is None or not config.is_file():
        return None, None
    return config, key_line(config.read_text(encoding="utf-8"), finding.key)


def _text(
    report: HarvestReport, missing: list[Missing], urls: dict[str, str], config: Path, lang: str
) -> None:
    words = _WORDS[lang]
    for item in missing:
        out.print(f"[yellow]{escape(item.location())}[/]  {escape(item.messages[lang])}")
    for document, url in urls.items():
        found = [f for f in report.findings if f.document == document]
        if not found:
            continue
        out.print(f"[bold]{escape(url)}[/]")
        departures: dict[tuple[str, str], tuple[Departure, list[HarvestFinding]]] = {}
        for finding in found:
            if finding.departure:
                key = (finding.profile, finding.path or "")
                departures.setdefault(key, (finding.departure, []))[1].append(finding)
                continue
            style = "bold red" if finding.severity == "Violation" else "yellow"
            focus = finding.focus.removeprefix(url) or url
            kind, profile = words[finding.severity], escape(finding.profile)
            out.print(
                f"  [{style}]{kind}[/] {profile}  [bold]{escape(focus)}[/] "
                f"{escape(short(finding.path))}: {escape(finding.message(lang))}"
            )
            path, line = _where(finding, config)
            if path is not None:
                out.print(
                    f"      {words['change']} {escape(str(path))}:{line or ''} {escape(finding.key or '')}"
                )
        for (profile, prop), (departure, same) in departures.items():
            out.print(
                f"  [cyan]{words['departure']}[/] {escape(profile)}  {escape(short(prop))} "
                f"({len(same)} {words['resources']}): {escape(departure.messages[lang])}"
            )
    violations = len(report.violations)
    warnings = sum(f.severity != "Violation" and not f.departure for f in report.findings)
    verdict = words["ready"] if report.ready and not missing else words["not ready"]
    summary = words["summary"].format(violations=violations, warnings=warnings, missing=len(missing))
    out.print(f"[bold]{verdict}[/]: {summary}")


def _json(report: HarvestReport, missing: list[Missing], urls: dict[str, str]) -> dict[str, Any]:
    return {
        "ready": report.ready and not missing,
        "documents": urls,
        "missing": [
            {"key": m.key, "file": str(m.path), "line": m.line, "message": m.messages} for m in missing
        ],
        "results": [
            {
                "profile": f.profile,
                "document": urls[f.document],
                "severity": f.severity,
                "focusNode": f.focus,
                "path": f.path,
                "value": f.value,
                "sourceShape": f.shape,
                "message": f.messages,
                "key": f.key,
                "departure": f.departure.messages if f.departure else None,
            }
            for f in report.findings
        ],
    }


def _sarif(
    report: HarvestReport, missing: list[Missing], config: Path, root: Path, lang: str
) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {
        "HarvestReadiness": sarif_rule(
            "HarvestReadiness",
            {
                "en": "A setting a harvested catalogue needs is missing from strategigraf.toml",
                "nb": "En innstilling en høstet katalog trenger, mangler i strategigraf.toml",
            },
            "error",
        )
    }
    results: list[dict[str, Any]] = []
    for item in missing:
        results.append(
            {
                "ruleId": "HarvestReadiness",
                "level": "error",
                "message": {"text": item.messages[lang]},
                "properties": {"key": item.key, "messages": item.messages},
                "locations": [sarif_location(item.path, item.line, 1, root)],
            }
        )
    for finding in report.findings:
        rule = f"{finding.profile}/{finding.shape.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"
        level = "note" if finding.departure else _LEVELS.get(finding.severity, "error")
        rules.setdefault(
            rule, sarif_rule(rule, finding.messages, _LEVELS.get(finding.severity, "error"), finding.shape)
        )
        text = finding.message(lang) + (f" ({finding.departure.messages[lang]})" if finding.departure else "")
        result: dict[str, Any] = {
            "ruleId": rule,
            "level": level,
            "message": {"text": text},
            "properties": {"profile": finding.profile, "focusNode": finding.focus, "path": finding.path},
        }
        path, line = _where(finding, config)
        location: dict[str, Any] = sarif_location(path, line, 1, root) if path is not None else {}
        location["logicalLocations"] = [{"fullyQualifiedName": finding.focus, "kind": "resource"}]
        result["locations"] = [location]
        results.append(result)
    ordered = list(rules.values())
    index: dict[str, int] = {rule["id"]: number for number, rule in enumerate(ordered)}
    for result in results:
        result["ruleIndex"] = index[result["ruleId"]]
    return sarif_document(
        "kg validate --profile dcat-ap-no",
        "Strategigraf harvest check (DCAT-AP-NO, ModellDCAT-AP-NO, SKOS-AP-NO-Begrep)",
        ordered,
        results,
        root,
    )
