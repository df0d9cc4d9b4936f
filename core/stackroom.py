"""Room on CPython's frame stack for each request: a workaround for CPython
3.11's stack chunks (python/cpython issue 142183, "Calls across stack chunks
perform badly"; fixed in 3.13 and 3.14 by keeping one spare chunk).

CPython keeps Python frames in chunks of 16 KB. A call that no longer fits
in the current chunk gets a new one (mmap) and gives it back on return
(munmap). A loop that calls at exactly that depth pays both on every call,
with page faults: on the wizard's largest devices step under gunicorn that
was 300–500 ms of system time beside ~650 ms of work, on every request (the
Django test client met it too, at another depth). Where the boundary falls
depends on how deep the server calls the application and how deep the page
recurses, so any large page can meet it, and a change anywhere moves it.

``StackRoom`` calls the application from a frame so large that CPython gives
it a chunk of its own, rounded up to 128 KB: the ~62 KB left after it hold a
whole request's frames (a devices step of 900 rows needs far less), so no
call of the request crosses into a new chunk. It costs one chunk per request,
tens of microseconds. It can go once the project runs on a CPython with the
fix.
"""

from __future__ import annotations

ROOM_SLOTS = 8_300  # 8-byte slots: a 66 KB frame in a 128 KB chunk


def _frame_with_room():
    """``call(function, *args)``, run in a frame of ``ROOM_SLOTS`` local
    variables (never assigned: the names alone size the frame)."""
    names = " = ".join(f"_{index}" for index in range(ROOM_SLOTS))
    source = (
        f"def call(function, *args):\n    if False:\n        {names} = None\n    return function(*args)\n"
    )
    namespace: dict = {}
    exec(compile(source, f"<{__name__}>", "exec"), namespace)  # our own fixed source
    return namespace["call"]


call_with_room = _frame_with_room()


class StackRoom:
    """WSGI middleware: the application runs with room after it (see the module)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return call_with_room(self.application, environ, start_response)
