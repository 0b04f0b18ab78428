"""What the check pass keeps between runs (segsite/check/store.py,
ResultStore): the latest result of each check, for pages still in the site."""

from __future__ import annotations

from segsite.check.store import ResultStore


def entry(page: str, outcome: str = "passed") -> dict:
    return {"page": page, "viewport": "360x800", "check": "landmarks", "outcome": outcome}


def test_a_check_run_again_keeps_its_new_result_under_the_same_key(tmp_path):
    ResultStore(tmp_path).save({"k1": entry("/en/"), "k2": entry("/en/a/")}, {"/en/", "/en/a/"})
    store = ResultStore(tmp_path)
    # `segsite check --all`: the same keys, and this time /en/ fails.
    store.save({"k1": entry("/en/", "failed"), "k2": store.get("k2")}, {"/en/", "/en/a/"})
    assert ResultStore(tmp_path).get("k1")["outcome"] == "failed"


def test_all_re_used_keeps_them_and_a_gone_page_is_forgotten(tmp_path):
    ResultStore(tmp_path).save({"k1": entry("/en/"), "k2": entry("/en/a/")}, {"/en/", "/en/a/"})
    store = ResultStore(tmp_path)
    store.save({"k1": store.get("k1"), "k2": store.get("k2")}, {"/en/", "/en/a/"})
    assert ResultStore(tmp_path).kept == {"k1": entry("/en/"), "k2": entry("/en/a/")}
    store = ResultStore(tmp_path)
    store.save({"k1": store.get("k1")}, {"/en/"})
    assert ResultStore(tmp_path).kept == {"k1": entry("/en/")}
