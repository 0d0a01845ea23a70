from transfer import json_export
from transfer.management.export_command import ExportCommand


class Command(ExportCommand):
    help = (
        "Write the whole site as JSON (the format is in docs/export-json.md), to --output or "
        "standard output."
    )
    writer = staticmethod(json_export.write)
