"""First-load weight of every built page, heaviest first, against the budget (sce/pageweight.py
says what counts).

    python -m scripts.page_weight [--site-dir site] [--target-kb 80] [--ceiling-kb 100]
                                  [--search-budget-kb 250]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sce.pageweight import CEILING_KB, SEARCH_BUDGET_KB, TARGET_KB, base_path_of, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="for site_url (default: mkdocs.yml)")
    parser.add_argument("--target-kb", type=float, default=TARGET_KB, help=f"per page, gzip (default: {TARGET_KB:g})")
    parser.add_argument("--ceiling-kb", type=float, default=CEILING_KB,
                        help=f"per chapter-length page, gzip (default: {CEILING_KB:g})")
    parser.add_argument("--search-budget-kb", type=float, default=SEARCH_BUDGET_KB,
                        help=f"search index and worker, gzip (default: {SEARCH_BUDGET_KB:g})")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: no built site here (index.html missing): run `make site` first", file=sys.stderr)
        return 2
    lines, problems = report(args.site_dir, args.target_kb, args.ceiling_kb, args.search_budget_kb,
                             base_path_of(args.config))
    print("\n".join(lines))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
