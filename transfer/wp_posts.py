"""WordPress posts become articles: status, dates, author, tags, summary, body, old addresses."""

from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from transfer import content, newsblog_meta
from transfer.survey import parse_date
from transfer.wp_people import TERM_DOMAINS, People, save_changes

# WordPress status → (status here, published, what the report says).
STATUSES = {
    "publish": (Article.Status.PUBLISHED, ""),
    "future": (Article.Status.PUBLISHED, "scheduled at its publication date"),
    "draft": (Article.Status.DRAFT, ""),
    "pending": (Article.Status.DRAFT, "pending review became a draft"),
    "private": (Article.Status.DRAFT, "private became a draft"),
}


def post_id(item: dict) -> str:
    return item["wp:post_id"].strip()


def published_at(item: dict):
    """The post's time in UTC: its _gmt date, else its local date in the site's time zone."""
    gmt = parse_date(item.get("wp:post_date_gmt", ""))
    local = parse_date(item.get("wp:post_date", ""))
    if gmt is None and local is not None:
        gmt = timezone.make_aware(local.replace(tzinfo=None))
    return gmt


def wp_slug(item: dict) -> str:
    return unquote(item.get("wp:post_name", "").strip())


def free_slug(model, slug: str, *, own_pk, suffix: str, max_length: int, **scope) -> str:
    """The WordPress slug, or with the post's id added when another row has it."""
    slug = slug[:max_length].strip("-") or suffix.strip("-")
    taken = model._default_manager.filter(slug=slug, **scope).exclude(pk=own_pk).exists()
    return f"{slug[: max_length - len(suffix)]}{suffix}" if taken else slug


def article_fields(item: dict, people: People, shortcodes, images=None) -> dict:
    status, _ = STATUSES[item.get("wp:status", "")]
    body = content.article_body(item.get("content:encoded", ""), shortcodes, images)
    date = published_at(item)
    if status == Article.Status.PUBLISHED and date is None:
        date = timezone.now()
    return {
        "title": (item.get("title") or "").strip()[:200] or f"Untitled ({post_id(item)})",
        "body": content.sanitizer.clean_article_html(body),
        "summary": content.summary(
            excerpt=item.get("excerpt:encoded", ""), content=item.get("content:encoded", "")
        ),
        "status": status,
        "published_at": date if status == Article.Status.PUBLISHED else None,
        "allow_comments": item.get("wp:comment_status", "open") == "open",
        **newsblog_meta.article_fields(item["meta"]),
    }


def item_tags(item: dict, people: People) -> list:
    found = []
    for domain, nicename, name in item["categories"]:
        if domain in TERM_DOMAINS:
            tag = people.term(TERM_DOMAINS[domain], {"nicename": nicename, "name": name})
            found += [tag] if tag else []
    return found


def save_article(item: dict, *, article, author, fields: dict, tags) -> tuple[Article, str]:
    """Create or update the article; returns it and "imported", "updated" or "unchanged"."""
    own_pk = article.pk if article else None
    slug = wp_slug(item) or slugify(fields["title"])
    fields["slug"] = free_slug(
        Article,
        slugify(slug, allow_unicode=True),
        own_pk=own_pk,
        suffix=f"-{post_id(item)}",
        max_length=220,
    )
    fields["author"] = author
    if article is None:
        article = Article(**fields)
        article.save()
        article.tags.set(tags)
        return article, "imported"
    outcome = save_changes(article, fields)
    if {t.pk for t in article.tags.all()} != {t.pk for t in tags}:
        article.tags.set(tags)
        outcome = "updated"
    return article, outcome


def addresses(item: dict, *, query: str) -> set[str]:
    """The addresses WordPress gave this post: its short link, its permalink, and both date
    forms of permalink (/2014/05/04/slug/ and /2014/05/slug/) from its local date."""
    found = {f"/?{query}={post_id(item)}"}
    link = urlsplit(item.get("link", ""))
    if link.path not in ("", "/") and not link.query:
        found.add(unquote(link.path))
    local, slug = parse_date(item.get("wp:post_date", "")), wp_slug(item)
    if local and slug and query == "p":
        found.add(f"/{local:%Y/%m/%d}/{slug}/")
        found.add(f"/{local:%Y/%m}/{slug}/")
    return found
