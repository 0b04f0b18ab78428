"""The check report groups repeated findings: one entry per check and finding
text (its own page taken out), with the pages it was seen on, the rarest
first; one file, no script, no other host, every text escaped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from segsite.check.report import THIS_PAGE, without_page, write_report

SIZES = ("360x800", "1366x768")
HOST = "http://127.0.0.1:8123"


def result(page, check, findings=None, viewport="", advice="change it") -> dict:
    entry = {"page": page, "viewport": viewport, "check": check, "outcome": "passed"}
    if findings is not None:
        entry.update(outcome="failed", findings=findings, advice=advice)
    return entry


def hand_made_results() -> list[dict]:
    pages = [f"/en/page-{n}/" for n in range(40)]
    results = [result(page, "landmarks") for page in pages]
    # A fault of the shared header: the same words on every page, both widths.
    for page in pages:
        for size in SIZES:
            small = ['a "Pricing" is 80x22, under 24x24']
            results.append(result(page, "target size", small, size, "make targets 24x24"))
    # The same fault, each finding naming its own page: grouped all the same.
    for page in pages[:3]:
        results.append(result(page, "failed requests", [f"{HOST}{page} (HTTP 500)"]))
    # One page's own fault, next to the shared one.
    results.append(result("/en/page-7/", "one h1", ['2 h1: h1 "<script>alert(1)</script>"']))
    results.append(result("/en/?segment=vip", "right variant", ["banner is a, the page shows b"]))
    results.append(result("/theme/css/extra.css", "physical CSS", ["line 3: margin-left: 1px"]))
    return results


def report(tmp_path: Path, results: list[dict]) -> BeautifulSoup:
    folder = tmp_path / "output-check"
    folder.mkdir()
    write_report(folder, tmp_path / "output", results, 12.0)
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def groups(doc: BeautifulSoup) -> list[tuple[str, str, int]]:
    return [
        (
            group.select_one(".check").get_text(),
            group.select_one(".finding").get_text(),
            int(group["data-pages"]),
        )
        for group in doc.select(".findings .group")
    ]


def test_one_entry_per_finding_with_its_pages_the_rarest_first(tmp_path):
    doc = report(tmp_path, hand_made_results())
    found = groups(doc)
    assert found == [
        ("one h1", '2 h1: h1 "<script>alert(1)</script>"', 1),
        ("physical CSS", "line 3: margin-left: 1px", 1),
        ("right variant", "banner is a, the page shows b", 1),
        ("failed requests", f"{THIS_PAGE} (HTTP 500)", 3),
        ("target size", 'a "Pricing" is 80x22, under 24x24', 40),
    ]
    counts = [count for _, _, count in found]
    assert counts == sorted(counts)
    # 86 failed checks in all: 80 of them one header fault on 40 pages.
    assert "86 failures" in doc.h1.get_text()
    shared = doc.select(".findings .group")[-1]
    pages = shared.select("details > ul.pages > li")
    assert len(pages) == 40 and shared.details.get("open") is None  # collapsed
    assert pages[0].get_text() == "/en/page-0/ at 360x800, 1366x768"
    # Each page links to its own section of the report (its screenshots).
    target = pages[0].a["href"].removeprefix("#")
    assert doc.find(id=target).h2.a.get_text() == "/en/page-0/"
    single = doc.select(".findings .group")[0]
    assert single.details.has_attr("open")
    assert single.select_one(".advice").get_text() == "change it"


def test_the_report_is_self_contained_and_escaped(tmp_path):
    doc = report(tmp_path, hand_made_results())
    assert not doc.find_all("script")
    for element in doc.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        for name in ("href", "src"):
            value = element.get(name, "")
            assert not value.startswith(("http:", "https:", "//")), value
    text = (tmp_path / "output-check/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text


def test_a_clean_pass_lists_no_findings(tmp_path):
    doc = report(tmp_path, [result(f"/en/{n}/", "landmarks") for n in range(3)])
    assert not doc.select(".findings")
    assert "0 failures" in doc.h1.get_text()
    assert [s.h2.a.get_text() for s in doc.select("section.pass")] == ["/en/0/", "/en/1/", "/en/2/"]


def test_the_report_says_what_was_not_checked_again(tmp_path):
    results = [
        result("/en/", "accessibility", viewport="360x800"),
        {
            **result("/en/about/", "accessibility", viewport="360x800"),
            "reuses": "header axe of /en/",
        },
        {
            **result("/en/for/vip/", "accessibility", viewport="360x800"),
            "reuses": "the load of /en/: its body read there; section axe of /en/",
        },
        {**result("/en/for/vip/", "target size", viewport="360x800"), "reuses": "the load of /en/"},
    ]
    said = report(tmp_path, results).select_one("p.reuse").get_text()
    assert said.startswith("2 checks re-used a part"), said
    assert said.endswith("without a load of their own: 1 segment page."), said
    (tmp_path / "clean").mkdir()
    assert not report(tmp_path / "clean", [result("/en/", "landmarks")]).select("p.reuse")


def test_what_names_the_page_is_taken_out_and_nothing_else():
    assert without_page(f"{HOST}/en/about/ (HTTP 404)", "/en/about/") == f"{THIS_PAGE} (HTTP 404)"
    assert without_page(f"Uncaught at {HOST}/en/:12:5", "/en/") == f"Uncaught at {THIS_PAGE}:12:5"
    assert without_page("see /en/about/index.html", "/en/about/") == f"see {THIS_PAGE}"
    # Another page, or a file under this one, is not this page.
    for text in (
        "nav links differ from /en/",
        f"{HOST}/en/about/logo.png (HTTP 404)",
        '<a href="x">: /en/about/x does not exist',
    ):
        assert without_page(text, "/en/about/") == text
    # The root's path is a lone "/": only its URL names it.
    assert without_page(f"a / b, {HOST}/ (HTTP 500)", "/") == f"a / b, {THIS_PAGE} (HTTP 500)"


def test_each_page_shows_its_own_screenshots_narrowest_first(tmp_path):
    # "/en/offer-2/" shares the start of its shots' names with "/en/offer/".
    shots = tmp_path / "output-check" / "shots"
    shots.mkdir(parents=True)
    for name in ("en_offer-1366.jpg", "en_offer-360.jpg", "en_offer-2-360.jpg", "notes.txt"):
        (shots / name).write_bytes(b"")
    folder = tmp_path / "output-check"
    results = [result("/en/offer/", "landmarks"), result("/en/offer-2/", "landmarks")]
    write_report(folder, tmp_path / "output", results, 1.0)
    doc = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = {
        section.h2.a.get_text(): [img["src"] for img in section.select("img")]
        for section in doc.select("section.pass")
    }
    assert shown == {
        "/en/offer/": ["shots/en_offer-360.jpg", "shots/en_offer-1366.jpg"],
        "/en/offer-2/": ["shots/en_offer-2-360.jpg"],
    }
