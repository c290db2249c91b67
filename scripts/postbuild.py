"""Run the post-build passes over a built site (sce/postbuild/): bundling, pruning, minifying,
security policy.

    python -m scripts.postbuild [--site-dir site] [--config mkdocs.yml] [--allow-inline-scripts]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sce import postbuild


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--allow-inline-scripts", action="store_true",
                        help="for a copy opened from disk (the offline bundle)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").exists():
        print(f"{args.site_dir}: no built site here (run mkdocs build first)", file=sys.stderr)
        return 1
    settings = postbuild.run(args.site_dir, args.config, args.allow_inline_scripts)
    print("post-build passes: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in settings.timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
