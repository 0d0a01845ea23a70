from django.utils.text import slugify


def unique_slug(instance, value: str, *, max_length: int) -> str:
    """A slug from `value` that no other row of the instance's model uses yet."""
    base = (slugify(value) or "item")[:max_length].strip("-")
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, number = base, 2
    while others.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
        number += 1
    return slug
