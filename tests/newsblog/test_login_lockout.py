import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery staple"


@pytest.fixture
def staff(db):
    return UserFactory(username="desk", is_staff=True)


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="192.0.2.10"):
    for _ in range(times):
        assert log_in(client, username, "wrong password", address).status_code in (200, 429)


def test_right_password_logs_in_after_a_few_failures(client, staff):
    fail(client, "desk", 4)
    assert log_in(client, "desk", RIGHT).status_code == 302


def test_five_failures_lock_the_user_out_even_with_the_right_password(client, staff):
    fail(client, "desk", 5)
    response = log_in(client, "desk", RIGHT)
    assert response.status_code == 429
    assert "Log-in temporarily locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_by_user_name_holds_from_another_address(client, staff):
    fail(client, "desk", 5, address="192.0.2.10")
    assert log_in(client, "desk", RIGHT, address="198.51.100.7").status_code == 429


def test_lockout_by_address_holds_for_another_user_name(client, staff):
    UserFactory(username="other", is_staff=True)
    for number in range(5):
        fail(client, f"guess{number}", 1, address="203.0.113.5")
    assert log_in(client, "other", RIGHT, address="203.0.113.5").status_code == 429
    assert log_in(client, "other", RIGHT, address="198.51.100.7").status_code == 302


def test_lockout_ends_after_the_cool_off(client, staff, settings):
    fail(client, "desk", 5)
    assert log_in(client, "desk", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert log_in(client, "desk", RIGHT).status_code == 302


def test_admin_can_be_moved_with_a_setting(client, settings):
    from importlib import reload

    from django.urls import clear_url_caches

    import newsblog.urls

    settings.ADMIN_URL = "newsroom-7f3a/"
    reload(newsblog.urls)
    clear_url_caches()
    try:
        assert client.get("/newsroom-7f3a/login/").status_code == 200
        assert client.get("/admin/login/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        reload(newsblog.urls)
        clear_url_caches()
