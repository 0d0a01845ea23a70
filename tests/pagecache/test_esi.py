"""A shared cache that includes parts itself (ESI) stores one page for every reader: each
reader's CSRF token and form stamp come from an include it asks for with their own cookies."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ESI = {"HTTP_SURROGATE_CAPABILITY": 'newsblog="ESI/1.0"'}
INCLUDE = re.compile(r'<esi:include src="([^"]+)"/>')


@pytest.fixture
def article(settings):
    settings.NEWSBLOG_PURGE_URL = "http://127.0.0.1:9/"
    return ArticleFactory(title="Harbour reopens")


def test_the_page_for_the_proxy_is_the_same_for_every_reader_and_holds_no_token(article):
    url = article.get_absolute_url()
    first, second = Client().get(url, **ESI), Client().get(url, **ESI)
    assert first.content == second.content
    page = first.content.decode()
    assert "hole-" not in page
    assert 'name="csrfmiddlewaretoken" value=' not in page
    assert len(INCLUDE.findall(page)) == 2  # the CSRF token and the comment form's stamp
    assert re.fullmatch(r'max-age=\d+, content="ESI/1.0"', first["Surrogate-Control"])
    assert not first.cookies  # no reader's CSRF cookie on the shared page


def test_each_include_gives_its_reader_their_own_field_never_stored(article):
    url = article.get_absolute_url()
    csrf_include, stamp_include = INCLUDE.findall(Client().get(url, **ESI).content.decode())
    ana, ben = Client(), Client()
    ana_field, ben_field = ana.get(csrf_include), ben.get(csrf_include)
    assert "no-store" in ana_field["Cache-Control"] and "private" in ana_field["Cache-Control"]
    tokens = [
        re.fullmatch(
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', f.content.decode()
        )[1]
        for f in (ana_field, ben_field)
    ]
    assert _unmask_cipher_token(tokens[0]) == ana.cookies["csrftoken"].value
    assert _unmask_cipher_token(tokens[1]) == ben.cookies["csrftoken"].value
    assert tokens[0] != tokens[1]
    assert 'name="token" value="' in ana.get(stamp_include).content.decode()


def test_an_include_cannot_be_made_to_write_other_markup(article):
    url = article.get_absolute_url()
    csrf_include = INCLUDE.findall(Client().get(url, **ESI).content.decode())[0]
    assert Client().get(csrf_include[:-3] + "xyz").status_code == 404
    assert Client().get("/_holes/nothing/").status_code == 404
    assert Client().get("/_holes/csrf/?argument=<b>").status_code == 404


def test_without_the_proxy_saying_it_includes_parts_they_are_filled_as_before(article):
    reader = Client()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "esi:include" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert _unmask_cipher_token(token) == reader.cookies["csrftoken"].value


def test_a_proxy_the_site_does_not_purge_is_asked_to_include_parts_but_keep_nothing(settings):
    settings.NEWSBLOG_PURGE_URL = ""
    url = ArticleFactory(title="Harbour reopens").get_absolute_url()
    answer = Client().get(url, **ESI)
    assert answer["Surrogate-Control"] == 'content="ESI/1.0"'
    assert "private" in answer["Cache-Control"]
