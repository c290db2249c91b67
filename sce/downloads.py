"""The files a reader can download, where they live in the built site, and the links to them.

The PDFs are made by scripts/build_pdf.py and the offline copy by scripts/build_offline.py after
the site is built; the pages link them from here, so a name is written once.

Each chapter has two handouts: the student copy, without the answer keys, under the name the
handouts have always had (links to it stay right), and the instructor copy, with the keys.
"""

from __future__ import annotations

import posixpath

BOOK_PDF = "downloads/social-credit-explained.pdf"
HANDOUT_DIR = "downloads/chapters"            # the student copy of each chapter: NN-slug.pdf
INSTRUCTOR_SUFFIX = "-instructor"             # ...and the instructors' copy, with the answer keys
TEACH_HANDOUT_DIR = "downloads/teach"         # the instructor kit's pages, printable on their own
OFFLINE_ZIP = "downloads/social-credit-explained-offline.zip"


def handout(src_uri: str, instructor: bool = False) -> str | None:
    """The handout PDF of a page given by its path under docs/ (chapters/04-x.md), if it has one."""
    folder, name = posixpath.split(src_uri)
    stem = name.removesuffix(".md")
    if folder == "chapters":
        return chapter_handout(stem, instructor=instructor)
    if folder == "teach" and not instructor:
        return teaching_handout(stem)
    return None


def _link(target: str, from_url: str, text: str, download: bool = False) -> str:
    href = posixpath.relpath(target, posixpath.dirname(from_url) or ".")
    return f'<a href="{href}"{" download" if download else ""}>{text}</a>'


def top_links(src_uri: str, url: str) -> str:
    """Under a chapter's title: its handout and the whole book, on a phone's first screen."""
    own = handout(src_uri)
    if not src_uri.startswith("chapters/") or not own:
        return ""
    return (f'<p class="sce-downloads sce-downloads--top">Download: {_link(own, url, "this chapter (PDF)")} · '
            f'{_link(BOOK_PDF, url, "the whole book (PDF)")}</p>')


def foot_links(src_uri: str, url: str, offline: bool = False) -> str:
    """At the end of every page: what there is to download."""
    links = []
    own = handout(src_uri)
    if own and src_uri.startswith("chapters/"):
        links.append(_link(own, url, "this chapter as a handout (PDF)"))
        links.append(_link(handout(src_uri, instructor=True), url, "the instructors' copy, with the answer key (PDF)"))
    elif own:
        links.append(_link(own, url, "this page as a handout (PDF)"))
    links.append(_link(BOOK_PDF, url, "the whole book (PDF)"))
    if not offline:  # the offline copy does not carry itself
        links.append(_link(OFFLINE_ZIP, url, "the site for offline use (ZIP)", download=True))
    return f'<aside class="sce-downloads" aria-label="Downloads"><strong>Download:</strong> {" · ".join(links)}</aside>'


def chapter_handout(stem: str, *, instructor: bool = False) -> str:
    """downloads/chapters/04-blacklists-and-joint-punishment.pdf (or …-instructor.pdf) for the
    chapter whose page is chapters/04-blacklists-and-joint-punishment.md."""
    return f"{HANDOUT_DIR}/{stem}{INSTRUCTOR_SUFFIX if instructor else ''}.pdf"


def teaching_handout(stem: str) -> str:
    return f"{TEACH_HANDOUT_DIR}/{stem}.pdf"
