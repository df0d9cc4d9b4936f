"""Every test runs inside the frame that keeps its own frames in one chunk of
the interpreter's frame stack (tests/conftest.py, ``pytest_runtest_protocol``)."""

import sys

from tests.conftest import FRAME_ROOM_SLOTS, _run_in_a_roomy_frame


def _callers():
    frame = sys._getframe()
    while frame is not None:
        yield frame.f_code
        frame = frame.f_back


def test_a_test_runs_inside_the_roomy_frame():
    assert _run_in_a_roomy_frame.__code__ in set(_callers())


def test_the_roomy_frame_is_too_big_for_a_16_kib_chunk():
    # A frame takes 8 bytes a slot: one this size gets a chunk of its own, with room to spare.
    assert _run_in_a_roomy_frame.__code__.co_stacksize == FRAME_ROOM_SLOTS
    assert FRAME_ROOM_SLOTS * 8 > 256 * 1024
