"""What a reader can download, on the pages that offer it:

    <!-- sce:downloads line -->         the book, the chapter handouts and the offline copy, one line
                                        (the home page)
    <!-- sce:downloads handouts -->     every chapter's handout, with its instructors' copy, as a list
                                        (the home page)
    <!-- sce:downloads table -->        every chapter, its student copy and its instructor copy, as a
                                        table (the instructors' page)
    <!-- sce:downloads chapter 04 -->   one line for chapter 4: both copies (the chapter guides)

The student copy has no answer keys; the instructor copy has them after the references, and ends
with the chapter's teaching notes from the chapter guides (scripts/build_pdf.py). Names and places
of the files are sce/downloads.py's; links are raw HTML because the files are made after the site
is built (the engine would report Markdown links to them as missing).
"""

from __future__ import annotations

import html

from sce import downloads
from sce.errors import SourceError

STUDENT = "student copy"
INSTRUCTOR = "instructor copy, with the answer key and teaching notes"
FORMS = "'line', 'handouts', 'table' or 'chapter NN'"


def render(args: str, ctx) -> str:
    form, _, rest = args.strip().partition(" ")
    if form == "line" and not rest:
        links = [_a(ctx, downloads.BOOK_PDF, "the whole book (PDF)"),
                 '<a href="#chapter-handouts">each chapter as a handout (PDF)</a>']
        if not ctx.build.offline:  # the offline copy does not carry itself
            links.append(_a(ctx, downloads.OFFLINE_ZIP, "the whole site (ZIP)", download=True))
        return f'<p class="sce-downloads sce-downloads--home">Read it offline: {" · ".join(links)}</p>'
    if form == "handouts" and not rest:
        items = []
        for chapter in ctx.project.chapters.values():
            student = _a(ctx, downloads.handout(chapter.src_uri), f"Chapter {chapter.number}: {html.escape(chapter.title)}")
            teacher = _a(ctx, downloads.handout(chapter.src_uri, instructor=True), "instructors' copy, with answers")
            items.append(f"<li>{student} ({teacher})</li>")
        return '<ol class="sce-handouts">\n' + "\n".join(items) + "\n</ol>"
    if form == "table" and not rest:
        rows = []
        for chapter in ctx.project.chapters.values():
            student, instructor = _both(chapter, ctx)
            title = html.escape(f"{chapter.number}. {chapter.title}")
            rows.append(f'<tr><th scope="row">{title}</th><td>{student}</td><td>{instructor}</td></tr>')
        return ('<table>\n<caption>Chapter handouts (PDF): the student copy '
                'without answers, the instructor copy with the answer key and teaching notes</caption>\n'
                '<thead><tr><th scope="col">Chapter</th><th scope="col">For students</th>'
                '<th scope="col">For instructors</th></tr></thead>\n<tbody>\n'
                + "\n".join(rows) + "\n</tbody>\n</table>")
    if form == "chapter" and rest.isdigit():
        student, instructor = _both(ctx.project.chapter_by_number(rest), ctx)
        return f'<p class="sce-handouts">Handouts: {student} · {instructor}</p>'
    raise SourceError(f"{ctx.source}:{ctx.line}: sce:downloads takes {FORMS}, not {args.strip()!r}")


def _both(chapter, ctx) -> tuple[str, str]:
    return (_a(ctx, downloads.handout(chapter.src_uri), f"{STUDENT} (PDF)"),
            _a(ctx, downloads.handout(chapter.src_uri, instructor=True), f"{INSTRUCTOR} (PDF)"))


def _a(ctx, target: str, text: str, download: bool = False) -> str:
    return f'<a href="{html.escape(ctx.link(target))}"{" download" if download else ""}>{text}</a>'
