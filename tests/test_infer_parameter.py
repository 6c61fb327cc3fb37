"""`infer` is read by one parser on /sparql and in the API: the same words, the same refusal.

Before, /sparql took true, 1, false, 0 and the API also yes and no; both now take all six, in
any case and with blanks around. The data states no sgo:hasFocusArea: those links are inferred
(the inverse of sgo:focusAreaOf), so an ASK for one tells whether inference was on.
"""

from __future__ import annotations

import pytest
import requests

from kg.foundation.namespaces import SGO
from tests.support.server import RunningServer

INFERRED_LINK = f"ASK {{ ?plan <{SGO}hasFocusArea> ?area }}"
SPARQL_JSON = "application/sparql-results+json"
PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
ON = ["true", "1", "yes", "TRUE", " Yes "]
OFF = ["false", "0", "no", "False", "NO "]


def get(server: RunningServer, path: str, **params: str) -> requests.Response:
    return requests.get(server.url + path, params=params, headers={"Accept": SPARQL_JSON}, timeout=30)


def sparql_ask(server: RunningServer, infer: str) -> requests.Response:
    return get(server, "/sparql", query=INFERRED_LINK, infer=infer)


def api_elements(server: RunningServer, infer: str) -> requests.Response:
    return get(server, "/api/queries/strategic-elements", strategy=PLAN, infer=infer)


@pytest.mark.parametrize(("word", "on"), [*((w, True) for w in ON), *((w, False) for w in OFF)])
def test_each_word_means_the_same_on_sparql_and_the_api(server: RunningServer, word: str, on: bool) -> None:
    answer = sparql_ask(server, word)
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is on
    rows = api_elements(server, word)
    assert rows.status_code == 200, rows.text
    # 26 elements in the document; the plan's direct parts are the vision, 6 roles and 3 areas.
    assert len(rows.json()["results"]["bindings"]) == (26 if on else 10)


@pytest.mark.parametrize("word", ["maybe", "", "on", "ja"])
def test_other_words_are_refused_alike(server: RunningServer, word: str) -> None:
    refusals = [sparql_ask(server, word), api_elements(server, word)]
    assert [r.status_code for r in refusals] == [400, 400]
    first, second = (r.text for r in refusals)
    assert first == second
    assert f"parameter 'infer': {word!r} is not true or false" in first
    assert "use infer=true or infer=false" in first
