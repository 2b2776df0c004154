"""Chapter and section numbers of the handbook: "chapter one" / 1.1 (Chinese), Chapter 1 / 1.1
(English), "appendix A", from the locale catalog's patterns.

The handbook template numbers its TOC and its chapters with these, so the headings, the
PDF's bookmarks, Word's navigation pane and both tables of contents carry the same text.
The front matter (cover, purpose and scope, revision history, contents) is not numbered.
"""
from __future__ import annotations

from string import ascii_uppercase

from ..i18n import Labels


def chinese_numeral(n: int, numerals: str) -> str:
    """``n`` written in Chinese numerals: 10 is "ten", 12 "ten two", 20 "two ten", 105 "one
    hundred zero five" (chapter counts stay small). ``numerals`` is the catalog's
    ``chinese_numerals``: the digits 0–9, then ten and hundred."""
    digits, ten, hundred = numerals[:10], numerals[10], numerals[11]
    if not 0 < n < 1000:
        raise ValueError(f"chapter number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    text = f"{digits[hundreds]}{hundred}" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and units:
        text += digits[0]
    return text + (digits[units] if units else "")


def numbering_globals(t: Labels) -> dict:
    """Template functions: ``chapter_no(1)`` and ``appendix_no(1)`` as the catalog spells them."""
    def chapter_no(n: int) -> str:
        return t("chapter_number", n=n, cn=chinese_numeral(n, t("chinese_numerals")))

    def appendix_no(n: int) -> str:
        return t("appendix_number", letter=ascii_uppercase[n - 1])

    return {"chapter_no": chapter_no, "appendix_no": appendix_no}
