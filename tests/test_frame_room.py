"""Every test runs with room on CPython's frame stack (tests/conftest.py,
``pytest_runtest_protocol``; core/stackroom.py)."""

import sys

import pytest

from core.stackroom import call_with_room
from tests.conftest import _pytest_protocol


def _callers():
    frame = sys._getframe()
    while frame is not None:
        yield frame.f_code
        frame = frame.f_back


def test_a_test_runs_inside_the_frame_with_room():
    callers = list(_callers())
    assert _pytest_protocol.__code__ in callers
    assert call_with_room.__code__ in callers[callers.index(_pytest_protocol.__code__) :]


@pytest.mark.plain_stack
def test_a_test_marked_plain_stack_runs_without_the_room():
    callers = list(_callers())
    assert _pytest_protocol.__code__ in callers
    assert call_with_room.__code__ not in callers
