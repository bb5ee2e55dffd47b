"""The packaging-rules HTML as lines and tagged codes, and the response shapes on their own."""

from __future__ import annotations

import pytest

from qualcheck.fetch.rulestext import read_rules
from qualcheck.fetch.shapes import FetchError, Reader, read_detail, read_metadata, read_release


def _fail(message: str) -> FetchError:
    return Reader("http://127.0.0.1/api/content/bundle/x", "BSB50311").content_error(message)


def test_rows_become_lines_and_column_labels_are_left_out() -> None:
    html = (
        "<p>Total number of units = 10</p><table><tr><th colspan='2'>Group A</th></tr>"
        "<tr><th>Code</th><th>Title</th></tr>"
        '<tr><td><ntr-tcref data-nrt-code="BSBAUD501B">BSBAUD501B</ntr-tcref></td><td>Initiate a quality'
        "<br>audit</td></tr></table><table><thead><tr><th>Unit code</th><th>Unit title</th></tr></thead>"
        '<tr><td><ntr-tcref data-nrt-code="BSBCCO501B"/></td><td>Develop business continuity strategy</td></tr>'
        "</table><script>ignored()</script>"
    )
    text = read_rules(html, _fail)
    assert text.lines == [
        "Total number of units = 10",
        "Group A",
        "BSBAUD501B Initiate a quality audit",
        "BSBCCO501B Develop business continuity strategy",
    ]
    assert text.tagged == [("BSBAUD501B", 3), ("BSBCCO501B", 4)]


def test_a_tag_is_read_by_its_code_whatever_its_text() -> None:
    html = (
        '<ul><li><ntr-tcref data-nrt-code="BSBCCO602B">BSBCCO602B - Manage customer contact information'
        '</ntr-tcref></li><li><ntr-tcref data-nrt-code="BSBCUS501C">Manage quality customer service'
        "</ntr-tcref></li></ul><p>choose one of <strong>Group&nbsp;A</strong></p>"
    )
    text = read_rules(html, _fail)
    assert text.lines == [
        "BSBCCO602B Manage customer contact information",
        "BSBCUS501C Manage quality customer service",
        "choose one of Group A",
    ]


def test_a_self_closing_skipped_tag_keeps_the_rules_after_it() -> None:
    html = "<p>Total number of units = 10</p><template/><p>2 core units</p><style/><p>8 elective units</p>"
    assert read_rules(html, _fail).lines == ["Total number of units = 10", "2 core units", "8 elective units"]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>up to 2 units\x1b[2J</p>", "content holds a control character (U+001B)"),
        ("<p>x\u202e</p>", "U+202E"),
        ("<p><ntr-tcref>BSBAUD501B</ntr-tcref></p>", "an <ntr-tcref> tag has no data-nrt-code"),
        (
            '<p><ntr-tcref data-nrt-code="../BSB">BSBAUD501B</ntr-tcref></p>',
            "an <ntr-tcref> tag's data-nrt-code is '../BSB', not a unit code",
        ),
    ],
)
def test_html_that_does_not_fit_is_an_error(html: str, message: str) -> None:
    with pytest.raises(FetchError) as raised:
        read_rules(html, _fail)
    assert message in raised.value.message and raised.value.code == "QC075"


def test_a_release_may_be_named_by_number_or_guid() -> None:
    detail = read_detail(
        {
            "code": "BSB50311",
            "title": "Diploma of Customer Contact",
            "releases": [{"releaseNumber": 3, "id": "abc-1"}, {"releaseNumber": "2"}],
        },
        "u",
        "BSB50311",
    )
    assert [(r.number, r.id) for r in detail.releases] == [(3, "abc-1"), (2, "2")]
    with pytest.raises(FetchError, match="code is BSB50315, not the BSB50311 asked for"):
        read_detail({"code": "BSB50315", "title": "x", "releases": []}, "u", "BSB50311")
    with pytest.raises(FetchError, match=r"packagingInformation\.core is missing"):
        read_release({"releaseNumber": "3", "packagingInformation": {"measure": "units"}}, "u", "X")


def test_metadata_needs_a_sync_time() -> None:
    found = read_metadata({"lastSyncDate": "2026-03-01", "apiVersion": 2}, "u")
    assert (found.synced, found.version) == ("2026-03-01", "2")
    with pytest.raises(FetchError, match="syncTime is 'soon', not a date"):
        read_metadata({"syncTime": "soon"}, "u")
    with pytest.raises(FetchError, match="no sync time"):
        read_metadata({"version": "2"}, "u")
