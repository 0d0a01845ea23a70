import datetime

import pytest

from articles.demo.loader import load_demo_article
from articles.models import Article
from tests.images import samples

pytestmark = pytest.mark.django_db


def test_demo_article_gets_a_generated_featured_image():
    article, _ = load_demo_article()
    assert article.image_alt.startswith("Illustration:")
    assert [e["width"] for e in article.image_renditions["webp"]] == [480, 960, 1600]
    with article.image.open() as file:
        data = file.read()
    image = samples.opened(data)
    assert image.size == (1920, 1080)
    # An illustration, not a flat colour: many distinct colours across the picture.
    assert len(image.resize((192, 108)).getcolors(maxcolors=100_000)) > 1000


def test_loading_the_demo_again_keeps_the_same_image():
    first, _ = load_demo_article()
    again, created = load_demo_article()
    assert not created
    assert again.image.name == first.image.name
    assert again.image_renditions == first.image_renditions


def test_demo_loaded_before_images_existed_gets_its_image():
    article, _ = load_demo_article()
    Article.objects.filter(pk=article.pk).update(image="", image_renditions={})
    article, _ = load_demo_article()
    assert article.image
    assert article.image_renditions["social"]


def test_demo_image_an_editor_removed_stays_removed():
    article, _ = load_demo_article()
    later = article.created_at + datetime.timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(image="", image_renditions={}, updated_at=later)
    article, _ = load_demo_article()
    assert not article.image
