"""Unit tests for segsite.rtl: Latin-run isolation, digit systems and dates."""

from __future__ import annotations

import datetime
import random

import pytest

from segsite.rtl import (
    DEFAULT_DIGITS,
    DIGIT_SYSTEMS,
    convert_digits,
    digit_system_for,
    format_date,
    format_number,
    localize_html,
)


def rtl_fa(html: str) -> str:
    """Localize for a Persian page (the commonest right-to-left case)."""
    return localize_html(html, "rtl", "arabext")


def ltr(run: str) -> str:
    """The markup localize_html puts around an isolated Latin run."""
    return f'<span dir="ltr">{run}</span>'


# --- tables and digit_system_for ------------------------------------------


def test_digit_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        DIGIT_SYSTEMS["latn"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        DEFAULT_DIGITS["fr"] = "latn"  # type: ignore[index]
    assert dict(DIGIT_SYSTEMS) == {
        "latn": "0123456789",
        "arab": "٠١٢٣٤٥٦٧٨٩",
        "arabext": "۰۱۲۳۴۵۶۷۸۹",
    }
    assert dict(DEFAULT_DIGITS) == {"en": "latn", "ar": "arab", "fa": "arabext"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "latn"), ("ar", "arab"), ("fa", "arabext"), ("fr", "latn"), ("fa-IR", "arabext")],
)
def test_digit_system_defaults(lang: str, expected: str) -> None:
    assert digit_system_for(lang) == expected
    assert digit_system_for(lang, {}) == expected


def test_digit_system_configured_override_wins() -> None:
    configured = {"fa": "latn", "en": "arabext"}
    assert digit_system_for("fa", configured) == "latn"
    assert digit_system_for("en", configured) == "arabext"
    assert digit_system_for("ar", configured) == "arab"  # not configured: default
    assert digit_system_for("ar_AE", {"ar": "latn"}) == "latn"  # base language
    assert digit_system_for("ar-AE", {"ar-AE": "arabext", "ar": "latn"}) == "arabext"


def test_digit_system_bad_configured_value_is_named() -> None:
    with pytest.raises(ValueError, match="persian"):
        digit_system_for("fa", {"fa": "persian"})
    # A typo for another language fails too, at the first lookup.
    with pytest.raises(ValueError, match=r"SEGSITE_DIGITS\['ar'\].*'arabic'"):
        digit_system_for("en", {"ar": "arabic"})


# --- convert_digits and format_number -------------------------------------


def test_convert_digits_from_every_system() -> None:
    mixed = "a 0123456789 ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ z"
    assert convert_digits(mixed, "latn") == "a 0123456789 0123456789 0123456789 z"
    assert convert_digits(mixed, "arab") == "a ٠١٢٣٤٥٦٧٨٩ ٠١٢٣٤٥٦٧٨٩ ٠١٢٣٤٥٦٧٨٩ z"
    assert convert_digits(mixed, "arabext") == "a ۰۱۲۳۴۵۶۷۸۹ ۰۱۲۳۴۵۶۷۸۹ ۰۱۲۳۴۵۶۷۸۹ z"


def test_convert_digits_unknown_system() -> None:
    with pytest.raises(ValueError, match="roman"):
        convert_digits("1", "roman")


@pytest.mark.parametrize(
    ("value", "system", "expected"),
    [
        (1405, "arabext", "۱۴۰۵"),
        (18000, "arab", "١٨٠٠٠"),
        (18000, "latn", "18000"),
        (0, "arabext", "۰"),
        (-42, "arab", "-٤٢"),
    ],
)
def test_format_number(value: int, system: str, expected: str) -> None:
    assert format_number(value, system) == expected


# --- format_date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "system", "expected"),
    [
        (datetime.date(2026, 11, 15), "en", "latn", "November 15, 2026"),
        (datetime.date(2026, 1, 5), "en", "latn", "January 5, 2026"),
        (datetime.date(2026, 11, 15), "ar", "arab", "١٥ نوفمبر ٢٠٢٦"),
        (datetime.date(2026, 11, 15), "ar", "latn", "15 نوفمبر 2026"),
        (datetime.date(2026, 5, 1), "ar", "arab", "١ مايو ٢٠٢٦"),
        (datetime.date(2026, 11, 15), "fa", "arabext", "۲۴ آبان ۱۴۰۵"),
        (datetime.date(2026, 11, 15), "fa", "latn", "24 آبان 1405"),
        (datetime.date(2027, 3, 21), "fa", "arabext", "۱ فروردین ۱۴۰۶"),
        (datetime.date(2027, 3, 20), "fa", "arabext", "۲۹ اسفند ۱۴۰۵"),  # 1405 is a common year
        (datetime.date(2026, 8, 1), "fa", "arabext", "۱۰ مرداد ۱۴۰۵"),
        (datetime.date(2026, 1, 5), "de", "latn", "2026-01-05"),
        (datetime.date(2026, 1, 5), "ur", "arabext", "۲۰۲۶-۰۱-۰۵"),
    ],
)
def test_format_date(value: datetime.date, lang: str, system: str, expected: str) -> None:
    assert format_date(value, lang, system) == expected


