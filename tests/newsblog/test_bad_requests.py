"""Malformed addresses, as a broken client or an attacker sends them, never answer with a 5xx.

Every public address, the admin's log-in and its change lists get control characters and bytes
that are not UTF-8 in each path segment and query value. Control characters get the plain 400
page; the rest answer as any unknown address or value does. Nothing may log a traceback. Run on
SQLite and on PostgreSQL, where a NUL reaching a query used to answer 500. Form bodies are in
test_bad_request_bodies.py.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import assert_logged_without_traceback

pytestmark = pytest.mark.django_db

CONTROLS = ["%00", "%01", "%1f", "%7f"]
# A stray byte, an overlong "/" and NUL, and a UTF-16 surrogate written as UTF-8.
NOT_UTF8 = ["%ff", "%c0%af", "%c0%80", "%ed%a0%80"]
# (URL name, arguments): every public URL pattern, and the admin's log-in.
PAGES = {
    "index": ("articles:index", {}),
    "article": ("articles:detail", {"slug": "open"}),
    "tag": ("articles:tag", {"slug": "news"}),
    "tag feed": ("articles:tag-feed", {"slug": "news"}),
    "author": ("articles:author", {"username": "grace"}),
    "search": ("articles:search", {}),
    "archive": ("articles:archive", {}),
    "year": ("articles:archive-year", {"year": 2024}),
    "month": ("articles:archive-month", {"year": 2024, "month": 3}),
    "feed": ("articles:feed", {}),
    "atom feed": ("articles:feed-atom", {}),
    "sitemap": ("sitemap", {}),
    "sitemap of articles": ("sitemap-section", {"section": "articles"}),
    "sitemap of tags": ("sitemap-section", {"section": "tags"}),
    "robots.txt": ("articles:robots", {}),
    "comment": ("comments:post", {"slug": "open"}),
    "admin log-in": ("admin:login", {}),
}
# The query parameters the pages read; the search text is checked on its own below.
PARAMETERS = ["page", "p", "comments-page", "next", "utm_source"]


def address(page: str) -> str:
    name, kwargs = PAGES[page]
    return reverse(name, kwargs=kwargs or None)


def spoiled_paths(path: str, piece: str) -> list[str]:
    """`path` with `piece` added to each of its segments in turn."""
    segments = path.strip("/").split("/")
    trailing = "/" if path.endswith("/") and path != "/" else ""
    return [
        "/" + "/".join([*segments[:i], segments[i] + piece, *segments[i + 1 :]]) + trailing
        for i in range(len(segments))
    ]


def answers(client, paths, method="get"):
    return {path: getattr(client, method)(path).status_code for path in paths}


@pytest.mark.parametrize("page", PAGES)
def test_control_character_in_any_address_segment_is_a_bad_request(browser, site, site_log, page):
    paths = [path for piece in CONTROLS for path in spoiled_paths(address(page), piece)]
    for method in ("get", "post"):
        statuses = answers(browser, paths, method)
        assert statuses == dict.fromkeys(paths, 400)
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("page", PAGES)
def test_bytes_that_are_not_utf8_in_an_address_answer_as_a_mistyped_address(
    browser, site, site_log, page
):
    # A literal "%" is what Django puts in the address for a byte it cannot decode.
    mistyped = list(answers(browser, spoiled_paths(address(page), "%25")).values())
    for piece in NOT_UTF8:
        assert list(answers(browser, spoiled_paths(address(page), piece)).values()) == mistyped
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("page", PAGES)
def test_control_character_in_a_query_is_a_bad_request(browser, site, site_log, page):
    queries = [f"{name}=2{piece}" for name in PARAMETERS for piece in CONTROLS]
    queries += [f"x{piece}=1" for piece in CONTROLS]  # in a parameter's name
    paths = [f"{address(page)}?{query}" for query in queries]
    assert answers(browser, paths) == dict.fromkeys(paths, 400)
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("page", PAGES)
def test_bytes_that_are_not_utf8_in_a_query_answer_no_server_error(browser, site, site_log, page):
    paths = [
        f"{address(page)}?" + "&".join(f"{name}={piece}" for name in [*PARAMETERS, "q", piece])
        for piece in NOT_UTF8
    ]
    for path, status in answers(browser, paths).items():
        assert status < 500, path
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("piece", CONTROLS + NOT_UTF8)
def test_search_text_with_control_characters_or_stray_bytes_is_still_searched(
    browser, site, site_log, piece
):
    response = browser.get(f"{reverse('articles:search')}?q=open{piece}")
    assert response.status_code == 200
    assert_logged_without_traceback(site_log)


CHANGELISTS = {
    "articles": (
        "admin:articles_article_changelist",
        ["status__exact", "tags__id__exact", "published_at__gte", "published_at__year"],
    ),
    "tags": ("admin:articles_tag_changelist", []),
    "comments": (
        "admin:comments_comment_changelist",
        ["status__exact", "article__id__exact", "created_at__year", "created_at__month"],
    ),
}


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_admin_change_list_refuses_control_characters_in_its_parameters(
    staff_browser, site_log, changelist
):
    url_name, filters = CHANGELISTS[changelist]
    paths = [
        f"{reverse(url_name)}?{name}=1{piece}"
        for name in [*filters, "p", "o", "e", "_to_field"]
        for piece in CONTROLS
    ]
    assert answers(staff_browser, paths) == dict.fromkeys(paths, 400)
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_admin_change_list_copes_with_odd_values_and_search_text(
    staff_browser, site_log, changelist
):
    url_name, filters = CHANGELISTS[changelist]
    paths = [f"{reverse(url_name)}?q=open{piece}" for piece in CONTROLS + NOT_UTF8]
    paths += [
        f"{reverse(url_name)}?{name}={piece}"
        for name in [*filters, "p", "o"]
        for piece in ["%ff", "%c0%80", "-1"]
    ]
    for path, status in answers(staff_browser, paths).items():
        assert status in (200, 302), path  # 302: the admin's own "?e=1" for a bad filter
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("changelist", ["articles", "comments"])
def test_admin_date_hierarchy_year_out_of_range_is_refused_like_any_bad_filter(
    staff_browser, site_log, changelist
):
    url_name, filters = CHANGELISTS[changelist]
    [year] = [name for name in filters if name.endswith("__year")]
    assert staff_browser.get(f"{reverse(url_name)}?{year}=2024").status_code == 200
    for value in ["9999", "9" * 30, "0", "-1"]:
        response = staff_browser.get(f"{reverse(url_name)}?{year}={value}")
        assert response.status_code == 302, value
        assert response["Location"].endswith("?e=1")  # the admin's page for a bad filter
    assert_logged_without_traceback(site_log)


def test_cookie_holding_a_control_character_is_ignored(browser, site, site_log):
    # Python's cookie parser turns the escape "\000" into NUL, which PostgreSQL cannot compare.
    response = browser.get(
        site.get_absolute_url(), HTTP_COOKIE='sessionid="abcdefghij\\000"; theme=dark'
    )
    assert response.status_code == 200
    assert response.wsgi_request.COOKIES == {"theme": "dark"}
    assert_logged_without_traceback(site_log)


def test_admin_field_not_allowed_is_one_line_in_the_log(staff_browser, site_log):
    response = staff_browser.get(f"{reverse('admin:articles_article_changelist')}?_to_field=body")
    assert response.status_code == 400
    assert "The field body cannot be referenced" in site_log.getvalue()
    assert "Traceback" not in site_log.getvalue()


# Escapes as they arrive in an address: the fixed ones above, an escaped "%", "/" and space,
# a right-to-left override and a noncharacter, and any text escaped as UTF-8.
escaped_pieces = st.lists(
    st.one_of(
        st.sampled_from(
            [*CONTROLS, *NOT_UTF8, "%25", "%2F", "%20", "..", "%E2%80%AE", "%EF%BF%BF"]
        ),
        st.text(max_size=4).map(lambda text: quote(text, safe="")),
    ),
    max_size=4,
).map("".join)
ENCODED_CONTROL = re.compile(r"%(?:[01][0-9a-f]|7f)", re.IGNORECASE)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page=st.sampled_from(list(PAGES)),
    segment=st.integers(0, 4),
    in_path=escaped_pieces,
    parameter=st.sampled_from([*PARAMETERS, "q", "x"]),
    in_query=escaped_pieces,
)
def test_any_address_answers_without_a_server_error(
    browser, site, site_log, page, segment, in_path, parameter, in_query
):
    paths = spoiled_paths(address(page), in_path)
    path = f"{paths[segment % len(paths)]}?{parameter}={in_query}"
    status = browser.get(path).status_code
    event(f"HTTP {status}")
    assert status < 500, path
    refused = ENCODED_CONTROL.search(in_path) or (
        parameter != "q" and ENCODED_CONTROL.search(in_query)
    )
    assert (status == 400) if refused else (status != 400), path
    assert "Traceback" not in site_log.getvalue()
