import pytest
from django_prose_editor.config import allowlist_from_extensions

from core import sanitizer
from tests.html_checks import corpus_vectors, problems

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="javascript:123">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://example.com"></iframe>',
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<<script>script>alert(1)<</script>/script>",
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">x</button>',
    '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<p><a href="https://example.com" onclick="steal()">fine</a></p>',
]


@pytest.mark.parametrize("vector", HOSTILE)
def test_hostile_article_html_is_neutralised(vector):
    html = sanitizer.article_html(vector)
    assert problems(html, sanitizer.ARTICLE_TAGS) == []
    assert "alert(1)" not in html or "<" not in html.split("alert(1)")[0][-1:]


@pytest.mark.parametrize("vector", HOSTILE)
def test_hostile_comment_text_is_shown_as_text(vector):
    html = sanitizer.comment_html(vector)
    assert problems(html, sanitizer.COMMENT_TAGS) == []


def test_editor_formatting_survives():
    html = (
        "<h2>Head</h2><p><strong>b</strong> <em>i</em> "
        '<a href="https://example.com/a" title="t">link</a></p>'
        '<ul><li>one</li></ul><ol start="3"><li>two</li></ol><blockquote><p>q</p></blockquote>'
    )
    assert sanitizer.clean_article_html(html) == html


def test_the_article_allowlist_is_what_the_editor_can_produce():
    editor = allowlist_from_extensions(sanitizer.ARTICLE_EDITOR_EXTENSIONS)
    assert editor["tags"] | {"code", "pre"} == sanitizer.ARTICLE_TAGS
    for tag, names in editor["attributes"].items():
        # rel comes from the sanitizer itself; data-file only names a file picker's choice
        assert set(sanitizer.ARTICLE_ATTRIBUTES[tag]) == set(names) - {"rel", "data-file"}


def test_an_ordered_lists_numbering_style_survives_and_a_made_up_one_does_not():
    html = '<ol type="a" data-type="orderedList"><li>x</li></ol>'
    assert sanitizer.clean_article_html(html) == html
    assert sanitizer.clean_article_html('<ol type="x"><li>x</li></ol>') == "<ol><li>x</li></ol>"


def test_script_content_is_dropped_not_left_as_text():
    assert sanitizer.clean_article_html("<p>Hi<script>steal()</script>!</p>") == "<p>Hi!</p>"


def test_links_opening_elsewhere_get_noopener():
    html = sanitizer.clean_article_html(
        '<a href="https://example.com" target="_blank" rel="opener">x</a>'
    )
    assert html == '<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>'


def test_other_link_targets_are_dropped():
    assert sanitizer.clean_article_html('<a href="/x" target="_top">x</a>') == '<a href="/x">x</a>'


def test_empty_editor_output_is_empty():
    assert sanitizer.clean_article_html("<p></p>") == ""


def test_comment_keeps_paragraphs_and_line_breaks():
    html = sanitizer.comment_html("First line\nsecond line\n\nNew paragraph")
    assert html == "<p>First line<br>second line</p><p>New paragraph</p>"


def test_comment_urls_become_nofollow_links():
    html = sanitizer.comment_html("See https://example.com/a?b=1&c=2 now")
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>"
    ) in html


def test_comment_html_is_escaped_not_rendered():
    html = sanitizer.comment_html('<b>bold</b> <a href="https://x.org">x</a>')
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>" not in html


def test_plain_text_separates_blocks():
    assert sanitizer.plain_text("<p>Tom &amp; Jerry</p><p>again</p>") == "Tom & Jerry again"


CORPUS = corpus_vectors()


@pytest.mark.skipif(not CORPUS, reason="../shared/security-vectors is not present")
def test_shared_xss_corpus_is_neutralised_in_articles_and_comments():
    failures = []
    for vector in CORPUS:
        for render, allowed in (
            (sanitizer.article_html, sanitizer.ARTICLE_TAGS),
            (sanitizer.comment_html, sanitizer.COMMENT_TAGS),
        ):
            found = problems(render(vector), allowed)
            if found:
                failures.append((vector[:80], render.__name__, found))
    assert failures == []
    assert len(CORPUS) > 300


def test_word_diff_marks_words_taken_out_and_put_in():
    diff = sanitizer.word_diff("The port is open.", "The port is now open!")
    assert diff == "The port is <del>open.</del> <ins>now open!</ins>"


def test_word_diff_escapes_every_word():
    diff = sanitizer.word_diff("", '<img src=x onerror="alert(1)"> & co')
    assert "<img" not in diff
    assert diff == "<ins>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co</ins>"


