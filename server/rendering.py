"""HTML pages: the page language (nb or en), its interface texts, and links into the site."""

from __future__ import annotations

import re
from typing import Any

from flask import render_template, request
from markupsafe import Markup

from kg.foundation.settings import LANGUAGES
from server.docs_site import documentation
from server.site_root import current_site

#: IRIs a page may link to outside the site: the schemes of web pages and mail, nothing else.
CLICKABLE = re.compile(r"(?i)(?:https?|mailto):[^\x00-\x20\x7f-\x9f]*")

#: Interface texts; the graph's own texts come in both languages from the graph.
UI: dict[str, dict[str, str]] = {
    "nb": {
        "query": "SPARQL-spørringer",
        "api": "API",
        "ontology": "Ontologi",
        "catalog": "Datakatalog (DCAT)",
        "void": "VoID-beskrivelse",
        "downloads": "Nedlasting",
        "documentation": "Dokumentasjon",
        "vision": "Visjon",
        "directions": "Visjonen skal underbygges med",
        "roles": "Roller og arbeidsformer",
        "focus_areas": "Innsatsområder og prioriterte aktiviteter",
        "follows_up": "følger opp",
        "involves": "involverer",
        "truncated": "… kildeteksten slutter her; dokumentet kan si mer",
        "documents": "Dokumenter som følges opp",
        "actors": "Organisasjoner og aktører",
        "publisher": "utgiver",
        "period": "Periode",
        "source": "Kilde",
        "lines": "linje",
        "page": "side",
        "pages": "side",
        "text": "Teksten, linje for linje",
        "texts": "Tekster",
        "links": "Lenker",
        "incoming": "Lenket fra",
        "changes": "Endringer fra planen den erstatter",
        "portfolio": "Planene i grafen",
        "plans": "Planer",
        "in_effect": "Gjelder",
        "replaced_by": "Erstattet av",
        "organisations": "Organisasjoner på tvers av planene",
        "themes_by_plan": "Tema × planer",
        "portfolio_cut": (
            "Grafen har {plans} planer og {organisations} organisasjoner: her vises de {shown_plans} "
            "første planene (etter året de gjelder fra) og de {shown_organisations} organisasjonene "
            "som er med i flest planer, og ingen plan er tegnet. Alle står i spørringene"
        ),
        "themes_note": (
            "Hvor mange innsatsområder og aktiviteter i hver plan som handler om hvert tema i Los "
            "(eller et undertema)."
        ),
        "organisation": "Organisasjon",
        "org_number": "Org.nr.",
        "in_plans": "Planer",
        "publishes": "Utgir",
        "activities": "Aktiviteter",
        "no_changes": "Ingen endringer i elementene.",
        "subjects": "Emner",
        "through_parts": "gjennom delene",
        "formats": "Andre formater",
        "iri": "IRI",
        "for_machines": "For maskiner",
        "file": "Fil",
        "format": "Format",
        "media_type": "Medietype",
        "size": "Størrelse",
        "compressed": "gzip-komprimert",
        "graphs": "Navngitte grafer",
        "triples": "tripler",
        "classes": "Klasser",
        "object_properties": "Objektegenskaper",
        "datatype_properties": "Dataegenskaper",
        "subclass_of": "Underklasse av",
        "superclass_of": "Overklasse av",
        "subproperty_of": "Underegenskap av",
        "superproperty_of": "Overegenskap av",
        "domain": "Domene",
        "range": "Verdiområde",
        "inverse": "Omvendt av",
        "disjoint": "Disjunkt med",
        "chain": "Egenskapskjede",
        "characteristics": "Egenskaper",
        "version": "Versjon",
        "license": "Lisens",
        "creator": "Laget av",
        "namespace": "Navnerom",
        "prefix": "Prefiks",
        "or": "eller",
        "data_licence": "Dataene er lisensiert under CC BY 4.0.",
        "dumps_intro": "Hele datasettet (ontologi og data) i seks RDF-formater, også gzip-komprimert. "
        "TriG og N-Quads beholder de navngitte grafene; de andre formatene holder foreningen av dem. "
        "Samme innhold gir byte for byte samme filer.",
    },
    "en": {
        "query": "SPARQL queries",
        "api": "API",
        "ontology": "Ontology",
        "catalog": "Data catalogue (DCAT)",
        "void": "VoID description",
        "downloads": "Downloads",
        "documentation": "Documentation",
        "vision": "Vision",
        "directions": "The vision is to be underpinned by",
        "roles": "Roles and working methods",
        "focus_areas": "Focus areas and prioritised activities",
        "follows_up": "follows up",
        "involves": "involves",
        "truncated": "… the source text ends here; the document may say more",
        "documents": "Documents followed up",
        "actors": "Organisations and actors",
        "publisher": "publisher",
        "period": "Period",
        "source": "Source",
        "lines": "line",
        "page": "page",
        "pages": "pages",
        "text": "The text, line by line",
        "texts": "Texts",
        "links": "Links",
        "incoming": "Linked from",
        "changes": "Changes from the plan it replaces",
        "portfolio": "The plans of the graph",
        "plans": "Plans",
        "in_effect": "In effect",
        "replaced_by": "Replaced by",
        "organisations": "Organisations across the plans",
        "themes_by_plan": "Themes × plans",
        "portfolio_cut": (
            "The graph holds {plans} plans and {organisations} organisations: shown here are the first "
            "{shown_plans} plans (by the year they take effect) and the {shown_organisations} "
            "organisations in most plans, and no plan is drawn. Every one is in the queries"
        ),
        "themes_note": (
            "How many focus areas and activities of each plan are about each Los theme "
            "(or one of its sub-themes)."
        ),
        "organisation": "Organisation",
        "org_number": "Org. no.",
        "in_plans": "Plans",
        "publishes": "Publishes",
        "activities": "Activities",
        "no_changes": "No changes to the elements.",
        "subjects": "Subjects",
        "through_parts": "through its parts",
        "formats": "Other formats",
        "iri": "IRI",
        "for_machines": "For machines",
        "file": "File",
        "format": "Format",
        "media_type": "Media type",
        "size": "Size",
        "compressed": "gzip-compressed",
        "graphs": "Named graphs",
        "triples": "triples",
        "classes": "Classes",
        "object_properties": "Object properties",
        "datatype_properties": "Datatype properties",
        "subclass_of": "Subclass of",
        "superclass_of": "Superclass of",
        "subproperty_of": "Subproperty of",
        "superproperty_of": "Superproperty of",
        "domain": "Domain",
        "range": "Range",
        "inverse": "Inverse of",
        "disjoint": "Disjoint with",
        "chain": "Property chain",
        "characteristics": "Characteristics",
        "version": "Version",
        "license": "Licence",
        "creator": "Created by",
        "namespace": "Namespace",
        "prefix": "Prefix",
        "or": "or",
        "data_licence": "The data is licensed under CC BY 4.0.",
        "dumps_intro": "The whole dataset (ontology and data) in six RDF formats, each also gzip-compressed. "
        "TriG and N-Quads keep the named graphs; the other formats hold their union. "
        "The same content gives byte for byte the same files.",
    },
}


