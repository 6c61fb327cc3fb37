"""Which versions of a `sparql:` store's dataset are live, previous, and no longer read (kg.store.pointer).

The history is written by hand: versions with their store graphs, switches
with serials and the store's times; what each rule must decide follows from
the rules as the module states them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from kg.store import StoreError
from kg.store.pointer import History, Switch, Version, new_version

VG = "https://example.org/graph/version"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
GRACE = timedelta(minutes=10)


def version(name: str, *, recorded: timedelta = timedelta(0), data: str | None = None) -> Version:
    iri = f"{VG}/{name}"
    graphs = {
        "https://example.org/graph/data": data or f"{iri}/data",
        "https://example.org/graph/ontology": f"{iri}/ontology",
    }
    return Version(iri, graphs, dict.fromkeys(graphs, 1), T0 + recorded)


def switch(serial: int, name: str, minutes: float, tag: str = "x") -> Switch:
    return Switch(f"{VG}#switch-{serial}-{tag}", f"{VG}/{name}", serial, T0 + timedelta(minutes=minutes))


def history(
    versions: list[Version], switches: list[Switch], now_minutes: float, legacy: Version | None = None
) -> History:
    return History(
        VG,
        {v.iri: v for v in versions},
        sorted(switches, key=lambda s: (s.serial, s.iri)),
        T0 + timedelta(minutes=now_minutes),
        legacy,
    )


def test_the_switch_with_the_highest_serial_names_the_live_version_ties_broken_by_name() -> None:
    a, b, c = version("a"), version("b"), version("c")
    made = history(
        [a, b, c], [switch(1, "a", 0), switch(2, "b", 1), switch(3, "c", 2, "1"), switch(3, "a", 2, "2")], 3
    )
    assert made.live == a  # serial 3 twice: the switch whose IRI sorts last
    assert made.previous == c
    assert made.next_serial == 4


def test_the_previous_version_is_the_last_other_one_made_live() -> None:
    a, b = version("a"), version("b")
    rolled_back = history([a, b], [switch(1, "a", 0), switch(2, "b", 1), switch(3, "a", 2)], 3)
    assert (rolled_back.live, rolled_back.previous) == (a, b)
    assert history([a], [switch(1, "a", 0), switch(2, "a", 1)], 2).previous is None


def test_a_switch_to_a_version_without_a_record_is_an_error() -> None:
    with pytest.raises(StoreError, match=re.escape(f"makes <{VG}/gone> live but has no record")):
        _ = history([], [switch(1, "gone", 0)], 1).live


def test_live_and_previous_are_kept_and_older_versions_go_once_the_grace_has_passed() -> None:
    a, b, c, d = version("a"), version("b"), version("c"), version("d")
    switches = [switch(1, "a", 0), switch(2, "b", 5), switch(3, "c", 30), switch(4, "d", 35)]
    # a stopped being live at minute 5, b at 30: at minute 36, a is 31 minutes past, b 6.
    plan = history([a, b, c, d], switches, 36).unused(GRACE)
    assert plan.forget == [a]
    assert plan.graphs == sorted(a.graphs.values())
    assert history([a, b, c, d], switches, 41).unused(GRACE).forget == [a, b]


def test_a_version_never_made_live_loses_its_graphs_at_once_and_its_record_after_the_grace() -> None:
    a, b = version("a"), version("b")
    killed = version("killed", recorded=timedelta(minutes=20))
    switches = [switch(1, "a", 0), switch(2, "b", 1)]
    soon = history([a, b, killed], switches, 25).unused(GRACE)
    assert (soon.graphs, soon.forget) == (sorted(killed.graphs.values()), [])
    later = history([a, b, killed], switches, 31).unused(GRACE)
    assert (later.graphs, later.forget) == (sorted(killed.graphs.values()), [killed])


def test_a_graph_a_kept_version_shares_is_not_dropped() -> None:
    a = version("a")
    b = version("b", data=a.graphs["https://example.org/graph/data"])  # b replaced only the ontology
    c = version("c")
    plan = history([a, b, c], [switch(1, "a", 0), switch(2, "b", 1), switch(3, "c", 2)], 60).unused(GRACE)
    assert plan.forget == [a]
    assert plan.graphs == [a.graphs["https://example.org/graph/ontology"]]


def test_the_dataset_of_a_push_before_versions_goes_once_the_grace_has_passed_since_the_first_switch() -> (
    None
):
    names = ["https://example.org/graph/data", "https://example.org/graph/ontology"]
    legacy = Version(VG, {name: name for name in names}, {}, None)
    a = version("a")
    assert history([a], [], 0, legacy).live == legacy
    assert history([a], [switch(1, "a", 0)], 5, legacy).unused(GRACE).graphs == []
    plan = history([a], [switch(1, "a", 0)], 11, legacy).unused(GRACE)
    assert (plan.graphs, plan.forget) == (names, [legacy])


def test_a_new_version_names_only_the_graphs_it_replaces_afresh() -> None:
    live = version("a")
    fresh = new_version(VG, {"https://example.org/graph/data": 7}, live)
    assert fresh.iri.startswith(f"{VG}/") and fresh.iri != live.iri
    assert fresh.graphs["https://example.org/graph/data"] == f"{fresh.iri}/data"
    assert (
        fresh.graphs["https://example.org/graph/ontology"]
        == live.graphs["https://example.org/graph/ontology"]
    )
    assert fresh.counts == {"https://example.org/graph/data": 7, "https://example.org/graph/ontology": 1}
    assert new_version(VG, {}, None).iri != new_version(VG, {}, None).iri
