import pytest
from django.core.management import CommandError, call_command

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rendition_files(article) -> list[str]:
    metadata = article.image_renditions
    return [e["name"] for e in metadata["webp"]] + [
        metadata["fallback"]["name"],
        metadata["social"]["name"],
    ]


def test_rebuild_makes_renditions_at_the_new_widths_and_removes_the_old(
    settings, capsys, django_capture_on_commit_callbacks
):
    articles = [ArticleFactory(with_image=True, title=f"Story {n}") for n in (1, 2)]
    ArticleFactory(title="No image")
    old_files = [name for article in articles for name in rendition_files(article)]
    settings.IMAGE_WIDTHS = [320, 640]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions")
    storage = articles[0].image.storage
    for article in articles:
        article.refresh_from_db()
        assert [e["width"] for e in article.image_renditions["webp"]] == [320, 640]
        assert all(storage.exists(name) for name in rendition_files(article))
        assert storage.exists(article.image.name)
    assert not any(storage.exists(name) for name in old_files)
    output = capsys.readouterr().out
    assert "[1/2] Story 1: WebP 320, 640 px, fallback and social card" in output
    assert "[2/2] Story 2:" in output
    assert "Rebuilt 2 images" in output


def test_rebuild_goes_on_past_a_missing_image_and_then_fails(capsys):
    broken = ArticleFactory(with_image=True, title="Lost file")
    broken.image.storage.delete(broken.image.name)
    ArticleFactory(with_image=True, title="Fine")
    with pytest.raises(CommandError, match="1 of 2 images could not be rebuilt"):
        call_command("rebuild_renditions")
    captured = capsys.readouterr()
    assert "[1/2] Lost file: failed" in captured.err
    assert "[2/2] Fine: WebP" in captured.out
