import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import path

from newsblog.log import OneLineFormatter
from newsblog.urls import urlpatterns as site_urlpatterns
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
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