AR_MONTHS = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"
FA_MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"


def test_format_date_month_names() -> None:
    for month, name in enumerate(AR_MONTHS.split(), start=1):
        assert format_date(datetime.date(2026, month, 10), "ar", "latn") == f"10 {name} 2026"
    # The first of each Solar Hijri month in 1405 (Gregorian 2026-03-21 onward).
    firsts = [(3, 21), (4, 21), (5, 22), (6, 22), (7, 23), (8, 23), (9, 23), (10, 23),
              (11, 22), (12, 22), (1, 21), (2, 20)]  # fmt: skip
    for (month, day), name in zip(firsts, FA_MONTHS.split(), strict=True):
        gregorian = datetime.date(2026 if month >= 3 else 2027, month, day)
        assert format_date(gregorian, "fa", "latn") == f"1 {name} 1405"


def test_format_date_datetime_and_bad_system() -> None:
    moment = datetime.datetime(2026, 11, 15, 23, 30, tzinfo=datetime.UTC)
    assert format_date(moment, "fa", "arabext") == "۲۴ آبان ۱۴۰۵"
    assert format_date(moment, "xx", "latn") == "2026-11-15"
    with pytest.raises(ValueError, match="hindi"):
        format_date(moment, "fa", "hindi")


# --- localize_html: Latin runs ---------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>با Tanin Digital در 3 روز</p>", f"<p>با {ltr('Tanin Digital')} در ۳ روز</p>"),
        ("<p>قیمت AED 1,200 در ماه.</p>", f"<p>قیمت {ltr('AED 1,200')} در ماه.</p>"),
        ("<p>تماس: +971 50 123 4567</p>", f"<p>تماس: {ltr('+971 50 123 4567')}</p>"),
        ("<p>ایمیل hello@tanin.example.</p>", f"<p>ایمیل {ltr('hello@tanin.example')}.</p>"),
        ("<p>نسخه Shopify 2.0 و Web 3</p>", f"<p>نسخه {ltr('Shopify 2.0')} و {ltr('Web 3')}</p>"),
        ("<p>سایت www.example.org را</p>", f"<p>سایت {ltr('www.example.org')} را</p>"),
        (
            "<p>نشانی https://tanin.example/fa/ است.</p>",
            f"<p>نشانی {ltr('https://tanin.example/fa/')} است.</p>",
        ),
        ("<p>پشتیبانی 24/7 WhatsApp</p>", f"<p>پشتیبانی ۲۴/۷ {ltr('WhatsApp')}</p>"),
        ("<p>خلال 24 ساعة</p>", "<p>خلال ۲۴ ساعة</p>"),
        ("<p>اینترنت 5G و 3D</p>", f"<p>اینترنت {ltr('5G')} و {ltr('3D')}</p>"),
        ("<p>۲ + 2 و 2+2</p>", "<p>۲ + ۲ و ۲+۲</p>"),
        ("<p>C# و C++ با 20% تخفیف</p>", f"<p>{ltr('C#')} و {ltr('C++')} با ۲۰% تخفیف</p>"),
        ("<p>(Tanin)! «Tanin»</p>", f"<p>({ltr('Tanin')})! «{ltr('Tanin')}»</p>"),
        ("<p>Tanin، Shopify؛ Web؟</p>", f"<p>{ltr('Tanin')}، {ltr('Shopify')}؛ {ltr('Web')}؟</p>"),
        ("<p>Tanin's team, ok</p>", "<p>" + ltr("Tanin's team, ok") + "</p>"),
        ("<p>Tanin’s و</p>", f"<p>{ltr('Tanin’s')} و</p>"),
        ("<p>Café Crème و Ärzte</p>", f"<p>{ltr('Café Crème')} و {ltr('Ärzte')}</p>"),
        ("<p>Cafe\u0301 و</p>", "<p>" + ltr("Cafe\u0301") + " و</p>"),
        ("<p>Tanin\nDigital\n</p>", "<p>" + ltr("Tanin\nDigital") + "\n</p>"),
        ("<p>  Tanin -  </p>", f"<p>  {ltr('Tanin')} -  </p>"),
    ],
)
def test_latin_runs(html: str, expected: str) -> None:
    assert rtl_fa(html) == expected


