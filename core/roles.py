"""The staff roles NewsBlog ships with, as groups and the permissions each one holds.

The groups are kept in step with this table after every `migrate` (a `post_migrate` receiver,
see core/apps.py), so a changed grant reaches existing installs as well as new ones. For each
model a role names, the group holds exactly the listed permissions; permissions an
administrator gave a group on other models are left alone.
A grant names a model's standard permissions by action ("change"), or its own ones by codename.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
AUTHORS = "Authors"
MODERATORS = "Moderators"

ROLE_PERMISSIONS = {
    EDITORS: [
        (
            "articles",
            "article",
            ["add", "change", "delete", "view", "publish_article", "change_others_article"],
        ),
        ("articles", "tag", ["add", "change", "delete", "view"]),
        ("articles", "articlenote", ["add", "change", "delete", "view"]),
        ("pages", "page", ["add", "change", "delete", "view"]),
    ],
    # Their own articles only, and never live: the admin holds them to that (articles/authoring.py).
    AUTHORS: [
        ("articles", "article", ["add", "change", "delete", "view"]),
        ("articles", "tag", ["add", "view"]),
    ],
    MODERATORS: [
        ("comments", "comment", ["view", "change", "delete", "can_moderate"]),
        ("comments", "moderationevent", ["view"]),
    ],
}
STANDARD_ACTIONS = frozenset({"add", "change", "delete", "view"})


def sync_roles(apps):
    """Create the groups and give them their permissions, for every app (idempotent)."""
    for app_config in apps.get_app_configs():
        sync_app_roles(app_config, apps=apps)


def sync_app_roles(app_config, *, apps=global_apps, **kwargs):
    """The `post_migrate` receiver (also sent by `flush`, without migration state): the
    groups' permissions on this app's models."""
    grants = [
        (name, model, actions)
        for name, app_grants in ROLE_PERMISSIONS.items()
        for app_label, model, actions in app_grants
        if app_label == app_config.label
    ]
    if not grants:
        return
    _create_permissions(app_config, apps)
    Group = apps.get_model("auth", "Group")
    for name, model, actions in grants:
        group, _ = Group.objects.get_or_create(name=name)
        _grant_exactly(group, apps, app_config.label, model, actions)


def _grant_exactly(group, apps, app_label, model, actions):
    Permission = apps.get_model("auth", "Permission")
    on_model = Permission.objects.filter(
        content_type__app_label=app_label, content_type__model=model
    )
    codenames = [
        f"{action}_{model}" if action in STANDARD_ACTIONS else action for action in actions
    ]
    wanted = list(on_model.filter(codename__in=codenames))
    group.permissions.remove(*on_model.exclude(pk__in=[p.pk for p in wanted]))
    group.permissions.add(*wanted)


def _create_permissions(app_config, apps):
    # Django's own receiver makes them too, but may not have run yet for this app, and a data
    # migration runs before it; with migration state, the app config lacks its models module.
    state_config = apps.get_app_config(app_config.label)
    had_module = getattr(state_config, "models_module", None)
    state_config.models_module = had_module or True
    try:
        create_permissions(state_config, apps=apps, verbosity=0)
    finally:
        state_config.models_module = had_module
