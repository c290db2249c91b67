"""What a reader can download, on the page that offers it (the home page):

    <!-- sce:downloads line -->       the book, the chapter handouts and the offline copy, one line
    <!-- sce:downloads handouts -->   every chapter's handout, with its instructors' copy

Names and places of the files are sce/downloads.py's; links are raw HTML because the files are
made after the site is built (the engine would report Markdown links to them as missing).
"""

from __future__ import annotations

import html

from sce import downloads
from sce.errors import SourceError


def render(args: str, ctx) -> str:
    form = args.strip()
    if form == "line":
        return (f'<p class="sce-downloads sce-downloads--home">Read it offline: '
                f'{_a(ctx, downloads.BOOK_PDF, "the whole book (PDF)")} · '
                f'<a href="#chapter-handouts">each chapter as a handout (PDF)</a> · '
                f'{_a(ctx, downloads.OFFLINE_ZIP, "the whole site (ZIP)", download=True)}</p>')
    if form == "handouts":
        items = []
        for chapter in ctx.project.chapters.values():
            student = _a(ctx, downloads.handout(chapter.src_uri), f"Chapter {chapter.number}: {html.escape(chapter.title)}")
            teacher = _a(ctx, downloads.handout(chapter.src_uri, instructor=True), "instructors' copy, with answers")
            items.append(f"<li>{student} ({teacher})</li>")
        return '<ol class="sce-handouts">\n' + "\n".join(items) + "\n</ol>"
    raise SourceError(f"downloads takes 'line' or 'handouts', not {args!r}")


def _a(ctx, target: str, text: str, download: bool = False) -> str:
    return f'<a href="{ctx.link(target)}"{" download" if download else ""}>{text}</a>'
