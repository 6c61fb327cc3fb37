"""What the endpoint tests share: the graph's IRIs and a few queries with answers from the source."""

from __future__ import annotations

SGO = "https://w3id.org/strategigraf/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
AREA_2 = "https://w3id.org/strategigraf/id/osloregionen-2017/innsatsomrade-2"

PREFIXES = f"PREFIX sgo: <{SGO}>\nPREFIX skos: <{SKOS}>\n"
COUNT_FOCUS_AREAS = PREFIXES + f"SELECT (COUNT(?area) AS ?n) WHERE {{ ?area sgo:focusAreaOf <{PLAN}> }}"
FOCUS_AREA_TITLES_NB = PREFIXES + (
    "SELECT ?position ?title WHERE { ?area a sgo:FocusArea ; sgo:position ?position ; skos:prefLabel ?title ."
    ' FILTER (lang(?title) = "nb") } ORDER BY ?position'
)
CONSTRUCT_TITLES = PREFIXES + (
    "CONSTRUCT { ?area skos:prefLabel ?title } WHERE { ?area a sgo:FocusArea ; skos:prefLabel ?title }"
)
#: Every triple of the default graph four times over: runs for hours on the repository's graph.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def seed_heading(seed_lines: list[str], number: int) -> str:
    """The title of focus area `number` as the scanned document prints it ("2. Verdiskaping ...")."""
    prefix = f"{number}. "
    (line,) = [line for line in seed_lines if line.startswith(prefix)]
    return line.removeprefix(prefix).strip()
