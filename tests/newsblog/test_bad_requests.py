"""Malformed requests, as a broken client or an attacker sends them, never answer with a 5xx.

Every public address, the admin's log-in and its change lists get control characters and bytes
that are not UTF-8 in each path segment and query value, and forms arrive in other charsets.
Control characters and other charsets get the plain 400 page; the rest answer as any unknown
address or value does. Nothing may log a traceback. Run on SQLite and on PostgreSQL, where a NUL
reaching a query used to answer 500.
"""

import datetime
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import comment_form_data
from tests.factories import ArticleFactory, CommentFactory, TagFactory, UserFactory

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
    "sitemap": ("articles:sitemap", {}),
    "sitemap of articles": ("articles:sitemap-section", {"section": "articles"}),
    "sitemap of tags": ("articles:sitemap-section", {"section": "tags"}),
    "robots.txt": ("articles:robots", {}),
    "comment": ("comments:post", {"slug": "open"}),
    "admin log-in": ("admin:login", {}),
}
# The query parameters the pages read; the search text is checked on its own below.
PARAMETERS = ["page", "p", "comments-page", "next", "utm_source"]


@pytest.fixture
def site(db):
    tag = TagFactory(name="News", slug="news")
    published_at = datetime.datetime(2024, 3, 5, 12, tzinfo=datetime.UTC)
    with_time = {"published_at": published_at}
    article = ArticleFactory(slug="open", author=UserFactory(username="grace"), **with_time)
    article.tags.set([tag])
    CommentFactory(article=article, approved=True)
    return article


@pytest.fixture
def browser():
    """A client that meets the site as a browser does: CSRF checked, errors answered."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


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


def assert_logged_without_traceback(site_log):
    log = site_log.getvalue()
    assert "Traceback" not in log
    assert " ERROR " not in log


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


@pytest.fixture
def staff_browser(browser, site):
    browser.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    return browser


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


BOUNDARY = "NewsBlogBoundary"
# Declared in the Content-Type of a form body; the body is written in that charset where it has one.
OTHER_CHARSETS = ["latin-1", "utf-16", "shift_jis", "utf-7", "no-such-charset"]
FORMS = {
    "comment": ("comments:post", {"slug": "open"}),
    "admin log-in": ("admin:login", {}),
    "search": ("articles:search", {}),
}


def form_body(fields: dict, charset: str, *, multipart: bool) -> tuple[bytes, str]:
    """The fields as a browser would send them in `charset`, and the request's Content-Type.

    Like a browser, it writes what the charset cannot hold as character references (&#332;).
    """
    encoding = charset if charset != "no-such-charset" else "utf-8"
    if not multipart:
        body = urlencode(fields, encoding=encoding, errors="xmlcharrefreplace").encode("ascii")
        return body, f"application/x-www-form-urlencoded; charset={charset}"
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode("ascii")
        + value.encode(encoding, "xmlcharrefreplace")
        + b"\r\n"
        for name, value in fields.items()
    ]
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode("ascii")
    return body, f"multipart/form-data; boundary={BOUNDARY}; charset={charset}"


def send_form(browser, form, site, charset, *, multipart):
    browser.get(site.get_absolute_url())  # the CSRF cookie, as a reader has it
    fields = {
        **comment_form_data(site, name="Grâce Ōta"),
        "username": "grace",
        "password": "wrong",
        "q": "open",
        "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
    }
    body, content_type = form_body(fields, charset, multipart=multipart)
    name, kwargs = FORMS[form]
    return browser.generic("POST", reverse(name, kwargs=kwargs or None), body, content_type)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
@pytest.mark.parametrize("form", FORMS)
def test_form_declared_in_another_charset_is_a_bad_request(
    browser, site, site_log, form, multipart
):
    for charset in OTHER_CHARSETS:
        response = send_form(browser, form, site, charset, multipart=multipart)
        assert response.status_code == 400, charset
        assert "Bad request" in response.content.decode()
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_comment_declared_in_utf8_is_taken(browser, site, multipart):
    response = send_form(browser, "comment", site, "UTF-8", multipart=multipart)
    assert response.status_code == 302
    assert site.comments.filter(name="Grâce Ōta").exists()


def too_many_fields(count=1001):
    return "&".join(f"field{i}=1" for i in range(count))


def post_to_comments(browser, site, body: bytes, content_type: str, **extra):
    browser.get(site.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    url = reverse("comments:post", kwargs={"slug": site.slug})
    return browser.generic("POST", url, body, content_type, HTTP_X_CSRFTOKEN=token, **extra)


# What Django refuses before any view of ours runs, and the line it logs for it.
REFUSED_BY_DJANGO = {
    "host not in ALLOWED_HOSTS": (
        lambda browser, site: browser.get("/", HTTP_HOST="evil.example"),
        "Invalid HTTP_HOST header",
    ),
    "form to a host not in ALLOWED_HOSTS": (
        lambda browser, site: post_to_comments(
            browser, site, b"body=x", FORM, HTTP_HOST="evil.example"
        ),
        "Invalid HTTP_HOST header",
    ),
    "too many query parameters": (
        lambda browser, site: browser.get(f"/search/?{too_many_fields()}"),
        "exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ),
    "too many form fields": (
        lambda browser, site: post_to_comments(browser, site, too_many_fields().encode(), FORM),
        "exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ),
    "form body too big": (
        lambda browser, site: post_to_comments(browser, site, b"body=" + b"x" * 3_000_000, FORM),
        "exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE",
    ),
    "multipart body without a boundary": (
        lambda browser, site: post_to_comments(browser, site, b"--x\r\n", "multipart/form-data"),
        "Unable to parse request body",
    ),
}
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("refusal", REFUSED_BY_DJANGO)
def test_request_django_refuses_gets_the_400_page_and_one_line_in_the_log(
    browser, site, site_log, refusal
):
    send, logged = REFUSED_BY_DJANGO[refusal]
    response = send(browser, site)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert logged in site_log.getvalue()
    assert "Traceback" not in site_log.getvalue()


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
