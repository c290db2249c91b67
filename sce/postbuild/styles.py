"""Stylesheets after the build: Material's pruned to what the site can use, the site's own
bundled into one request, both minified. CSS is read with tinycss2, a real CSS parser.

Pruning. Material's stylesheet styles every feature Material has (tabs, tags, versions, blog,
code annotations...). A selector stays if every class it requires occurs in a built page or in a
string of the site's JavaScript (Material's bundle included, which builds search results and the
like), and belongs to no Material feature the site leaves off (sce.material.FEATURES). The palette
stylesheet keeps only the colours mkdocs.yml uses. Custom properties that nothing uses go too
(mostly icons drawn as inline SVG for admonition types, task lists and tags the site has none of).
tests/test_postbuild.py checks that no dropped rule matches anything on any page.
"""

from __future__ import annotations

import re
from typing import Callable

import rcssmin
import tinycss2
from tinycss2.ast import FunctionBlock, IdentToken, LiteralToken, Node

GROUPING = {"media", "supports", "layer", "container", "document"}
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
CLASS_LIST = re.compile(r"\s*-?[A-Za-z_][\w-]*(?:\s+-?[A-Za-z_][\w-]*)*\s*")
TEMPLATE_PREFIX = re.compile(r"(-?[A-Za-z_][\w-]*-)\$\{")


# --- reading ------------------------------------------------------------------------------------

def _rules(css: str) -> list[Node]:
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def _inner_rules(rule) -> list[Node]:
    return tinycss2.parse_rule_list(rule.content or [], skip_comments=True, skip_whitespace=True)


def split_selectors(prelude: list[Node]) -> list[list[Node]]:
    """A rule's selector list, split at its top-level commas (commas in :is(...) stay inside)."""
    parts: list[list[Node]] = [[]]
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def required_classes(selector: list[Node]) -> set[str]:
    """The classes an element chain must have for `selector` to match anything. What sits in a
    functional pseudo-class (:not(.x), :is(.a, .b)) or an attribute selector is not required."""
    found = set()
    for previous, token in zip([None, *selector], selector):
        if (isinstance(token, IdentToken) and isinstance(previous, LiteralToken) and previous.value == "."):
            found.add(token.value)
    return found


def serialize(tokens: list[Node]) -> str:
    return tinycss2.serialize(tokens).strip()


# --- rewriting ----------------------------------------------------------------------------------

def map_rules(css: str, rule: Callable[[list[Node], list[Node]], str]) -> str:
    """`css` with each style rule replaced by `rule(selectors, declarations)` ("" drops it), inside
    @media and the like too; a grouping rule left empty goes, other at-rules stay whole."""
    return "".join(_map(_rules(css), rule))


def _map(rules: list[Node], rule) -> list[str]:
    out = []
    for node in rules:
        if node.type == "at-rule":
            if node.content is None:  # @charset, @import
                out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)};")
            elif node.lower_at_keyword in GROUPING:
                inner = "".join(_map(_inner_rules(node), rule))
                if inner:
                    out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude).rstrip()}{{{inner}}}")
            else:  # @keyframes, @font-face, @property: kept whole
                out.append(tinycss2.serialize([node]))
        elif node.type == "qualified-rule":
            out.append(rule(node.prelude, node.content))
    return out


def selectors(css: str) -> set[str]:
    """Every selector of the stylesheet's style rules, inside @media and the like too."""
    found: set[str] = set()

    def collect(prelude, content) -> str:
        found.update(serialize(s) for s in split_selectors(prelude))
        return ""
    map_rules(css, collect)
    return found


def prune(css: str, keep_selector: Callable[[list[Node]], bool]) -> str:
    """The stylesheet without the selectors `keep_selector` rejects (and rules left empty)."""
    def rule(prelude, content) -> str:
        kept = [serialize(s) for s in split_selectors(prelude) if keep_selector(s)]
        return ",".join(kept) + "{" + tinycss2.serialize(content) + "}" if kept else ""
    return map_rules(css, rule)


def _declarations(content: list[Node]) -> list:
    return [d for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"]


def _var_uses(tokens: list[Node]) -> set[str]:
    """Custom properties named in var() anywhere in these tokens."""
    used = set()
    for token in tokens:
        if isinstance(token, FunctionBlock) and token.lower_name == "var":
            first = next((t for t in token.arguments if isinstance(t, IdentToken)), None)
            if first is not None:
                used.add(first.value)
        inner = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(inner, list):
            used |= _var_uses(inner)
    return used


def _all_declarations(css: str):
    stack = list(_rules(css))
    while stack:
        node = stack.pop()
        if node.type == "at-rule" and node.lower_at_keyword in GROUPING and node.content is not None:
            stack.extend(_inner_rules(node))
        elif node.type == "qualified-rule":
            yield from _declarations(node.content)


def unused_custom_properties(css: str, elsewhere: str) -> set[str]:
    """Custom properties `css` defines that neither its other declarations (through var()) nor
    `elsewhere` (pages, scripts, other stylesheets: any mention) use; repeated until none is
    left whose only users were themselves unused."""
    decls = [(d.name, _var_uses(d.value)) for d in _all_declarations(css)]
    defined = {name for name, _ in decls if name.startswith("--")}
    unused: set[str] = set()
    while True:
        used = {use for name, uses in decls if name not in unused for use in uses}
        more = {name for name in defined - unused - used if name not in elsewhere}
        if not more:
            return unused
        unused |= more


def drop_declarations(css: str, names: set[str]) -> str:
    """`css` without the declarations of the custom properties `names` (and rules left empty)."""
    def rule(prelude, content) -> str:
        declarations = _declarations(content)
        kept = [d for d in declarations if d.name not in names]
        if not kept:
            return ""
        if len(kept) == len(declarations):
            return serialize(prelude) + "{" + tinycss2.serialize(content) + "}"
        body = ";".join(f"{d.name}:{serialize(d.value)}{'!important' if d.important else ''}" for d in kept)
        return serialize(prelude) + "{" + body + "}"
    return map_rules(css, rule)


# --- what the site uses -------------------------------------------------------------------------

def classes_in_js(js: str) -> tuple[set[str], set[str]]:
    """Class-like words in the script's string literals, and prefixes built as `name-${...}`."""
    names: set[str] = set()
    prefixes: set[str] = set()
    for match in JS_STRING.finditer(js):
        text = next(group for group in match.groups() if group is not None)
        prefixes.update(TEMPLATE_PREFIX.findall(text))
        for piece in re.split(r"\$\{[^}]*\}", text):
            if CLASS_LIST.fullmatch(piece):  # "md-tooltip md-tooltip--active", not ".md-nav a"
                names.update(piece.split())
    return names, prefixes


def class_keeper(known: set[str], prefixes: set[str], unused: tuple[str, ...] = ()):
    """Keeps a selector if each class it requires is known (or built from a known prefix) and
    belongs to no unused feature."""
    def keep(selector: list[Node]) -> bool:
        return all((c in known or c.startswith(tuple(prefixes))) and not c.startswith(unused)
                   for c in required_classes(selector))
    return keep


def selector_keeper(keep_text: Callable[[str], bool]):
    """A keeper that judges a selector by its text (the palette rules)."""
    return lambda selector: keep_text(serialize(selector))


def minify(css: str) -> str:
    return rcssmin.cssmin(css)
