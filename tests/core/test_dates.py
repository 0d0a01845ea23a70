"""The `local_date` filter remembers what it formatted, without mixing up zones or languages."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

FORMAT = Template('{{ when|local_date:"j F Y, H:i" }}')


def shown(when) -> str:
    return FORMAT.render(Context({"when": when}))


def test_the_same_instant_shows_in_each_readers_time_zone():
    when = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        assert shown(when) == "30 November 2026, 23:30"
    with timezone.override("Europe/Paris"):
        assert shown(when) == "1 December 2026, 00:30"
    with timezone.override("UTC"):
        assert shown(when) == "30 November 2026, 23:30"


def test_month_names_follow_the_language():
    when = datetime.datetime(2026, 11, 30, 9, 5, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        with translation.override("fr"):
            assert shown(when) == "30 novembre 2026, 09:05"
        with translation.override("en"):
            assert shown(when) == "30 November 2026, 09:05"


def test_a_day_without_a_time_shows_as_with_djangos_filter():
    day = Template('{{ when|local_date:"j F Y" }}').render(
        Context({"when": datetime.date(2026, 2, 1)})
    )
    assert day == "1 February 2026"


@pytest.mark.parametrize("when", [None, "", "not a date"])
def test_what_is_not_a_date_shows_as_nothing(when):
    assert shown(when) == ""
