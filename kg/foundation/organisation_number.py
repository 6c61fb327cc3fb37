"""Norwegian organisation numbers (Enhetsregisteret): nine digits, the last a modulus-11 check digit.

Brønnøysundregistrene weighs the first eight digits by 3, 2, 7, 6, 5, 4, 3, 2; the check digit is
11 minus the sum's remainder by 11 (0 when that is 11); a number whose check would be 10 is never
issued. A typo in one digit, or two neighbours swapped, always fails the check, so a steward's
slip is caught before a catalogue names the wrong organisation as publisher.
"""

from __future__ import annotations

import re

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
#: An organisation's IRI as DCAT-AP-NO writes publishers and agents: the national organisation
#: catalogue (felles datakatalog) by organisation number. DCAT-AP-NO 2's examples
#: (DCAT-AP-NO2.0-examples.ttl) and DCAT-AP-NO 3's shapes (dcatapno3-core-shapes.ttl) both write
#: `dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/991825827>`.
ORGANISATION_CATALOGUE = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
_WRITTEN = re.compile(r"^\s*(\d{3})\s?(\d{3})\s?(\d{3})\s*$")


class InvalidOrganisationNumber(ValueError):
    """Not an organisation number; the message says why, in English and Norwegian."""


def check_digit(first_eight: str) -> int | None:
    """The check digit of eight digits, or None when no number with them can be valid."""
    remainder = sum(int(digit) * weight for digit, weight in zip(first_eight, WEIGHTS, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def normalise(text: str) -> str:
    """The nine digits of an organisation number as written ("974 760 673" too), checked.

    Raises InvalidOrganisationNumber saying what is wrong: not nine digits, or a wrong check digit.
    """
    written = _WRITTEN.match(text)
    if not written:
        raise InvalidOrganisationNumber(
            f"{text!r} is not an organisation number: nine digits expected "
            f"(et organisasjonsnummer har ni sifre)"
        )
    digits = "".join(written.groups())
    expected = check_digit(digits[:8])
    if expected is None or int(digits[8]) != expected:
        raise InvalidOrganisationNumber(
            f"{digits} is not an organisation number: its check digit (the last) is wrong, "
            f"a typo? (kontrollsifferet stemmer ikke, en skrivefeil?)"
        )
    return digits


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidOrganisationNumber:
        return False
    return True


def organisation_iri(number: str) -> str:
    """The organisation's IRI in the form DCAT-AP-NO uses (the number is checked first): the same
    IRI in every strategy and in the catalogue, so an organisation is one node across them."""
    return ORGANISATION_CATALOGUE + normalise(number)


def number_of(iri: str) -> str | None:
    """The organisation number an IRI of that form carries (unchecked), else None."""
    if not iri.startswith(ORGANISATION_CATALOGUE):
        return None
    return iri[len(ORGANISATION_CATALOGUE) :]
