"""Purging the shared cache in front: each kind of proxy gets the request it understands, and a
proxy that is down or hung never fails or holds up the change that asked for the purge."""

import json
import logging
import time

import pytest

from articles.models import Article
from pagecache.purge import purge
from tests.factories import ArticleFactory
from tests.pagecache.proxy import PurgeProxy


@pytest.fixture
def proxy(settings):
    proxy = PurgeProxy()
    settings.NEWSBLOG_PURGE_URL = proxy.url
    settings.NEWSBLOG_PURGE_TOKEN = "api-token"
    yield proxy
    proxy.close()


def test_varnish_with_xkey_gets_a_purge_naming_the_keys(proxy, settings):
    settings.NEWSBLOG_PURGE_STYLE = "varnish-xkey"
    purge(["article:harbour", "articles"])
    [(method, headers, _)] = proxy.requests
    assert (method, headers["xkey-purge"]) == ("PURGE", "article:harbour articles")


@pytest.mark.parametrize(("style", "method"), [("varnish-ban", "BAN"), ("generic", "PURGE")])
def test_a_ban_or_a_generic_purge_names_the_keys_as_surrogate_keys(proxy, settings, style, method):
    settings.NEWSBLOG_PURGE_STYLE = style
    purge(["tag:harbours", "articles"])
    [(sent, headers, _)] = proxy.requests
    assert (sent, headers["Surrogate-Key"]) == (method, "articles tag:harbours")


def test_fastly_gets_its_api_token_and_the_keys(proxy, settings):
    settings.NEWSBLOG_PURGE_STYLE = "fastly"
    purge(["articles"])
    [(method, headers, _)] = proxy.requests
    assert (method, headers["Surrogate-Key"], headers["Fastly-Key"]) == (
        "POST",
        "articles",
        "api-token",
    )


def test_cloudflare_gets_the_tags_thirty_at_a_time(proxy, settings):
    settings.NEWSBLOG_PURGE_STYLE = "cloudflare"
    names = [f"article:story-{n:02}" for n in range(45)]
    purge(names)
    assert [method for method, _, _ in proxy.requests] == ["POST", "POST"]
    assert proxy.requests[0][1]["Authorization"] == "Bearer api-token"
    sent = [json.loads(body)["tags"] for _, _, body in proxy.requests]
    assert [len(tags) for tags in sent] == [30, 15]
    assert sent[0] + sent[1] == names


def test_nothing_is_sent_without_a_proxy(settings, caplog):
    settings.NEWSBLOG_PURGE_URL = ""
    with caplog.at_level(logging.INFO, logger="pagecache.purge"):
        purge(["articles"])
    assert caplog.text == ""


def test_a_proxy_that_refuses_the_purge_is_logged(proxy, settings, caplog):
    settings.NEWSBLOG_PURGE_URL = proxy.url + "missing"
    proxy.status = 403
    purge(["articles"])
    assert "failed: answered 403" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_proxy_that_is_down_is_logged_and_the_change_is_kept(settings, caplog):
    settings.NEWSBLOG_PURGE_URL = "http://127.0.0.1:9/"
    article = ArticleFactory(title="Harbour reopens")
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        article.title = "Harbour reopens at last"
        article.save()
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens at last"
    assert "purge of" in caplog.text and "failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_hung_proxy_holds_a_save_up_no_longer_than_the_timeout(settings, caplog):
    hung = PurgeProxy(hang_seconds=5)
    settings.NEWSBLOG_PURGE_URL = hung.url
    settings.NEWSBLOG_PURGE_TIMEOUT = 0.5
    article = ArticleFactory(title="Harbour reopens")
    try:
        started = time.monotonic()
        article.title = "Harbour reopens at last"
        article.save()
        seconds = time.monotonic() - started
    finally:
        hung.close()
    assert seconds < 1.5
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens at last"
    assert "timed out" in caplog.text


def test_an_unknown_purge_style_is_refused_at_start(settings):
    from pagecache.checks import check_purge_style

    settings.NEWSBLOG_PURGE_STYLE = "varnish-xkey"
    assert check_purge_style() == []
    settings.NEWSBLOG_PURGE_STYLE = "akamai"
    [error] = check_purge_style()
    assert error.id == "pagecache.E004" and "akamai" in error.msg
