"""Stored moments read back exactly as written (hcdesk.models.base.UTCDateTime), by the fast
path for the store's own format and by strptime for anything else."""

from __future__ import annotations

import datetime as dt

import pytest

from hcdesk.models.base import UTCDateTime

T = UTCDateTime()


@pytest.mark.parametrize(
    "when",
    [
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 7, 17, 29, 1, 123456, tzinfo=dt.UTC),
        dt.datetime(1999, 2, 28, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ],
)
def test_stored_datetimes_read_back_exactly(when: dt.datetime) -> None:
    text = T.process_bind_param(when, None)
    assert text is not None and len(text) == 27
    back = T.process_result_value(text, None)
    assert back == when and back is not None and back.tzinfo is dt.UTC
    assert back == dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "text", ["2026-13-07T17:29:01.123456Z", "2026-12-07 17:29:01.123456Z", "2026-12-07T17:29Z"]
)
def test_a_stored_datetime_not_in_the_format_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        T.process_result_value(text, None)
