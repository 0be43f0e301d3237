"""`language=xx`: translatable values (status details) in the caller's or the requested language.

Simulator choice: the vendor does not list its translatable values; the simulator translates
`statusDetails` (the operative/monitoring status texts) into English, Finnish, Swedish and German.
Other two-letter codes answer in English; values without a translation are left as they are.
"""

from __future__ import annotations

import re

from simulator.sinch_cmi.errors import InvalidParameter

LANGUAGE = re.compile(r"^[A-Za-z]{2}$")

_TRANSLATIONS: dict[str, dict[str, str]] = {
    "fi": {
        "Open": "Avoin", "Handled": "Käsitelty", "Closed": "Suljettu", "Pending": "Odottaa",
        "Sent": "Lähetetty", "Deleted": "Poistettu", "Forwarded": "Välitetty", "InQueue": "Jonossa",
        "InProcess": "Käsittelyssä", "Abandoned": "Hylätty", "Handled_AOT": "Käsitelty (AOT)",
        "Abandoned_InQueue": "Hylätty jonossa", "Transferred": "Siirretty", "WrapUp": "Jälkikäsittely",
    },
    "sv": {
        "Open": "Öppen", "Handled": "Hanterad", "Closed": "Stängd", "Pending": "Väntande",
        "Sent": "Skickad", "Deleted": "Raderad", "Forwarded": "Vidarebefordrad", "InQueue": "I kö",
        "InProcess": "Under behandling", "Abandoned": "Avbruten", "Handled_AOT": "Hanterad (AOT)",
        "Abandoned_InQueue": "Avbruten i kö", "Transferred": "Överförd", "WrapUp": "Efterarbete",
    },
    "de": {
        "Open": "Offen", "Handled": "Bearbeitet", "Closed": "Geschlossen", "Pending": "Ausstehend",
        "Sent": "Gesendet", "Deleted": "Gelöscht", "Forwarded": "Weitergeleitet", "InQueue": "In Warteschlange",
        "InProcess": "In Bearbeitung", "Abandoned": "Abgebrochen", "Handled_AOT": "Bearbeitet (AOT)",
        "Abandoned_InQueue": "In Warteschlange abgebrochen", "Transferred": "Weitergeleitet",
        "WrapUp": "Nachbearbeitung",
    },
}


def resolve_language(requested: str | None, user_language: str) -> str:
    """The language to answer in: `language=` (two letters, any case), else the user's own."""
    if requested is None or requested == "":
        return user_language.lower()
    if not LANGUAGE.match(requested):
        raise InvalidParameter(f"Invalid language: '{requested}'")
    return requested.lower()


def translate(value: str, language: str) -> str:
    return _TRANSLATIONS.get(language, {}).get(value, value)


def translations(language: str) -> dict[str, str]:
    """The translated values of one language (read only; a value missing from it stays as it is)."""
    return _TRANSLATIONS.get(language, _NONE)


_NONE: dict[str, str] = {}
