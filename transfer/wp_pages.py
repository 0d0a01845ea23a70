"""WordPress pages become pages, nested as they were.

A page's address includes its parents', and a child may come before its parent in the file,
so pages are kept aside as they are read (a site has few) and written at the end, parents
first. A page whose parent is missing from the file, or in a loop, goes to the top level.
"""

from django.utils import timezone

from pages.models import YEAR, Page, reserved_slugs
from transfer import content, newsblog_meta
from transfer.ledger import Ledger
from transfer.report import Report
from transfer.wp_people import People
from transfer.wp_posts import addresses, post_id, published_at, wp_slug

MENU_ORDER_MAX = 32767


def import_pages(
    pages: list[dict], *, people: People, ledger: Ledger, report: Report, images=None
) -> None:
    by_id = {post_id(item): item for item in pages}
    made = {}
    for item in parents_first(by_id, report):
        parent = made.get(item.get("wp:post_parent", "0").strip())
        page = ledger.find("page", post_id(item), Page)
        fields = page_fields(
            item, people=people, parent=parent, shortcodes=report.shortcodes, images=images
        )
        fields["slug"] = free_page_slug(fields["slug"], parent, page, post_id(item))
        if page is None:
            page = Page.objects.create(**fields)
            ledger.record("page", post_id(item), page)
            report.count("page", "imported")
        else:
            report.count("page", save_page(page, fields))
        made[post_id(item)] = page
        ledger.point(addresses(item, query="page_id"), page)


def parents_first(by_id: dict, report: Report) -> list[dict]:
    ordered, placed = [], set()

    def place(wp_id, seen=()):
        if wp_id in placed:
            return
        parent = by_id[wp_id].get("wp:post_parent", "0").strip()
        if parent in by_id and parent not in seen:
            place(parent, (*seen, wp_id))
        elif parent not in ("", "0"):
            report.note("page", "parent page missing: put at the top level")
            by_id[wp_id]["wp:post_parent"] = "0"
        placed.add(wp_id)
        ordered.append(by_id[wp_id])

    for wp_id in by_id:
        place(wp_id)
    return ordered


def page_fields(item: dict, *, people: People, parent, shortcodes, images=None) -> dict:
    published = item.get("wp:status") in ("publish", "future")
    author = people.users.get(item.get("dc:creator", "").strip())
    return {
        "title": (item.get("title") or "").strip()[:200] or f"Untitled ({post_id(item)})",
        "slug": (wp_slug(item) or f"page-{post_id(item)}")[:100],
        "parent": parent,
        "body": content.sanitizer.clean_article_html(
            content.article_body(item.get("content:encoded", ""), shortcodes, images)
        ),
        "status": Page.Status.PUBLISHED if published else Page.Status.DRAFT,
        "menu_order": min(max(int(item.get("wp:menu_order") or 0), 0), MENU_ORDER_MAX),
        "author": author or people.author({"wp:author_login": item.get("dc:creator", "")}),
        "published_at": (published_at(item) or timezone.now()) if published else None,
        **newsblog_meta.page_fields(item["meta"]),
    }


def free_page_slug(slug: str, parent, page, wp_id: str) -> str:
    """The WordPress slug, with the page's id added where another page, or one of the site's
    own addresses (/tags/, /2014/), has it."""
    others = Page.objects.filter(slug=slug, parent=parent)
    if page is not None:
        others = others.exclude(pk=page.pk)
    reserved = parent is None and (slug in reserved_slugs() or YEAR.fullmatch(slug))
    return f"{slug[:90]}-{wp_id}" if reserved or others.exists() else slug


def save_page(page: Page, fields: dict) -> str:
    changed = {k: v for k, v in fields.items() if getattr(page, k) != v}
    for name, value in changed.items():
        setattr(page, name, value)
    if changed:
        page.save()  # a full save: its path follows its slug and parent
    return "updated" if changed else "unchanged"
