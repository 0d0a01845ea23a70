"""The import's memory of what it brought in (ImportedItem) and of the old addresses it keeps
answering (OldAddress), read and written in batches so a large import stays quick."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from transfer.models import ImportedItem, OldAddress


class Ledger:
    def __init__(self, source: str):
        self.source = source
        self.types = {}

    def content_type(self, model) -> ContentType:
        if model not in self.types:
            self.types[model] = ContentType.objects.get_for_model(model)
        return self.types[model]

    def find(self, kind: str, source_id, model):
        """The row an earlier run made of this thing, or None."""
        pk = self.targets(kind, [source_id]).get(str(source_id))
        return model._default_manager.filter(pk=pk).first() if pk else None

    def targets(self, kind: str, source_ids) -> dict[str, int]:
        """source id → primary key of what earlier runs made of these things."""
        rows = ImportedItem.objects.filter(
            source=self.source, kind=kind, source_id__in=[str(i) for i in source_ids]
        )
        return dict(rows.values_list("source_id", "object_id"))

    def record(self, kind: str, source_id, target: models.Model) -> None:
        self.record_many(kind, [(source_id, target)])

    def record_many(self, kind: str, pairs) -> None:
        """Note new things made by this run (never called for things already noted)."""
        ImportedItem.objects.bulk_create(
            ImportedItem(
                source=self.source,
                kind=kind,
                source_id=str(source_id),
                content_type=self.content_type(type(target)),
                object_id=target.pk,
            )
            for source_id, target in pairs
        )

    def point(self, paths, target: models.Model) -> None:
        """Make these old addresses redirect to `target`, writing only what changed."""
        paths = {path[:500] for path in paths if path}
        content_type = self.content_type(type(target))
        rows = OldAddress.objects.filter(path__in=paths)
        known = {
            path: (ct, pk) for path, ct, pk in rows.values_list("path", "content_type", "object_id")
        }
        wrong = [p for p, aim in known.items() if aim != (content_type.pk, target.pk)]
        OldAddress.objects.filter(path__in=wrong).update(
            content_type=content_type, object_id=target.pk, source=self.source
        )
        OldAddress.objects.bulk_create(
            OldAddress(path=p, source=self.source, content_type=content_type, object_id=target.pk)
            for p in sorted(paths - set(known))
        )
