"""Where the build puts what readers download, so that the pages that link a file and the script
that makes it (scripts/build_pdf.py) agree on its name. Paths are relative to the built site.

Each chapter has two handouts: the student copy, without the answer keys, under the name the
handouts have always had (links to it stay right), and the instructor copy, with the keys.
"""

from __future__ import annotations

BOOK_PDF = "downloads/social-credit-explained.pdf"
HANDOUT_DIR = "downloads/chapters"
TEACHING_HANDOUT_DIR = "downloads/teach"  # the instructor kit, printable on its own too
INSTRUCTOR_SUFFIX = "-instructor"


def chapter_handout(stem: str, *, instructor: bool = False) -> str:
    """downloads/chapters/04-blacklists-and-joint-punishment.pdf (or …-instructor.pdf) for the
    chapter whose page is chapters/04-blacklists-and-joint-punishment.md."""
    return f"{HANDOUT_DIR}/{stem}{INSTRUCTOR_SUFFIX if instructor else ''}.pdf"


def teaching_handout(stem: str) -> str:
    return f"{TEACHING_HANDOUT_DIR}/{stem}.pdf"
