"""Built HTML read and rewritten with a real tokenizer (the standard library's html.parser), byte
for byte except where a pass asks for a change, so nothing else in a built page moves. Used by
the post-build passes (sce/postbuild/) and by the checks that read the built site.

    def start(tag: StartTag) -> str | None:   # return new markup for the tag, or None to keep it
        ...
    rewrite(html, start=start, end=end, text=text)

`text` receives the text between tags (not inside <script>, <style>, <pre> or <textarea>).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable

RAW = {"script", "style", "pre", "textarea"}  # whose text is kept exactly


@dataclass
class StartTag:
    name: str
    attrs: dict[str, str | None]
    raw: str          # the tag as written: <table tabindex="0">
    parents: tuple[str, ...]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


@dataclass
class Event:
    offset: int
    end: int
    kind: str                      # start, end, startend
    name: str
    attrs: dict[str, str | None]
    raw: str


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[Event] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        offset = self._offset()
        self.events.append(Event(offset, offset + len(raw), "start", tag, dict(attrs), raw))

    def handle_startendtag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        offset = self._offset()
        self.events.append(Event(offset, offset + len(raw), "startend", tag, dict(attrs), raw))

    def handle_endtag(self, tag):
        offset = self._offset()
        end = self.text.find(">", offset) + 1 or len(self.text)
        self.events.append(Event(offset, end, "end", tag, {}, self.text[offset:end]))


def events(html: str) -> list[Event]:
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    return scanner.events


def rewrite(html: str, start: Callable[[StartTag], str | None] | None = None,
            end: Callable[[str, tuple[str, ...]], str | None] | None = None,
            text: Callable[[str], str] | None = None) -> str:
    """The page with each start tag, end tag and text run passed through the callbacks."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for event in events(html):
        between = html[position:event.offset]
        if text and between and not (set(stack) & RAW):
            between = text(between)
        out.append(between)
        replacement = None
        if event.kind in ("start", "startend"):
            if start:
                replacement = start(StartTag(event.name, event.attrs, event.raw, tuple(stack)))
            if event.kind == "start" and event.name not in VOID:
                stack.append(event.name)
        else:
            if event.name in stack:
                while stack and stack.pop() != event.name:
                    pass
            if end:
                replacement = end(event.raw, tuple(stack))
        out.append(event.raw if replacement is None else replacement)
        position = event.end
    tail = html[position:]
    out.append(text(tail) if text and tail and not (set(stack) & RAW) else tail)
    return "".join(out)


def inline_scripts(html: str, parsed: list[Event] | None = None) -> list[tuple[dict[str, str | None], str]]:
    """(attributes, text) of every <script> without src, text exactly as written. `parsed`: the
    page's events(), if the caller has them already."""
    found, opened = [], None
    for event in parsed if parsed is not None else events(html):
        if event.kind == "start" and event.name == "script":
            opened = event
        elif event.kind == "end" and event.name == "script" and opened is not None:
            if "src" not in opened.attrs:
                found.append((opened.attrs, html[opened.end:event.offset]))
            opened = None
    return found


def classes(html: str) -> set[str]:
    """Every class name used by an element of the page."""
    names: set[str] = set()
    for event in events(html):
        value = event.attrs.get("class") if event.kind != "end" else None
        if value:
            names.update(value.split())
    return names


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- Links and ids (for the link checks) ------------------------------------------------------------

# Attributes that hold a URL, by tag.
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
    "object": ("data",), "input": ("src",),
}


@dataclass
class Link:
    tag: str
    attr: str
    url: str
    rel: str = ""


@dataclass
class ParsedPage:
    ids: set[str]
    links: list[Link]


def parse_page(html: str) -> ParsedPage:
    """The element ids of a page, and every URL it links or loads."""
    page = ParsedPage(set(), [])
    for event in events(html):
        if event.kind == "end":
            continue
        values = event.attrs
        if values.get("id"):
            page.ids.add(values["id"])
        if event.name == "a" and values.get("name"):
            page.ids.add(values["name"])
        for attr in URL_ATTRS.get(event.name, ()):
            value = values.get(attr)
            if not value:
                continue
            urls = ([part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset"
                    else [value.strip()])
            page.links.extend(Link(event.name, attr, url, (values.get("rel") or "").lower()) for url in urls if url)
    return page
