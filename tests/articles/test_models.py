import datetime

import pytest
import time_machine
from django.db import IntegrityError

from articles.models import Article
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_published_rule_keeps_drafts_and_future_articles_out():
    live = ArticleFactory(published_at=NOW - datetime.timedelta(minutes=1))
    ArticleFactory(draft=True)
    ArticleFactory(published_at=NOW + datetime.timedelta(minutes=1))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_when_its_time_comes():
    article = ArticleFactory(published_at=NOW)
    with time_machine.travel(NOW - datetime.timedelta(seconds=1), tick=False):
        assert not Article.objects.published().exists()
        assert not article.is_published()
        assert article.is_scheduled()
    with time_machine.travel(NOW, tick=False):
        assert list(Article.objects.published()) == [article]
        assert article.is_published()


@time_machine.travel(NOW, tick=False)
def test_publishing_without_a_date_uses_now():
    article = ArticleFactory(draft=True)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at == NOW
    assert article.is_published()


def test_database_refuses_published_article_without_date():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_slug_is_filled_from_title_and_kept_unique():
    first = ArticleFactory(title="Summit in Vladivostok")
    second = ArticleFactory(title="Summit in Vladivostok")
    assert first.slug == "summit-in-vladivostok"
    assert second.slug == "summit-in-vladivostok-2"


def test_tag_slug_is_filled_from_name():
    assert TagFactory(name="North Korea").slug == "north-korea"


def test_body_is_sanitized_when_saved():
    article = ArticleFactory(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"


def test_excerpt_falls_back_to_start_of_body():
    article = ArticleFactory(summary="", body="<p>" + "word " * 100 + "</p>")
    assert article.excerpt().startswith("word word")
    assert article.excerpt().endswith("…")
    assert len(article.excerpt().split()) == 40


def test_update_shows_only_for_edits_after_publication():
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(published_at=NOW - datetime.timedelta(days=2))
        article.save()
        assert not article.was_updated()
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        article.save()
    assert article.was_updated()
