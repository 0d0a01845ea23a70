"""Run with the bench settings: fill the database and print `name path` per page to measure."""

import django


def main() -> None:
    django.setup()
    from django.db.models import Count
    from django.urls import Resolver404, resolve

    from articles.models import Tag
    from bench.data import populate

    demo = populate()
    tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
    pages = {
        "baseline": "/bench/baseline/",
        "index": "/",
        "article": demo.get_absolute_url(),
        "article-data": f"/bench/article-data/{demo.slug}/",
        "tag": tag.get_absolute_url(),
        "feed": "/feed/",
    }
    for name, path in pages.items():
        try:
            resolve(path)
        except Resolver404:
            continue  # a page this version of the site does not have
        print(name, path)
