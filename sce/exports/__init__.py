"""What the site gives other programs: learning platforms, reference managers, spreadsheets.

Engine-free, like the rest of sce/: each module turns what the build has already read and checked
(the quizzes, the bibliography, the data behind charts and widgets) into files in a format
another program reads, and SitePipeline.generated_files() adds them to the site, so `make serve`
has them as well as `make site`.

    gift.py        one Moodle GIFT file per chapter quiz       downloads/quizzes/NN-slug.gift
    references.py  the bibliography as BibTeX, RIS, CSL-JSON   downloads/bibliography.{bib,ris,json}
                   and each page's own citation in RIS and CSL-JSON (sce/pagemeta.py's cite box)
    opendata.py    the data of every chart and data widget     downloads/data/NAME.csv, datapackage.json
                   as CSV with a source column, and the line under each that links it
    highwire.py    citation_* meta tags for chapter pages (Zotero, Google Scholar)
"""

from __future__ import annotations

DOWNLOADS = "downloads"


def files(build) -> dict[str, str]:
    """Every export file, by its path in the site."""
    from sce.exports import gift, opendata, references

    out = gift.files(build)
    out.update(references.files(build))
    out.update(opendata.files(build))
    return out
