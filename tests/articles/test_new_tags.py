"""A new tag typed in the article form's tag box is created in place."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.test import Client
from django.urls import reverse

from articles.models import Tag
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db

URL = "admin:articles_article_new_tag"


def create(client, name):
    return client.post(reverse(URL), {"name": name})


def test_a_new_name_creates_the_tag(editor_client, editor):
    response = create(editor_client, "  Harbours   and  ports ")
    assert response.status_code == 201
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Harbours and ports", "harbours-and-ports")
    assert response.json() == {"id": tag.pk, "text": "Harbours and ports", "created": True}
    assert LogEntry.objects.get(object_id=str(tag.pk)).action_flag == ADDITION


def test_an_existing_name_in_any_case_gives_the_existing_tag(editor_client):
    tag = TagFactory(name="Shipping")
    response = create(editor_client, "shipping")
    assert response.status_code == 200
    assert response.json() == {"id": tag.pk, "text": "Shipping", "created": False}
    assert Tag.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "This field is required."), ("   ", "This field is required."), ("x" * 61, "at most 60")],
)
def test_a_bad_name_is_refused_with_a_reason(editor_client, name, message):
    response = create(editor_client, name)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Tag.objects.exists()


def test_creating_tags_needs_the_add_tag_permission(moderator_client):
    response = create(moderator_client, "Harbours")
    assert response.status_code == 403
    assert response.json() == {"error": "You may not create tags."}
    assert not Tag.objects.exists()


def test_creating_a_tag_is_a_post_behind_csrf(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert create(client, "Harbours").status_code == 403
    assert client.get(reverse(URL)).status_code == 405
    assert not Tag.objects.exists()


def test_readers_cannot_create_tags(client):
    response = create(client, "Harbours")
    assert response.status_code == 302  # to the admin's log-in
    assert not Tag.objects.exists()
