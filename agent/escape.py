"""Making untrusted text (anything that came in a mail) safe for where it lands."""

from __future__ import annotations

import re
from html import escape as _html_escape

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def for_terminal(text: str | None) -> str:
    """Drop control characters (ANSI escapes, bidi overrides) but keep newlines and tabs."""
    return _CONTROL.sub("", text or "")


def one_line(text: str | None, limit: int | None = None) -> str:
    """Terminal-safe text squeezed onto one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(for_terminal(_LINE_BREAKS.sub(" ", text or "")).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def for_markup(text: str | None) -> str:
    """Escape `&`, `<`, `>` (and quotes) for notification bodies and HTML."""
    return _html_escape(for_terminal(text), quote=True)


def for_header(text: str | None) -> str:
    """One line with no CR/LF, so mail text can never inject a header."""
    return one_line(text)
