"""HTML mail bodies turned into plain text the classifier and the contact log can read.

The stdlib `html.parser` is enough: we need the words and the line structure (blocks, line
breaks, quoted blocks marked with `> `), not layout. Scripts, styles and the head are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements whose content is never text a person wrote.
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
#: Elements that start and end a line of their own.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
#: Markers mail programs put around quoted history; the text inside is prefixed with `> `.
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.quote_depth = 0
        #: For each open element that may close a quote: whether it opened one.
        self.stack: list[tuple[str, bool]] = []

    def _break(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        prefix = "> " * self.quote_depth
        if text:
            self.lines.append(prefix + text)
        elif self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "br":
            self._break()
            return
        if tag in _BLOCK:
            self._break()
            classes = " ".join(v or "" for k, v in attrs if k in ("class", "type", "id"))
            is_quote = tag == "blockquote" or any(c in classes for c in _QUOTE_CLASSES)
            if tag == "blockquote" or tag == "div":
                self.stack.append((tag, is_quote))
            if is_quote:
                self.quote_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK:
            self._break()
            if tag in ("blockquote", "div"):
                while self.stack:
                    name, was_quote = self.stack.pop()
                    if was_quote:
                        self.quote_depth = max(0, self.quote_depth - 1)
                    if name == tag:
                        break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag == "hr":
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.current.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Return the readable text of an HTML body, one block per line, quotes marked `> `.

    Never raises: broken markup yields whatever text could be recovered.
    """
    if not html:
        return ""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):  # html.parser gives up on some hostile input
        pass
    collector._break()
    return _BLANKS.sub("\n\n", "\n".join(collector.lines)).strip()
