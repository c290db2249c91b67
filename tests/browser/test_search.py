"""Search finds the right pages for Chinese terms and their English equivalents, offline."""

from __future__ import annotations

import pytest

# Everyday terms a reader types, and the chapter that explains each: it must come among the
# first three results.
CASES = [
    ("黑名单", "chapters/02-the-system-piece-by-piece.html"),
    ("红名单", "chapters/02-the-system-piece-by-piece.html"),
    ("信用中国", ("chapters/02-the-system-piece-by-piece.html", "chapters/05-getting-off-the-lists.html")),
    ("老赖", "chapters/04-blacklists-and-joint-punishment.html"),
    ("社会信用体系", "chapters/01-what-social-credit-means.html"),
    ("芝麻信用", "chapters/07-sesame-credit-and-private-scores.html"),
    ("失信被执行人", "chapters/04-blacklists-and-joint-punishment.html"),
    ("统一社会信用代码", "chapters/03-corporate-credit.html"),
    ("联合惩戒", "chapters/04-blacklists-and-joint-punishment.html"),
    ("dishonest judgment debtors", "chapters/04-blacklists-and-joint-punishment.html"),
    ("unified social credit code", "chapters/03-corporate-credit.html"),
    ("Sesame Credit", "chapters/07-sesame-credit-and-private-scores.html"),
]


@pytest.fixture
def search(page, base_url):
    page.goto(base_url + "index.html")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")

    def run(query: str) -> list[str]:
        page.keyboard.press("/")  # Material's shortcut focuses the search box
        box = page.locator("input.md-search__input")
        box.fill("")
        page.keyboard.press("End")
        page.wait_for_function(
            "() => /Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        box.fill(query)
        page.keyboard.press("End")  # a key event, as typing (or an input method) produces
        page.wait_for_function(
            "() => !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        page.keyboard.press("Escape")
        return links

    return run


def test_search_finds_the_page_in_both_languages(search):
    # One page, many queries: loading the search index once keeps this fast.
    missed = {}
    for query, expected in CASES:
        pages = list(dict.fromkeys(link.split("?")[0].split("#")[0] for link in search(query)))  # pages, in order
        wanted = expected if isinstance(expected, tuple) else (expected,)
        if not any(p.endswith(e) for p in pages[:3] for e in wanted):
            missed[query] = pages[:5]
    assert not missed, missed
