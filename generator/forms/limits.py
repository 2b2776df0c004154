"""Limits on one form value: length, characters, digits, range and years.

Far beyond what a box on a printed form shows, low enough that a hostile value cannot make
filling slow or blow up (a 1 MB value took over 400 s to flatten; `1e999999999` with two
decimals is a billion digits). Each limit has its own message; the table is in
docs/forms-design.md (Filling).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_TEXT = 10_000          # characters in one value
MAX_TOTAL_TEXT = 50_000    # in all values of one form: flattening 50,000 takes ~5 s
MAX_DIGITS = 15            # digits written in a number: what a double keeps exactly
MAX_MAGNITUDE = {"number": 15, "money": 12}   # |x| < 10 ** this
YEARS = (1900, 2200)
# Not characters a form can hold: C0/C1 controls (tab and line breaks aside), lone
# surrogates and the non-characters XML (Word) refuses; a PDF would hide them silently.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NON_FINITE = re.compile(r"^[-+]?\.?(nan|inf|infinity)$", re.IGNORECASE)


class WrongValue(Exception):
    """One value does not fit its field; the message is complete. ``at`` is the item
    inside the value (a multichoice's index) when the problem is there."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.at = at


def check_text(text: str, name: str, label: str) -> None:
    if len(text) > MAX_TEXT:
        raise WrongValue(f"too long a value for `{name}` ({label}): {len(text):,} characters, "
                         f"at most {MAX_TEXT:,}")
    bad = _UNUSABLE.search(text)
    if bad:
        code = ord(bad.group())
        what = ("unpaired surrogate" if 0xD800 <= code <= 0xDFFF else
                "non-character" if code >= 0xFFFE else "control character")
        raise WrongValue(f"{what} U+{code:04X} in `{name}` ({label}), character "
                         f"{bad.start() + 1:,} of the value: a form cannot show it; remove it")


def check_number(kind: str, text: str, name: str, label: str) -> None:
    """Refuse NaN, infinity, and numbers too long or too large to mean an amount or count
    (and to format: `1e999999999` with two decimals is a billion digits)."""
    if _NON_FINITE.match(text):
        raise WrongValue(f"not a finite number for `{name}` ({label}): `{text}`; NaN and "
                         "infinity are refused")
    digits = sum(char.isdigit() for char in re.split("[eE]", text)[0])
    if digits > MAX_DIGITS:
        raise WrongValue(f"too many digits for `{name}` ({label}): {digits:,} written, at most "
                         f"{MAX_DIGITS}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return   # not a number at all: the type check says so
    # adjusted(): the power of ten of the first digit, read without computing the value
    if number.is_finite() and number and number.adjusted() >= MAX_MAGNITUDE[kind]:
        limit = f"{10 ** MAX_MAGNITUDE[kind]:,}"
        raise WrongValue(f"number out of range for `{name}` ({label}): `{printable(text)}`; "
                         f"it must be between -{limit} and {limit}")


def check_year(text: str, name: str, label: str) -> None:
    year = int(text[:4])
    if not YEARS[0] <= year <= YEARS[1]:
        raise WrongValue(f"date out of range for `{name}` ({label}): `{text}`; write a year "
                         f"from {YEARS[0]} to {YEARS[1]}")


def printable(text: str, limit: int = 60) -> str:
    """``text`` safe to print in a message: unusable characters escaped, long text cut."""
    safe = _UNUSABLE.sub(lambda bad: f"\\u{ord(bad.group()):04x}", text[:limit])
    return safe + ("…" if len(text) > limit else "")


def total_text_problem(values: dict[str, str | bool]) -> str | None:
    """A form has up to ~80 boxes: even when each value is within MAX_TEXT, all of them
    together must stay within what a flattened PDF is drawn from in seconds."""
    texts = {name: len(value) for name, value in values.items() if isinstance(value, str)}
    total = sum(texts.values())
    if total <= MAX_TOTAL_TEXT:
        return None
    longest = max(texts, key=lambda name: texts[name])
    return (f"the values add up to {total:,} characters, at most {MAX_TOTAL_TEXT:,} for one "
            f"form: shorten some, e.g. `{longest}` ({texts[longest]:,} characters)")