def is_clickable(iri: str) -> bool:
    """Whether a page may make `iri` a link: http, https and mailto, with nothing a browser would
    strip or reinterpret (spaces, control characters) anywhere in it."""
    return CLICKABLE.fullmatch(iri) is not None


def page_language() -> str:
    wanted = request.args.get("lang", "")
    return wanted if wanted in LANGUAGES else LANGUAGES[0]


def render_page(template: str, **context: Any) -> str:
    """Render a page with the language, its texts and link helpers."""
    language = page_language()
    site = current_site()
    suffix = "" if language == LANGUAGES[0] else f"?lang={language}"

    def link_to(iri: str, fragment: str = "") -> Markup:
        """The ` href="..."` of a link to `iri` (with `#fragment` when given): our IRIs link to
        their page here (in the page's language), web and mail IRIs link out, any other
        (javascript:, data:, ...) gets no href and shows as text."""
        url = site.link(iri)
        if url is None:
            if not is_clickable(iri):
                return Markup("")
            url = iri
        else:
            path, hash_, own = url.partition("#")
            url = path + suffix + hash_ + own
        if fragment:
            url = url.partition("#")[0] + "#" + fragment
        return Markup(' href="{}"').format(url)

    return render_template(
        template,
        lang=language,
        t=UI[language],
        site=site,
        link_to=link_to,
        documentation=documentation() is not None,
        switch={other: f"{request.path}?lang={other}" for other in LANGUAGES},
        **context,
    )
