import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from storages.backends.s3 import S3Storage

from newsblog import storage

BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "newsblog-media",
    "AWS_S3_REGION_NAME": "eu-west-1",
    "AWS_S3_CUSTOM_DOMAIN": "media.example.com",
}


def test_media_stay_on_local_disk_without_bucket_settings():
    media = storage.media_storage({})
    assert media["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage.media_origin(media) is None


def test_media_go_to_the_bucket_when_its_settings_are_present():
    media = storage.media_storage(BUCKET_ENV)
    s3 = S3Storage(**media["OPTIONS"])
    assert media["BACKEND"] == storage.S3_BACKEND
    assert s3.bucket_name == "newsblog-media"
    # Plain public URLs from the media domain, not signed ones that change on every render.
    assert s3.url("articles/harbour.jpg") == "https://media.example.com/articles/harbour.jpg"


def test_media_origin_is_allowed_for_images_by_the_content_policy():
    assert storage.media_origin(storage.media_storage(BUCKET_ENV)) == "https://media.example.com"
    endpoint = {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://s3.example.net/x"}
    assert storage.media_origin(storage.media_storage(endpoint)) == "https://s3.example.net"


@pytest.fixture
def collected_static(tmp_path):
    manifest_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": storage.STATIC_BACKEND},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=manifest_storage):
        # Only the site's own files: compressing the admin's takes long and proves nothing more.
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["admin", "django_prose_editor"],
        )
        yield tmp_path


@pytest.mark.django_db
def test_static_files_have_hashed_names_and_are_cached_for_a_year(collected_static):
    client = Client()
    page = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(stylesheet)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_files_are_sent_compressed(collected_static, encoding):
    client = Client()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', client.get("/").content.decode()).group(
        1
    )
    response = client.get(stylesheet, headers={"accept-encoding": encoding})
    assert response["Content-Encoding"] == encoding
