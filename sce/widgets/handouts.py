"""Links to the chapter handouts, for the instructors' pages.

    <!-- sce:handouts -->      a table: every chapter, its student copy and its instructor copy
    <!-- sce:handouts 04 -->   one line for chapter 4: both copies

The student copy has no answer keys; the instructor copy has them after the references, and ends
with the chapter's teaching notes from the chapter guides (scripts/build_pdf.py). The file
names come from sce/downloads.py, the names scripts/build_pdf.py writes. The links are HTML, not
Markdown: MkDocs checks Markdown links against docs/, and the PDFs are made after it.
"""

from __future__ import annotations

import html

from sce import downloads
from sce.errors import SourceError

STUDENT = "student copy"
INSTRUCTOR = "instructor copy, with the answer key and teaching notes"


def _links(chapter, ctx) -> tuple[str, str]:
    stem = chapter.name[: -len(".md")]
    student = ctx.link(downloads.chapter_handout(stem))
    instructor = ctx.link(downloads.chapter_handout(stem, instructor=True))
    return (f'<a href="{html.escape(student)}">{STUDENT} (PDF)</a>',
            f'<a href="{html.escape(instructor)}">{INSTRUCTOR} (PDF)</a>')


def render(args: str, ctx) -> str:
    args = args.strip()
    if args:
        if not args.isdigit():
            raise SourceError(f"{ctx.source}:{ctx.line}: sce:handouts takes a chapter number, not {args!r}")
        try:
            chapter = ctx.project.chapter_by_number(args)
        except SourceError as error:
            raise SourceError(f"{ctx.source}:{ctx.line}: {error}") from None
        student, instructor = _links(chapter, ctx)
        return f'<p class="sce-handouts">Handouts: {student} · {instructor}</p>'
    rows = []
    for chapter in ctx.project.chapters.values():
        student, instructor = _links(chapter, ctx)
        title = html.escape(f"{chapter.number}. {chapter.title}")
        rows.append(f"<tr><th scope=\"row\">{title}</th><td>{student}</td><td>{instructor}</td></tr>")
    return ('<table>\n<caption>Chapter handouts (PDF): the student copy '
            'without answers, the instructor copy with the answer key and teaching notes</caption>\n'
            '<thead><tr><th scope="col">Chapter</th><th scope="col">For students</th>'
            '<th scope="col">For instructors</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")