def test_plain_blocks_gives_one_line_per_block_and_drops_scripts():
    html = (
        "<h2>Harbour</h2><p>The <b>port</b> &amp; more.</p>"
        "<script>x()</script><ul><li>one</li></ul>"
    )
    assert sanitizer.plain_blocks(html) == "Harbour\nThe port & more.\none"


def test_cleaning_report_says_what_the_allowlist_took_away():
    html = (
        '<h1>Big</h1><p onclick="x()" style="color:red">a <a href="javascript:alert(1)">b</a></p>'
        "<script>steal()</script><!-- note --><h1>Again</h1>"
    )
    assert sanitizer.cleaning_report(html) == [
        "2 headings level 1 were removed (their text was kept)",
        "1 script attribute (onclick) was removed",
        "1 style attribute was removed",
        "1 link with an unsafe address was removed (its text was kept)",
        "1 <script> element was removed with its content",
        "1 HTML comment was removed",
    ]


def test_cleaning_report_is_empty_for_what_the_editor_produces():
    html = (
        '<h2>Harbour</h2><p>The <a href="https://example.com" target="_blank">port</a>.</p>'
        '<ol type="a"><li><strong>one</strong></li></ol><blockquote><p>q</p></blockquote>'
    )
    assert sanitizer.cleaning_report(html) == []


@pytest.mark.parametrize("html", HOSTILE)
def test_imported_comment_html_becomes_text_that_shows_nothing_hostile(html):
    text = sanitizer.comment_text_from_html(html)
    assert problems(sanitizer.comment_html(text), sanitizer.COMMENT_TAGS) == []


def test_imported_comment_html_keeps_paragraphs_line_breaks_and_link_addresses():
    html = (
        "<p>First &amp; <b>bold</b>,\n still first.</p><p>Second<br>line: "
        '<a href="https://example.com/a?b=1&amp;c=2">a page</a> '
        '<a href="https://example.com/">https://example.com/</a> '
        '<a href="javascript:steal()">bad</a></p><style>p {}</style><script>steal()</script>'
    )
    assert sanitizer.comment_text_from_html(html) == (
        "First & bold, still first.\n\n"
        "Second\nline: a page (https://example.com/a?b=1&c=2) https://example.com/ bad"
    )


FIGURE = (
    '<figure class="figure"><img src="/media/images/2026/01/boat.jpg" alt="A boat" width="640"'
    ' height="480" loading="lazy"><figcaption class="figure-caption">The ferry at dawn'
    "</figcaption></figure>"
)


def test_a_figure_with_an_image_of_this_sites_media_and_its_caption_is_kept():
    assert sanitizer.clean_article_html(FIGURE) == FIGURE
    assert sanitizer.cleaning_report(FIGURE) == []


def test_an_image_from_another_site_is_removed_and_reported():
    html = (
        '<figure><img src="https://elsewhere.example/wp-content/uploads/boat.jpg" alt="A boat">'
        "<figcaption>The ferry</figcaption></figure>"
        '<p>Text <img src="//elsewhere.example/x.png" alt=""></p>'
    )
    assert sanitizer.clean_article_html(html) == (
        "<figure><figcaption>The ferry</figcaption></figure><p>Text </p>"
    )
    assert sanitizer.cleaning_report(html) == [
        "2 images from another site were removed (only images stored here can be shown)"
    ]


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "/media/../admin/x.png",
        "/media/",
        "/medial/x.png",
        " /media/x.png",
        "images/x.png",
    ],
)
def test_an_image_whose_address_is_not_a_file_of_this_sites_media_is_removed(src):
    html = f'<p>a<img src="{src}" alt="x">b</p>'
    assert sanitizer.clean_article_html(html) == "<p>ab</p>"
    assert len(sanitizer.cleaning_report(html)) == 1


def test_an_image_without_alt_gets_an_empty_one_and_made_up_attributes_go():
    html = '<p><img src="/media/x.png" width="9em" onerror="alert(1)" class="big"></p>'
    assert sanitizer.clean_article_html(html) == (
        '<p><img src="/media/x.png" alt="" loading="lazy"></p>'
    )


def test_an_image_of_the_media_origin_is_kept_when_media_live_elsewhere(settings):
    settings.MEDIA_ORIGIN = "https://cdn.example"
    html = '<p><img src="https://cdn.example/images/x.png" alt="x" loading="lazy"></p>'
    assert sanitizer.clean_article_html(html) == html
    settings.MEDIA_ORIGIN = None
    assert sanitizer.clean_article_html(html) == ""
