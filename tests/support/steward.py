"""What the steward tests share: a data file with a known mistake, and real git with an identity."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def broken_period(source: str = "kilde:000_bad88d70322fed8d", line: int = 29) -> str:
    """A period that ends before it starts (sgosh:PeriodOrder-startDate), from `line` of `source`."""
    return f"""\
@prefix sgo:   <https://w3id.org/strategigraf/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix dcat:  <http://www.w3.org/ns/dcat#> .
@prefix kilde: <https://w3id.org/strategigraf/id/kilde/> .
@prefix t:     <https://w3id.org/strategigraf/id/test-2020/> .

# ends before it starts
t:periode-2020-2017 a sgo:StrategyPeriod ;
    skos:prefLabel "2020–2017"@nb , "2020–2017"@en ;
    dcat:startDate "2020"^^xsd:gYear ;
    dcat:endDate "2017"^^xsd:gYear ;
    sgo:sourceText {source} ;
    sgo:firstLine {line} ;
    sgo:lastLine {line} .
"""


#: The line where the period's description starts.
PERIOD_LINE = 9

#: Who commits in the temporary repositories (the machine may have no git identity).
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repository: Path, *args: str) -> str:
    """Run real git in `repository`; its standard output (a failure fails the test)."""
    done = subprocess.run(
        ["git", "-C", str(repository), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_IDENTITY},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
