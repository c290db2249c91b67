"""Validate docs/data/figures.yml and render every figure (sce/figures.py), without the site.

    python -m scripts.figures              validate and render every figure
    python -m scripts.figures --out DIR    ...and write each figure to DIR/<id>.svg
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sce import figures
from sce.bibliography import load
from sce.errors import SourceError
from sce.yamlfile import shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder (default: docs)")
    parser.add_argument("--bib", type=Path, default=Path("bibliography.bib"),
                        help="check citation keys against this file")
    parser.add_argument("--out", type=Path, help="write each figure to OUT/<id>.svg")
    parser.add_argument("--cache", type=Path, default=Path(".cache/figures"),
                        help="reuse unchanged renders from here")
    args = parser.parse_args(argv)
    try:
        registry = figures.load_registry(args.docs)
        rendered = figures.render_all(registry, args.docs, args.cache)
        figures.check_keys(rendered, set(load(args.bib).entries), args.docs)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for item in rendered:
            (args.out / f"{item.figure.id}.svg").write_text(item.standalone, encoding="utf-8")
    print(f"{shown(args.docs / figures.REGISTRY)}: {len(rendered)} figures, all valid"
          + (f"; written to {shown(args.out)}" if args.out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
