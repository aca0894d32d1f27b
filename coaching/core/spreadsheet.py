"""Cells of the CSV files Spotter writes, safe to open in a spreadsheet: pure, no Django.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so a note typed as ``=HYPERLINK(…)`` would run on the owner's
machine. As OWASP advises for CSV injection, such a cell gets a leading single quote, which
spreadsheets show as text. A number (``-5``, ``+2.5``) is left as it is. Every CSV writer passes
its text cells through ``spreadsheet_safe``; JSON copies keep the text as typed.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