def test_percent_ends_a_latin_run_but_not_prose() -> None:
    # Inside a run "%" stays with its number; after a lone number it is prose.
    assert rtl_fa("<p>Save 20% امروز</p>") == f"<p>{ltr('Save 20%')} امروز</p>"


def test_run_never_spans_a_tag_boundary() -> None:
    assert rtl_fa("<p>Tanin <strong>Digital</strong> 3</p>") == (
        f"<p>{ltr('Tanin')} <strong>{ltr('Digital')}</strong> ۳</p>"
    )


def test_attributes_are_untouched_and_text_is_wrapped_inside_link() -> None:
    html = '<a href="/fa/x/" title="AED 5">Tanin</a>'
    assert rtl_fa(html) == f'<a href="/fa/x/" title="AED 5">{ltr("Tanin")}</a>'
    tricky = '<img alt="a > Tanin 3" src=x.png> 3'
    assert rtl_fa(tricky) == '<img alt="a > Tanin 3" src=x.png> ۳'


# --- localize_html: digits -------------------------------------------------


def test_eastern_digits_are_normalized_per_page() -> None:
    assert rtl_fa("<p>در ٣ روز</p>") == "<p>در ۳ روز</p>"
    assert localize_html("<p>في 3 أو ۳ أيام</p>", "rtl", "arab") == "<p>في ٣ أو ٣ أيام</p>"
    # A right-to-left page configured for Western digits.
    assert localize_html("<p>در ۳ روز Web 3</p>", "rtl", "latn") == (
        f"<p>در 3 روز {ltr('Web 3')}</p>"
    )


def test_digits_of_a_latin_run_are_western_whatever_was_typed() -> None:
    assert rtl_fa("<p>AED ۱۲۰۰ و AED 1200</p>") == f"<p>{ltr('AED 1200')} و {ltr('AED 1200')}</p>"
    assert rtl_fa("<p>تماس +۹۷۱ ۵۰ و ۵G</p>") == f"<p>تماس {ltr('+971 50')} و {ltr('5G')}</p>"
    # Lone digits still follow the page, and a second pass changes nothing.
    page_latn = localize_html("<p>تماس +۹۷۱ و ۳</p>", "rtl", "latn")
    assert page_latn == f"<p>تماس {ltr('+971')} و 3</p>"
    assert localize_html(page_latn, "rtl", "latn") == page_latn


# --- localize_html: entities -----------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Tanin &amp; Co</p>", f"<p>{ltr('Tanin &amp; Co')}</p>"),
        ("<p>R&D 3</p>", f"<p>{ltr('R&D 3')}</p>"),
        ("<p>&quot;Tanin&quot; گفت</p>", f"<p>&quot;{ltr('Tanin')}&quot; گفت</p>"),
        ("<p>&#39;3&#39; و 3</p>", "<p>&#39;۳&#39; و ۳</p>"),
        ("<p>Tanin&#39;s و</p>", f"<p>{ltr('Tanin&#39;s')} و</p>"),
        ("<p>Tanin&rsquo;s و</p>", f"<p>{ltr('Tanin&rsquo;s')} و</p>"),
        ("<p>AED&nbsp;5 و</p>", f"<p>{ltr('AED&nbsp;5')} و</p>"),
        ("<p>Caf&eacute; Tanin و</p>", f"<p>{ltr('Caf&eacute; Tanin')} و</p>"),
        ("<p>&laquo;3&raquo; &#x6F3;</p>", "<p>&laquo;۳&raquo; &#x6F3;</p>"),
        ("<p>a &lt; b</p>", f"<p>{ltr('a')} &lt; {ltr('b')}</p>"),
    ],
)
def test_entities_stay_intact(html: str, expected: str) -> None:
    assert rtl_fa(html) == expected


