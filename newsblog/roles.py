"""The staff roles NewsBlog ships with, as groups and the permissions each one holds.

Data migrations call `sync_roles` so that every install, not only a demo, has the groups.
A grant names a model's standard permissions by action ("change"), or its own ones by codename.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MODERATORS = "Moderators"

ROLE_PERMISSIONS = {
    EDITORS: [
        ("articles", "article", ["add", "change", "delete", "view"]),
        ("articles", "tag", ["add", "change", "delete", "view"]),
    ],
    MODERATORS: [
        ("comments", "comment", ["view", "change", "delete", "can_moderate"]),
        ("comments", "moderationevent", ["view"]),
    ],
}
STANDARD_ACTIONS = frozenset({"add", "change", "delete", "view"})


def sync_roles(apps, roles=ROLE_PERMISSIONS):
    """Create the groups and give them their permissions (idempotent)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [
                f"{action}_{model}" if action in STANDARD_ACTIONS else action for action in actions
            ]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
