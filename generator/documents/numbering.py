"""Chapter and section numbers of the handbook: 第一章 / 1.1 (Chinese), Chapter 1 / 1.1
(English), 附录A / Appendix A, from the locale catalog's patterns.

The handbook template numbers its TOC and its chapters with these, so the headings, the
PDF's bookmarks, Word's navigation pane and both tables of contents carry the same text.
The front matter (cover, purpose and scope, revision history, contents) is not numbered.
"""
from __future__ import annotations

from string import ascii_uppercase

from ..i18n import Labels

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (chapter counts stay small)."""
    if not 0 < n < 1000:
        raise ValueError(f"chapter number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    text = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    return text + (DIGITS[units] if units else "")


def numbering_globals(t: Labels) -> dict:
    """Template functions: ``chapter_no(1)`` → 第一章, ``appendix_no(1)`` → 附录A."""
    def chapter_no(n: int) -> str:
        return t("chapter_number", n=n, cn=chinese_numeral(n))

    def appendix_no(n: int) -> str:
        return t("appendix_number", letter=ascii_uppercase[n - 1])

    return {"chapter_no": chapter_no, "appendix_no": appendix_no}
