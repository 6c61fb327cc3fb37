"""Representative SPARQL queries on the repository's graph, for the store parity test and bench/.

They cover what the named queries and clients ask: lookups, joins, aggregates,
property paths, language filters, dates, OPTIONAL, NOT EXISTS, VALUES,
CONSTRUCT. Where an answer can be read off the source document
(../shared/seeds/000_bad88d70322fed8d.txt, checked by hand), it is given.
"""

from __future__ import annotations

from kg.foundation.settings import Settings
from kg.query.named import load_queries

PREFIXES = """PREFIX sgo: <https://w3id.org/strategigraf/ontology#>
PREFIX id: <https://w3id.org/strategigraf/id/>
PREFIX osr: <https://w3id.org/strategigraf/id/osloregionen-2017/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: name -> (query, what the answer is by the source document, or None where only parity is checked)
QUERIES: dict[str, tuple[str, object]] = {
    "focus areas in order": (
        """SELECT ?position ?label WHERE {
             ?area sgo:focusAreaOf id:osloregionen-2017 ; sgo:position ?position ; skos:prefLabel ?label .
             FILTER(LANG(?label) = "nb") } ORDER BY ?position""",
        [
            ("1", "Areal, transport og klima/miljø"),
            ("2", "Verdiskaping og kompetanse"),
            ("3", "Felles internasjonal profilering av Osloregionen"),
        ],
    ),
    "activities per focus area": (
        """SELECT ?position (COUNT(?activity) AS ?activities) WHERE {
             ?area sgo:focusAreaOf id:osloregionen-2017 ; sgo:position ?position .
             ?activity sgo:activityOf ?area } GROUP BY ?position ORDER BY ?position""",
        [("1", "1"), ("2", "4"), ("3", "1")],
    ),
    "themes and means through a path": (
        """SELECT (COUNT(DISTINCT ?element) AS ?n) WHERE {
             ?element (sgo:themeOf|sgo:meansOf)?/sgo:activityOf/sgo:focusAreaOf id:osloregionen-2017 }""",
        [("13",)],  # 6 activities, 5 themes of 1.1, 2 means of 3.1
    ),
    "six roles, English": (
        """SELECT ?label WHERE { ?role sgo:workingMethodOf id:osloregionen-2017 ; sgo:position ?p ;
             skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) } ORDER BY ?p""",
        None,
    ),
    "strategic elements by class hierarchy": (
        """SELECT (COUNT(DISTINCT ?element) AS ?n) WHERE {
             ?element a/rdfs:subClassOf* sgo:StrategicElement }""",
        [("26",)],  # vision 1, directions 3, roles 6, focus areas 3, activities 6, themes 5, means 2
    ),
    "documents issued before 2016": (
        """SELECT ?title WHERE { ?doc a sgo:StrategyDocument ; dcterms:issued ?year ; dcterms:title ?title .
             FILTER(?year < "2016"^^xsd:gYear && LANG(?title) = "nb") }""",
        [("Internasjonal profileringsstrategi for Osloregionen",)],
    ),
    "what cites lines 44 to 50": (
        """SELECT ?resource WHERE { ?resource sgo:firstLine ?first ; sgo:lastLine ?last .
             FILTER(?first >= 44 && ?last <= 50) } ORDER BY ?resource""",
        None,
    ),
    "optional follow-ups": (
        """SELECT ?activity ?document WHERE { ?activity a sgo:Activity .
             OPTIONAL { ?activity sgo:followsUp ?document } }""",
        None,
    ),
    "not truncated focus areas": (
        """SELECT (COUNT(?area) AS ?n) WHERE { ?area a sgo:FocusArea .
             FILTER NOT EXISTS { ?area sgo:truncatedInSource true } }""",
        [("2",)],
    ),
    "text search": (
        """SELECT DISTINCT ?resource WHERE { ?resource skos:prefLabel ?label .
             FILTER(CONTAINS(LCASE(STR(?label)), "osloregionen")) } ORDER BY ?resource""",
        None,
    ),
    "values and bind": (
        """SELECT ?area ?text WHERE { VALUES ?area { osr:innsatsomrade-1 osr:innsatsomrade-3 }
             ?area skos:prefLabel ?label . BIND(CONCAT(STR(?label), " (", LANG(?label), ")") AS ?text) }""",
        None,
    ),
    "datatypes of literals": (
        """SELECT ?datatype (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(ISLITERAL(?o))
             BIND(DATATYPE(?o) AS ?datatype) } GROUP BY ?datatype""",
        None,
    ),
    "triples per named graph": (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        None,
    ),
    "order, limit, offset": (
        # By STR(): SPARQL leaves the order of literals in different languages to the store; and by
        # LANG(): Los names a concept alike in nb and nn.
        "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } "
        "ORDER BY STR(?label) ?s LANG(?label) LIMIT 5 OFFSET 3",
        None,
    ),
    "the truncation is recorded": ("ASK { osr:innsatsomrade-3 sgo:truncatedInSource true }", True),
    "no fourth focus area": ("ASK { osr:innsatsomrade-4 ?p ?o }", False),
    "focus areas as a graph": (
        """CONSTRUCT { ?area skos:prefLabel ?label } WHERE {
             ?area a sgo:FocusArea ; skos:prefLabel ?label }""",
        None,
    ),
    "a boolean value the data does not hold": (
        """SELECT ?document (COALESCE(?revised, false) AS ?isRevised) WHERE {
             ?document a sgo:StrategyDocument OPTIONAL { ?document sgo:isRevisedVersion ?revised } }""",
        None,
    ),
    "a filter inside OPTIONAL reads a variable bound outside": (
        """SELECT ?area ?label WHERE { VALUES ?lang { "en" } ?area a sgo:FocusArea .
             OPTIONAL { ?area skos:prefLabel ?label FILTER(LANG(?label) = ?lang) } }""",
        None,
    ),
    "EXISTS as a value": (
        """SELECT ?area (EXISTS { ?area sgo:truncatedInSource true } AS ?truncated) WHERE {
             ?area a sgo:FocusArea }""",
        None,
    ),
    "ontology terms with blank nodes around": (
        """SELECT ?creator ?name WHERE { ?o dcterms:creator ?creator .
             ?creator ?p ?name FILTER(ISLITERAL(?name)) }""",
        None,
    ),
}


def named_queries(settings: Settings) -> dict[str, str]:
    """Every named query of queries/, bound to its header's example values."""
    found, errors = load_queries(*settings.query_dirs)
    if errors:
        raise ValueError(f"named queries that do not load: {errors}")
    return {
        f"named query {name}": query.bind(query.example_values()) for name, query in sorted(found.items())
    }


def all_queries(settings: Settings) -> dict[str, str]:
    """The representative queries (with their prefixes) and the named queries, by name."""
    return {name: PREFIXES + text for name, (text, _) in QUERIES.items()} | named_queries(settings)
