"""Each page's references, as the check pass's result store reads them
(segsite/check/store.py): what a page's key covers."""

from __future__ import annotations

from segsite.check.store import references


def test_every_url_attribute_and_srcset_candidate_is_read():
    html = (
        '<link rel="stylesheet" href=" /theme/css/site.css "><script src="/a.js"></script>'
        '<img src="a.png" srcset="b.png 1x, c.png 2x"><video poster="p.jpg"></video>'
        '<object data="o.svg"></object><a href="/en/">home</a><a href="">empty</a>'
    )
    assert references(html) == [
        "/theme/css/site.css", "/a.js", "a.png", "b.png", "c.png", "p.jpg", "o.svg", "/en/"
    ]  # fmt: skip


def test_a_templates_content_counts_however_deep_and_whatever_its_attributes():
    html = (
        '<template id="x" class="a>b"><img src="t.png">'
        '<template data-inner><a href="/deep/">deep</a></template></template>'
        "<noscript><img src=n.png></noscript>"
    )
    assert sorted(references(html)) == ["/deep/", "n.png", "t.png"]


def test_an_empty_or_unclosed_page_has_no_references_and_does_not_fail():
    assert references("") == []
    assert references("<template>") == []
    assert references("<p><a href='/x/'>x") == ["/x/"]


def test_bytes_are_read_as_utf_8_with_what_does_not_decode_replaced():
    # \xff: a byte no UTF-8 reader decodes.
    html = '<a href="/ar/عن/">x</a>'.encode() + b'<img src="/a\xff.png">'
    assert references(html) == ["/ar/عن/", "/a\ufffd.png"]
    assert references(html) == references(html.decode("utf-8", "replace"))
