"""Markers: an unknown marker, or one in an old grammar, stops the build with the page and line."""

from __future__ import annotations

import pytest

BIB = """\
@online{lee2017future,
  author = {Lee, Robin},
  title = {The Future of Social Control?},
  organization = {Borderless},
  date = {2017-12-22},
  url = {https://example.org/lee},
  urldate = {2026-11-23},
}
"""


@pytest.mark.parametrize("marker, message", [
    ("<!-- sce:no-such-thing -->", "docs/index.md:5: unknown marker 'sce:no-such-thing'"),
    ("<!-- widget: quiz 01 -->", "docs/index.md:5: old marker '<!-- widget: ...': write <!-- sce:NAME ARGS -->"),
])
def test_unknown_marker_fails_with_page_and_line(fixture_site, marker, message):
    fixture_site.write({"index.md": f"# Test\n\nText [@lee2017future].\n\n{marker}\n"}, BIB)
    result = fixture_site.build()
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
