"""One kind of error for every problem in the site's sources."""

from __future__ import annotations


class SourceError(Exception):
    """A problem in a source file (page, data, bibliography, figure), as one line a writer can
    act on: 'docs/data/quizzes/04.yml:12: question 3: answer 5 is out of range'."""
