"""The staff roles follow the code after every migrate, on new and existing installs alike."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core import roles

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
