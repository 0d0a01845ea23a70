from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.demo.loader import read_demo_article
from articles.models import Article, Tag

pytestmark = pytest.mark.django_db


def load(settings, tmp_path, debug):
    settings.DEBUG = debug
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_article_is_published_with_its_tags_and_paragraphs(client, settings, tmp_path):
    load(settings, tmp_path, debug=False)
    article = Article.objects.published().get()
    assert article.title.startswith("North Korean Leader Kim Jong-un Receives Official Invitation")
    assert sorted(article.tags.values_list("name", flat=True)) == [
        "Diplomacy",
        "North Korea",
        "Russia",
    ]
    html = client.get(article.get_absolute_url()).content.decode()
    for paragraph in read_demo_article().paragraphs:
        assert f"<p>{paragraph}</p>" in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert len(read_demo_article().paragraphs) == 9


def test_loading_the_demo_twice_changes_nothing(settings, tmp_path):
    first = load(settings, tmp_path, debug=True)
    counts = (Article.objects.count(), Tag.objects.count(), get_user_model().objects.count())
    password_hash = get_user_model().objects.get(username="admin").password
    second = load(settings, tmp_path, debug=True)
    assert counts == (1, 3, 2)
    assert (Article.objects.count(), Tag.objects.count(), get_user_model().objects.count()) == (
        counts
    )
    assert get_user_model().objects.get(username="admin").password == password_hash
    assert first.split("password: ")[1] == second.split("password: ")[1]


def test_demo_login_is_generated_and_works(client, settings, tmp_path):
    output = load(settings, tmp_path, debug=True)
    password = output.split("password: ")[1].split()[0]
    assert len(password) >= 16
    assert client.login(username="admin", password=password)
    assert (tmp_path / "demo-admin-password").stat().st_mode & 0o077 == 0


def test_two_installs_get_different_demo_passwords(settings, tmp_path):
    first = load(settings, tmp_path / "a", debug=True).split("password: ")[1].split()[0]
    get_user_model().objects.filter(username="admin").delete()
    second = load(settings, tmp_path / "b", debug=True).split("password: ")[1].split()[0]
    assert first != second


def test_no_demo_login_outside_debug(settings, tmp_path):
    output = load(settings, tmp_path, debug=False)
    assert "password" not in output
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_author_cannot_log_in(settings, tmp_path):
    load(settings, tmp_path, debug=False)
    assert not get_user_model().objects.get(username="newsdesk").has_usable_password()


def test_demo_login_names_the_address_the_site_is_served_on(settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8123"  # make run PORT=8123
    output = load(settings, tmp_path, debug=True)
    assert "starting on http://127.0.0.1:8123/\n" in output
    assert f"admin at http://127.0.0.1:8123/{settings.ADMIN_URL}\n" in output
