from django import forms
from django.db import models

from images import uploads


class ImageUploadField(forms.FileField):
    """A file field whose upload is checked and re-encoded as it is cleaned (images.uploads),
    so a refused image is a form error beside the field and nothing gets stored."""

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else uploads.prepare(upload)

    def widget_attrs(self, widget):
        # Only a hint for the file picker; the decoded content is what gets judged.
        return {**super().widget_attrs(widget), "accept": ",".join(uploads.MIME_TYPES.values())}


class ImageField(models.ImageField):
    """An image whose every form uses ImageUploadField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
