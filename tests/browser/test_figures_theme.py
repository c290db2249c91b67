"""Figures stay legible in a real browser, in the light and the dark theme: text stands out from
the page and from the box it sits in, lines from the page; nothing is loaded to draw them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from sce import figures

REGISTRY = figures.load_registry(ROOT / "docs")
TEXT_CONTRAST = 4.5   # WCAG AA for text
LINE_CONTRAST = 3.0   # WCAG AA for graphics that carry meaning

COLOURS = """(id) => {
  const svg = document.querySelector(`#fig-${id} svg`);
  const colour = (el, prop) => getComputedStyle(el)[prop];
  return {
    page: colour(document.body, 'backgroundColor'),
    width: svg.getBoundingClientRect().width,
    texts: [...svg.querySelectorAll('text')].map(t => colour(t, 'fill')),
    boxes: [...svg.querySelectorAll('g.node > path, g.node > polygon, g.node > ellipse')]
      .map(b => colour(b, 'fill')).filter(f => f !== 'none'),
    lines: [...svg.querySelectorAll('path, polygon, polyline, line')]
      .map(l => colour(l, 'stroke')).filter(s => s !== 'none'),
  };
}"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _over(colour: str, background: str) -> tuple[float, float, float]:
    r, g, b, a = _rgba(colour)
    br, bg, bb, _ = _rgba(background)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def _contrast(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


CHAPTERS = sorted({figure.chapter for figure in REGISTRY})


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.split("/")[-1][:2] for c in CHAPTERS])
def test_figures_are_legible(page, base_url, chapter, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + chapter[: -len(".md")] + ".html")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    for figure in (f for f in REGISTRY if f.chapter == chapter):
        found = page.evaluate(COLOURS, figure.id)
        where = f"{figure.id}, {scheme}"
        assert found["width"] > 300, f"{where}: not drawn at a readable size"
        background = _over(found["page"], "rgb(255, 255, 255)")
        assert found["texts"], f"{where}: no text"
        for text in set(found["texts"]):
            assert _contrast(_over(text, found["page"]), background) >= TEXT_CONTRAST, \
                f"{where}: text {text} on the page {found['page']}"
            for box in set(found["boxes"]):
                fill = _over(box, found["page"])
                assert _contrast(_over(text, box), fill) >= TEXT_CONTRAST, f"{where}: text {text} on box {box}"
        for line in set(found["lines"]):
            assert _contrast(_over(line, found["page"]), background) >= LINE_CONTRAST, f"{where}: line {line}"
