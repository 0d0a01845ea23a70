"""WordPress authors become inactive accounts, and categories and tags become tags."""

from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from articles.models import Tag
from transfer.ledger import Ledger
from transfer.report import Report

TERM_DOMAINS = {"category": "category", "post_tag": "tag"}


class People:
    """Authors and tags met so far, by their WordPress names."""

    def __init__(self, ledger: Ledger, report: Report):
        self.ledger = ledger
        self.report = report
        self.users = {}  # login → user
        self.tags = {}  # (domain, nicename) → tag
        self.parents = {}  # category nicename → its parent's nicename

    def author(self, data: dict):
        login = (data.get("wp:author_login") or "").strip()[:150] or "wordpress"
        if login in self.users:
            return self.users.get(login)
        user = self.ledger.find("author", login, get_user_model())
        fields = user_fields(data)
        if user is None:
            user = get_user_model().objects.filter(username=login).first()
            outcome = "unchanged" if user else "imported"
            user = user or self._new_user(login, fields)
            self.ledger.record("author", login, user)
        else:
            outcome = save_changes(user, fields)
        self.report.count("author", outcome)
        self.users[login] = user
        self.ledger.point(author_addresses(login), user)
        return user

    def _new_user(self, login, fields):
        user = get_user_model()(username=login, is_active=False, **fields)
        user.set_unusable_password()
        user.save()
        return user

    def term(self, domain: str, data: dict):
        """A category or tag from the channel's list or an item's <category>."""
        nicename = unquote(data.get("nicename", "").strip())
        name = (data.get("name") or nicename).strip()
        key = (domain, nicename or name)
        if key in self.tags or not (nicename or name):
            return self.tags.get(key)
        tag = self.ledger.find("term", f"{domain}:{key[1]}", Tag)
        if tag is None:
            tag = matching_tag(name, nicename)
            self.report.count("tag", "unchanged" if tag.pk else "imported")
            if tag.pk is None:
                tag.save()
            self.ledger.record("term", f"{domain}:{key[1]}", tag)
        else:
            self.report.count("tag", "unchanged")
        if data.get("parent"):
            self.parents[nicename] = unquote(data["parent"].strip())
        self.tags[key] = tag
        self.ledger.point([self.term_address(domain, key[1])], tag)
        return tag

    def term_address(self, domain: str, nicename: str) -> str:
        if domain == "tag":
            return f"/tag/{nicename}/"
        chain, seen = [nicename], {nicename}
        while (parent := self.parents.get(chain[0])) and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
        return f"/category/{'/'.join(chain)}/"

    def channel_term(self, kind: str, data: dict):
        if kind == "category":
            fields = {
                "nicename": data.get("wp:category_nicename", ""),
                "name": data.get("wp:cat_name", ""),
            }
            fields["parent"] = data.get("wp:category_parent", "")
            return self.term("category", fields)
        return self.term(
            "tag", {"nicename": data.get("wp:tag_slug", ""), "name": data.get("wp:tag_name", "")}
        )


def user_fields(data: dict) -> dict:
    """Named as in WordPress: its display name is what readers saw as the byline."""
    first, last = data.get("wp:author_first_name", ""), data.get("wp:author_last_name", "")
    display = data.get("wp:author_display_name", "").strip()
    if display and display != f"{first} {last}".strip():
        first, last = display, ""
    return {
        "first_name": first[:150],
        "last_name": last[:150],
        "email": data.get("wp:author_email", "")[:254],
    }


def author_addresses(login: str) -> set[str]:
    return {f"/author/{login}/", f"/author/{slugify(login)}/"}


def matching_tag(name: str, nicename: str) -> Tag:
    """The tag of this slug or name, or a new one (a category and a tag of one name merge)."""
    slug = (slugify(nicename) or slugify(name))[:70]
    found = Tag.objects.filter(slug=slug).first() if slug else None
    found = found or Tag.objects.filter(name__iexact=name[:60]).first()
    return found or Tag(name=name[:60], slug=slug)


def save_changes(instance, fields: dict) -> str:
    changed = {k: v for k, v in fields.items() if getattr(instance, k) != v}
    if not changed:
        return "unchanged"
    for name, value in changed.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(changed))
    return "updated"
