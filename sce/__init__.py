"""The build code of Social Credit, Explained, as one importable package.

Engine-free: nothing here imports MkDocs. hooks/site.py is the one adapter that calls these
modules from MkDocs' events, in the order written in sce/pipeline.py; scripts/ holds the
command-line tools, one job each, which import this package. A map:

    errors.py        SourceError: every problem is one line, "file:line: message"
    yamlfile.py      the one reader of YAML data files (values with their line numbers)
    project.py       where things are: docs/, data/, chapters (numbers, titles), mkdocs.yml
    bibliography.py  the one reader of bibliography.bib; [@key] citations found in Markdown
    hosts.py         source-hosts.yml: copy hosts a source may not link, official hosts
    citations.py     [@key] -> numbered markers and a numbered reference list (pandoc + CSL)
    markup.py        small Markdown/HTML helpers shared by every renderer
    data.py          timeline and glossary data
    shortcodes.py    the one marker grammar, <!-- sce:NAME args -->, and its dispatch
    widgets/         one renderer per marker name: render(args, ctx) -> Markdown
    figures.py       diagrams and charts, drawn to SVG at build time
    glossary_terms.py  first use of a glossary term on a chapter explains itself
    pagemeta.py      reading time, "facts current to", Cite this page
    downloads.py     the PDFs' names and the download links at a chapter's top and foot
    tables.py        tables holding a link or control stack into one block per row on phones
    exports/         files for other programs: quizzes as Moodle GIFT, the bibliography as .bib,
                     .ris and CSL-JSON, open data as CSV with datapackage.json; citation_* meta
    accessibility.py Chinese text marked as Chinese; tables take keyboard focus
    search_zh.py     Chinese terms kept whole in the search index; jieba's cuts cached
    uscc.py          the unified social credit code, reference implementation
    pipeline.py      the per-page steps, in written order
    material.py      everything that depends on Material for MkDocs' internals
    htmltokens.py    built HTML read and rewritten with a real tokenizer, byte for byte
    postbuild/       passes over the built site/: bundling, pruning, minifying, security policy
    pageweight.py    every page's first-load weight against its budget
    paper.py         a page made ready for paper: screen-only pieces out, wide tables reflowed
    pdf_tags.py      a printed PDF finished: artifacts, figure groups, link descriptions, metadata
    print.css        the print stylesheet of the book and handouts (scripts/build_pdf.py)
"""
