from unittest import mock

import pytest
from django.db import OperationalError, connection
from redis.exceptions import ConnectionError as RedisConnectionError

pytestmark = pytest.mark.django_db

HEALTH = "/healthz"


def test_health_is_200_when_database_and_cache_answer(client):
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_health_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_health_is_503_when_the_cache_does_not_answer(client):
    with mock.patch("newsblog.health.cache") as broken_cache:
        broken_cache.set.side_effect = RedisConnectionError("refused")
        response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "cache": False}


def test_health_sets_no_cookie_and_touches_no_session(client):
    response = client.get(HEALTH)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"] == "no-store"


def test_health_answers_probes_addressed_by_ip_and_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(HEALTH, headers={"host": "10.1.2.3:8000"})
    assert response.status_code == 200
