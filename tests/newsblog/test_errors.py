import logging
import re
from unittest import mock

import pytest
from django.core.exceptions import BadRequest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path, reverse

from newsblog.log import OneLineFormatter
from newsblog.urls import urlpatterns as site_urlpatterns
from newsblog.views import bad_request, error_page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("secret internal detail")


def refused_view(request):
    raise BadRequest("secret parser detail")


urlpatterns = [path("broken/", broken_view), path("refused/", refused_view), *site_urlpatterns]
handler400 = "newsblog.views.bad_request"
handler500 = "newsblog.views.server_error"


@pytest.fixture
def reader(client):
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
def test_server_error_shows_a_plain_page_without_the_error(reader):
    response = reader.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "secret internal detail" not in page
    assert "Traceback" not in page


@pytest.mark.urls(__name__)
def test_server_error_is_logged_on_one_line_with_the_path(reader, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        reader.get("/broken/")
    record = next(r for r in caplog.records if r.name == "django.request")
    line = OneLineFormatter().format(record)
    assert "/broken/" in line
    assert "secret internal detail" in line
    assert "\n" not in line


@pytest.mark.urls(__name__)
def test_server_error_keeps_its_traceback_in_the_log_a_client_error_does_not(reader, site_log):
    reader.get("/refused/")
    assert "Traceback" not in site_log.getvalue()
    reader.get("/broken/")
    assert "Traceback" in site_log.getvalue()


def test_database_down_gives_a_readable_503(reader):
    article = ArticleFactory()
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        response = reader.get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "try again in a minute" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_site_recovers_by_itself_when_the_database_returns(reader):
    article = ArticleFactory(title="Still here")
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        assert reader.get(article.get_absolute_url()).status_code == 503
    response = reader.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


@pytest.mark.parametrize("template_name", ["400.html", "500.html", "503.html"])
def test_error_pages_share_one_accessible_frame(template_name):
    page = error_page(template_name)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert re.search(r"<title>\w[^<]* · NewsBlog</title>", page)
    assert '<main id="main" class="page">' in page
    assert len(re.findall(r"<h1[ >]", page)) == 1
    assert '<a href="/">← Back to blog</a>' in page


@pytest.mark.urls(__name__)
def test_request_refused_anywhere_gets_the_plain_400_page(reader):
    response = reader.get("/refused/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad request" in page
    assert "secret parser detail" not in page


def test_form_body_in_another_charset_gets_the_400_page_not_a_500(article):
    # As a browser meets the site: the CSRF check reads the body before the view does.
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get(article.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    response = browser.generic(
        "POST",
        reverse("comments:post", kwargs={"slug": article.slug}),
        f"csrfmiddlewaretoken={token}&name=Gr%E9ce".encode(),
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_bad_request_page_reads_neither_the_request_nor_the_database():
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        response = bad_request(None)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
