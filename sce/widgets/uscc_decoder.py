"""The unified social credit code decoder: `<!-- sce:uscc-decoder -->` renders the codes to try
from docs/data/uscc-examples.yml, each checked here with sce/uscc.py so that the page never
offers a code whose verdict differs from the one the decoder will give.

Without JavaScript the reader gets the examples and a note that the recipe above works by hand;
assets/js/uscc-decoder.js adds the input, the parts of a typed code and the step-by-step sum.
"""

from __future__ import annotations

from sce import uscc
from sce.exports.opendata import data_paragraph
from sce.markup import cited, prose
from sce.widgets.common import no_arguments


def _keys(doc, at, value, ctx) -> list[str]:
    """The `cite:` field, one key or a list; the examples' sources are cited here, in the chapter."""
    keys = value if isinstance(value, list) else [value]
    if not keys:
        doc.fail(at, f"{doc.describe(at)}: no citation key")
    for key in keys:
        if not isinstance(key, str) or key not in ctx.bib.entries:
            doc.fail(at, f"{doc.describe(at)}: unknown citation key {key!r}")
    return keys


def load(ctx) -> list[dict]:
    doc = ctx.project.yaml("uscc-examples.yml", item="example")
    data = doc.record((), doc.data, {"examples"})
    examples = []
    for index, item in enumerate(doc.items(("examples",), data["examples"], "examples", (1, 10))):
        at = ("examples", index)
        doc.record(at, item, {"code", "valid", "text", "cite"})
        code = str(item["code"])
        result = uscc.validate(code)
        if item["valid"] not in (True, False):
            doc.fail(at + ("valid",), f"example {index + 1}: valid must be true or false")
        if result.valid != item["valid"]:
            verdict = "passes every check" if result.valid else f"fails: {result.reason}"
            doc.fail(at + ("code",), f"example {index + 1}: {code} {verdict}, but the file says "
                                     f"valid: {str(item['valid']).lower()}")
        examples.append({"code": code, "valid": item["valid"], "text": doc.text(at + ("text",), item["text"]),
                         "cite": _keys(doc, at + ("cite",), item["cite"], ctx)})
    return examples


def render(args: str, ctx) -> str:
    no_arguments("uscc-decoder", args)
    items = [f"- `{e['code']}`: {cited(prose(e['text']), e['cite'])}" for e in load(ctx)]
    return "\n".join([
        '<div class="uscc-decoder" data-widget="uscc-decoder" markdown>', "",
        '<p class="uscc-nojs sce-no-print" markdown>The interactive decoder needs JavaScript, which is '
        "turned off or blocked here. The recipe and the worked examples above give the same answers "
        "by hand.</p>", "",
        '<div class="uscc-examples" markdown>', "",
        "Codes to try, each with where it comes from:", "",
        *items, "", "</div>", "", "</div>"]) + data_paragraph(ctx, "uscc-decoder")
