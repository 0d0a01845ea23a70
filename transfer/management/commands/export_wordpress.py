from transfer import wxr_export
from transfer.management.export_command import ExportCommand


class Command(ExportCommand):
    help = (
        "Write the whole site as a WordPress export (WXR 1.2): articles, pages, tags, authors, "
        "comments and featured images, to --output or standard output."
    )
    writer = staticmethod(wxr_export.write)