# --- localize_html: what is left alone --------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<code>npm 3</code>",
        "<pre><code>x = 3\nprint('Tanin')</code></pre>",
        "<kbd>Ctrl 3</kbd>",
        "<samp>Error 3</samp>",
        "<script>var a = 1; if (a<b) { s = '</p>Tanin 3'; }</script>",
        "<style>p::before { content: 'Tanin 3'; }</style>",
        '<svg viewBox="0 0 3 3"><text>Tanin 3</text><title>Tanin 3</title></svg>',
        "<textarea>Tanin 3 <b>x</b></textarea>",
        '<span dir="ltr">Tanin 2</span>',
        '<span dir="auto">Tanin 2</span>',
        "<bdi>Tanin 2</bdi>",
        '<bdo dir="ltr">Tanin 2</bdo>',
        "<!-- Tanin 3 -->",
        "<!DOCTYPE html>",
        "<CODE>Upper 3</CODE>",
        "",
        "<p>فقط فارسی ۳</p>\n\n",
    ],
)
def test_left_alone(html: str) -> None:
    assert rtl_fa(html) == html


def test_skipped_region_ends_at_its_own_end_tag() -> None:
    html = '<span dir="ltr">a <span>b</span> 3</span> 4 <code>1 <code>2</code> 3</code> 5'
    assert rtl_fa(html) == (
        '<span dir="ltr">a <span>b</span> 3</span> ۴ <code>1 <code>2</code> 3</code> ۵'
    )


def test_script_end_tag_case_and_raw_text_do_not_confuse_the_tokenizer() -> None:
    html = "<script>'<code>'</SCRIPT > 3 <pre>1</pre> 2"
    assert rtl_fa(html) == "<script>'<code>'</SCRIPT > ۳ <pre>1</pre> ۲"


def test_page_direction_dir_does_not_exempt_the_page() -> None:
    html = '<html lang="fa" dir="rtl"><body dir=RTL><p>Tanin 3</p></body></html>'
    assert rtl_fa(html) == (
        f'<html lang="fa" dir="rtl"><body dir=RTL><p>{ltr("Tanin 3")}</p></body></html>'
    )


def test_void_element_with_dir_opens_no_skipped_region() -> None:
    html = '<input dir="ltr" value="3"><br dir="ltr"/> 3 Tanin'
    assert rtl_fa(html) == f'<input dir="ltr" value="3"><br dir="ltr"/> ۳ {ltr("Tanin")}'


def test_title_and_options_get_digits_but_no_markup() -> None:
    html = (
        "<title>AED 18,000 | تنین 3</title>"
        "<select><option>Tanin 3</option><option>گزینه 4</option></select><p>Web 5</p>"
    )
    assert rtl_fa(html) == (
        "<title>AED 18,000 | تنین ۳</title>"
        f"<select><option>Tanin 3</option><option>گزینه ۴</option></select><p>{ltr('Web 5')}</p>"
    )


# --- localize_html: left-to-right pages and arguments ----------------------


def test_ltr_latn_is_identity() -> None:
    html = '<p title="3">Tanin 3 &#39; ۳</p><code>3</code>'
    assert localize_html(html, "ltr", "latn") is html


def test_ltr_with_eastern_digits_converts_text_only() -> None:
    html = '<p title="3">Page 3 &#39; <code>3</code> <span dir="rtl">3</span></p><title>3</title>'
    assert localize_html(html, "ltr", "arabext") == (
        '<p title="3">Page ۳ &#39; <code>3</code> <span dir="rtl">3</span></p><title>۳</title>'
    )


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="'auto'"):
        localize_html("<p>x</p>", "auto", "latn")
    with pytest.raises(ValueError, match="'persian'"):
        localize_html("<p>x</p>", "rtl", "persian")


# --- whole page: exact output, idempotence -----------------------------------

PAGE = """<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>Tanin Digital | خدمات 2026</title>
  <link rel="alternate" hreflang="en" href="https://tanin.example/en/">
  <style>.x > p { margin: 3px; }</style>
</head>
<body>
  <!-- Tanin nav 3 -->
  <nav><a href="/fa/" class="brand">Tanin</a></nav>
  <main>
    <h1>طراحی سایت با Shopify 2.0 در 14 روز</h1>
    <p>قیمت از AED 18,000 &amp; پشتیبانی 24/7؛ تماس: +971 50 123 4567 یا hello@tanin.example.</p>
    <pre><code>npm install 3</code></pre>
    <img src="/img/a.png" alt="Tanin 3">
    <script type="application/ld+json">{"name": "Tanin", "n": 3}</script>
  </main>
</body>
</html>
"""

