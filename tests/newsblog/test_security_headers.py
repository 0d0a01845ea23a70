import re

import pytest
from django.urls import path, reverse

from newsblog.urls import urlpatterns as site_urlpatterns
from tests.factories import ArticleFactory
from tests.helpers import comment_form_data

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
handler500 = "newsblog.views.server_error"


@pytest.fixture
def https(settings):
    """The production environment's HTTPS settings (DJANGO_HTTPS=1)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives if name}


def assert_hardened(response):
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_index_is_hardened(client, https):
    assert_hardened(client.get("/", secure=True))


def test_article_page_is_hardened(client, https):
    assert_hardened(client.get(ArticleFactory().get_absolute_url(), secure=True))


@pytest.mark.parametrize("page", ["/", "article"])
def test_pages_served_from_the_cache_are_hardened(client, https, page, django_assert_num_queries):
    path = ArticleFactory().get_absolute_url() if page == "article" else page
    rendered = client.get(path, secure=True)
    with django_assert_num_queries(0):  # a hit, served before most of the middleware runs
        cached = client.get(path, secure=True)
    assert_hardened(cached)
    assert cached["Content-Length"] == str(len(cached.content))
    assert cached.content.count(b"<html") == rendered.content.count(b"<html") == 1


def test_comment_post_is_hardened(client, https):
    article = ArticleFactory()
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        comment_form_data(article),
        secure=True,
        headers={"referer": f"https://testserver{article.get_absolute_url()}"},
    )
    assert response.status_code == 302
    assert_hardened(response)


def test_refused_comment_post_is_hardened(client, https):
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"slug": article.slug})
    response = client.post(url, {"body": ""}, secure=True)
    assert response.status_code == 400  # the form again, with its errors
    assert_hardened(response)


def test_admin_login_is_hardened(client, https):
    assert_hardened(client.get(reverse("admin:login"), secure=True))


def test_not_found_page_is_hardened(client, https):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_hardened(response)


@pytest.mark.urls(__name__)
def test_server_error_page_is_hardened(client, https):
    client.raise_request_exception = False
    response = client.get("/broken/", secure=True)
    assert response.status_code == 500
    assert_hardened(response)


def test_plain_http_is_redirected_to_https(client, https):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cookies_are_secure_httponly_and_same_site(client, https, editor):
    client.get(reverse("admin:login"), secure=True)
    csrf_cookie = client.cookies["csrftoken"]
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "correct horse battery staple"},
        headers={"x-csrftoken": csrf_cookie.value, "referer": "https://testserver/"},
        secure=True,
    )
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert csrf_cookie["secure"] and csrf_cookie["samesite"] == "Lax"


def test_editor_page_allows_only_its_own_inline_script(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", page)
    assert any('type="importmap"' in attributes for attributes in inline_scripts)
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)
    assert not re.search(r"\son[a-z]+=", page), "inline event handlers are blocked by the policy"


def test_bad_request_page_is_hardened(client, https):
    response = client.get("/authors/x%00/", secure=True)
    assert response.status_code == 400
    assert_hardened(response)
