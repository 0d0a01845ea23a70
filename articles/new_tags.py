"""A new tag typed in the article form: its name and Enter create it in place, no popup.

The form's script (static/admin/articles/tags.js) posts the name here and adds the answer to
the selection. A name that exists already, in any case, answers with that tag rather than a
second one. Without the script, the tag box and its "+" popup work as before.
"""

from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Tag


class NewTagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name"]


def create_view(model_admin):
    @require_POST
    def view(request):
        if not request.user.has_perm("articles.add_tag"):
            return JsonResponse({"error": _("You may not create tags.")}, status=403)
        name = " ".join(request.POST.get("name", "").split())
        existing = Tag.objects.filter(name__iexact=name).first() if name else None
        if existing is not None:
            return JsonResponse(_answer(existing, created=False))
        form = NewTagForm({"name": name})
        if not form.is_valid():
            return JsonResponse({"error": " ".join(form.errors["name"])}, status=400)
        tag = form.save()
        model_admin.log_addition(request, tag, [{"added": {}}])
        return JsonResponse(_answer(tag, created=True), status=201)

    return view


def _answer(tag, *, created) -> dict:
    return {"id": tag.pk, "text": tag.name, "created": created}