PAGE_FA = """<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>Tanin Digital | خدمات ۲۰۲۶</title>
  <link rel="alternate" hreflang="en" href="https://tanin.example/en/">
  <style>.x > p { margin: 3px; }</style>
</head>
<body>
  <!-- Tanin nav 3 -->
  <nav><a href="/fa/" class="brand"><span dir="ltr">Tanin</span></a></nav>
  <main>
    <h1>طراحی سایت با <span dir="ltr">Shopify 2.0</span> در ۱۴ روز</h1>
    <p>قیمت از <span dir="ltr">AED 18,000</span> &amp; پشتیبانی ۲۴/۷؛ تماس: \
<span dir="ltr">+971 50 123 4567</span> یا <span dir="ltr">hello@tanin.example</span>.</p>
    <pre><code>npm install 3</code></pre>
    <img src="/img/a.png" alt="Tanin 3">
    <script type="application/ld+json">{"name": "Tanin", "n": 3}</script>
  </main>
</body>
</html>
"""


def test_whole_page_exact() -> None:
    assert rtl_fa(PAGE) == PAGE_FA


@pytest.mark.parametrize("system", sorted(DIGIT_SYSTEMS))
@pytest.mark.parametrize(
    "html",
    [
        PAGE,
        "<p>با Tanin Digital در 3 روز، +971 50 و ٣ و ۴ 5G 2+2 R&D Tanin &amp; Co &#39;3</p>",
        "<p>AED ۱۲۰۰ Web 3% https://x.example/a/ C++</p><title>Tanin 3 و 4</title>",
    ],
)
def test_idempotent_and_deterministic(html: str, system: str) -> None:
    once = localize_html(html, "rtl", system)
    assert localize_html(html, "rtl", system) == once
    assert localize_html(once, "rtl", system) == once


FUZZ_PIECES = (
    "Tanin", " ", "و", "فارسی", "3", "٣", "۳", "+", "+9", ".", ",", "&amp;", "&quot;", "&#39;",
    "&nbsp;", "&", "'", "/", "#", "%", "<b>", "</b>", "<code>", "</code>", '<span dir="ltr">',
    "</span>", "<br>", "\n", "é", "<!-- x 3 -->", "<title>", "</title>", "5G", "@", ":", "،",
    "(", ")", "<i title='a > 3'>", "</i>", "<", ">", "-",
)  # fmt: skip


def _bare(html: str) -> str:
    """The HTML without isolating spans and with Western digits: what must not change."""
    return convert_digits(html.replace('<span dir="ltr">', "").replace("</span>", ""), "latn")


def test_fuzz_only_spans_and_digits_change_and_second_pass_is_a_no_op() -> None:
    rng = random.Random(1405)
    for _ in range(1500):
        html = "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(0, 20)))
        for system in DIGIT_SYSTEMS:
            once = localize_html(html, "rtl", system)
            assert localize_html(once, "rtl", system) == once, html
            assert _bare(once) == _bare(html), html


@pytest.mark.parametrize(
    ("html", "system", "expected"),
    [
        ("<p>قیمت 1,500 و 2.5</p>", "arabext", "<p>قیمت ۱٬۵۰۰ و ۲٫۵</p>"),
        ("<p>السعر 1,500 و 2.5</p>", "arab", "<p>السعر ١٬٥٠٠ و ٢٫٥</p>"),
        # Sentence punctuation after a number is not a separator.
        ("<p>مرحله 3. سپس 4, و 5</p>", "arabext", "<p>مرحله ۳. سپس ۴, و ۵</p>"),
        # A Latin run keeps (or gets back) Western separators.
        ("<p>مبلغ AED ۱٬۲۰۰٫۵</p>", "arabext", '<p>مبلغ <span dir="ltr">AED 1,200.5</span></p>'),
    ],
)
def test_arabic_indic_numbers_get_their_own_separators(html, system, expected) -> None:
    assert localize_html(html, "rtl", system) == expected
    assert localize_html(expected, "rtl", system) == expected


def test_convert_digits_writes_the_systems_separators() -> None:
    assert convert_digits("2.5 · 1,000", "arab") == "٢٫٥ · ١٬٠٠٠"
    assert convert_digits("۲٫۵ · ۱٬۰۰۰", "latn") == "2.5 · 1,000"
