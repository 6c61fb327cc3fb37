"""Organisation numbers: the modulus-11 check digit of Enhetsregisteret.

The valid numbers are real organisations looked up by hand in Enhetsregisteret (Brønnøysund-
registrene 974 760 673, Digitaliseringsdirektoratet 991 825 827, Oslo kommune 958 935 420);
the invalid ones are those numbers with one digit changed or two neighbours swapped.
"""

from __future__ import annotations

import pytest

from kg.foundation.organisation_number import (
    InvalidOrganisationNumber,
    check_digit,
    is_valid,
    normalise,
    number_of,
    organisation_iri,
)

REAL = ["974760673", "991825827", "958935420"]


@pytest.mark.parametrize("number", REAL)
def test_real_numbers_are_valid(number: str) -> None:
    assert normalise(number) == number
    assert check_digit(number[:8]) == int(number[8])


def test_written_with_spaces() -> None:
    assert normalise("974 760 673") == "974760673"
    assert (
        organisation_iri(" 991 825 827 ")
        == "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/991825827"
    )


@pytest.mark.parametrize("number", REAL)
def test_every_single_digit_typo_is_caught(number: str) -> None:
    for place in range(9):
        for digit in "0123456789":
            if digit != number[place]:
                typo = number[:place] + digit + number[place + 1 :]
                assert not is_valid(typo), typo


@pytest.mark.parametrize("number", REAL)
def test_swapped_neighbours_are_caught(number: str) -> None:
    for place in range(8):
        if number[place] != number[place + 1]:
            swapped = number[:place] + number[place + 1] + number[place] + number[place + 2 :]
            assert not is_valid(swapped), swapped


def test_check_digits_worked_by_hand() -> None:
    assert check_digit("10000000") == 8  # 1·3 = 3; 11 - 3
    assert check_digit("00000000") == 0  # remainder 0: 11 - 0 is 11, written 0
    assert check_digit("00000006") is None  # 6·2 = 12, remainder 1: 10 is no digit, never issued
    assert not is_valid("000000060")


@pytest.mark.parametrize("text", ["", "97476067", "9747606730", "974-760-673", "97476067x", "NO974760673"])
def test_not_nine_digits_says_so(text: str) -> None:
    with pytest.raises(InvalidOrganisationNumber, match="nine digits"):
        normalise(text)


def test_a_wrong_check_digit_says_so() -> None:
    with pytest.raises(InvalidOrganisationNumber, match="check digit"):
        normalise("974760674")


def test_the_number_an_organisation_iri_carries() -> None:
    iri = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673"
    assert number_of(iri) == "974760673"
    assert number_of("https://w3id.org/strategigraf/id/aktor/osloregionen") is None
