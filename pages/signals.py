"""Every change to a page refreshes the cached pages that show it.

Connected in PagesConfig.ready(), these run whichever code makes the change: the admin, an
import, `manage.py shell`. A page's own address (old and new: a renamed slug leaves one), the
sitemap when a published page changes, and every page of the site when the header or footer
links change: the page is or was linked from a menu, or a page below it is (publishing or
unpublishing a parent shows or hides its children). The pages below a page depend on its name
(their breadcrumbs), so they follow it; when its address changes, Page.save() saves each of them.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from pagecache.store import invalidate_on_commit
from pages import cached_pages as names
from pages.models import Page


def connect() -> None:
    pre_save.connect(remember_page, sender=Page, dispatch_uid="pages.page.pre_save")
    post_save.connect(refresh_page, sender=Page, dispatch_uid="pages.page.post_save")
    pre_delete.connect(remember_page, sender=Page, dispatch_uid="pages.page.pre_delete")
    post_delete.connect(refresh_deleted, sender=Page, dispatch_uid="pages.page.post_delete")


def remember_page(sender, instance, raw=False, **kwargs):
    saved = None if raw or instance.pk is None else Page.objects.filter(pk=instance.pk).first()
    instance._shown_before = _shown(saved)


def refresh_page(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_on_commit(_to_refresh(getattr(instance, "_shown_before", None), instance))


def refresh_deleted(sender, instance, **kwargs):
    invalidate_on_commit(_to_refresh(instance._shown_before, None))


def _shown(page):
    """What of the page the site shows: its address, status and its menu link."""
    if page is None:
        return None
    return {
        "path": page.path,
        "published": page.status == Page.Status.PUBLISHED,
        "link": (page.title, page.path, page.status, page.menu, page.menu_order),
        "in_menus": page.menu != "" or _menus_below(page),
    }


def _to_refresh(before, page) -> set[str]:
    after = _shown(page)
    states = [state for state in (before, after) if state is not None]
    refresh = {names.page(path=state["path"]) for state in states}
    if any(state["published"] for state in states):
        refresh.add(names.PAGES)
    link_changed = before is None or after is None or before["link"] != after["link"]
    if link_changed and any(state["in_menus"] for state in states):
        refresh.add(names.MENU)
    return refresh


def _menus_below(page) -> bool:
    return Page.objects.filter(path__startswith=f"{page.path}/").exclude(menu="").exists()
