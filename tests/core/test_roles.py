"""The staff roles follow the code after every migrate, on new and existing installs alike."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core import roles
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_migrate_gives_back_a_permission_a_role_lost():
    editors = Group.objects.get(name=roles.EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_article"))
    call_command("migrate", verbosity=0)
    assert "change_article" in codenames(roles.EDITORS)


def test_a_grant_added_to_the_code_reaches_an_existing_install(monkeypatch):
    grants = {**roles.ROLE_PERMISSIONS}
    grants[roles.MODERATORS] = [*grants[roles.MODERATORS], ("articles", "article", ["view"])]
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", grants)
    call_command("migrate", verbosity=0)
    assert "view_article" in codenames(roles.MODERATORS)


def test_a_grant_taken_out_of_the_code_is_taken_from_the_group(monkeypatch):
    grants = {**roles.ROLE_PERMISSIONS}
    grants[roles.EDITORS] = [
        ("articles", "article", ["add", "change", "view"]),
        ("articles", "tag", ["add", "change", "delete", "view"]),
    ]
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", grants)
    call_command("migrate", verbosity=0)
    assert "delete_article" not in codenames(roles.EDITORS)
    assert "change_article" in codenames(roles.EDITORS)


def test_permissions_given_by_hand_on_other_models_are_kept():
    editors = Group.objects.get(name=roles.EDITORS)
    editors.permissions.add(Permission.objects.get(codename="view_user"))
    call_command("migrate", verbosity=0)
    assert "view_user" in codenames(roles.EDITORS)


def test_editors_publish_and_change_everyone_s_articles():
    assert {"publish_article", "change_others_article"} <= codenames(roles.EDITORS)


def test_authors_write_and_tag_but_neither_publish_nor_change_others_articles():
    assert codenames(roles.AUTHORS) == {
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "add_tag",
        "view_tag",
    }


def test_a_user_s_permissions_follow_the_role_the_django_way():
    author = staff_member(roles.AUTHORS, username="ann")
    editor = staff_member(roles.EDITORS, username="ed")
    assert author.has_perm("articles.change_article")
    assert not author.has_perm("articles.publish_article")
    assert not author.has_perm("articles.change_others_article")
    assert editor.has_perm("articles.publish_article")
