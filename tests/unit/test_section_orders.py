"""site.css's rules for a segment's own order of sections (generator.py,
order_rules): one rule a position, naming each view at that position."""

from __future__ import annotations

from segsite.generator import order_rules


def test_one_rule_a_position_listing_each_view_there():
    rules = order_rules((("a", 1), ("a", 2), ("b", 1), ("b@test.arm", 1)))
    assert rules == [
        (
            1,
            [
                'html[data-segment="a"]:not([data-arm]) [data-o~="a:1"]',
                'html[data-segment="b"]:not([data-arm]) [data-o~="b:1"]',
                'html[data-segment="b"][data-arm="test.arm"] [data-o~="b@test.arm:1"]',
            ],
        ),
        (2, ['html[data-segment="a"]:not([data-arm]) [data-o~="a:2"]']),
    ]


def test_no_reordered_segment_no_rule():
    assert order_rules(()) == []
