"""core/stackroom.py: requests run with room on CPython's frame stack, so a
loop that calls at the edge of a stack chunk does not allocate and free a
chunk on every call (python/cpython issue 142183)."""

import resource

import pytest

from core.stackroom import StackRoom, call_with_room


def _leaf():
    return None


def _calls_at_depth(depth: int, calls: int) -> None:
    if depth:
        return _calls_at_depth(depth - 1, calls)
    for _ in range(calls):
        _leaf()
    return None


def _page_faults_per_call(run, calls: int = 2000) -> float:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run(calls)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls


@pytest.mark.plain_stack  # tests run with room (tests/conftest.py): this one looks for an edge
def test_calls_at_the_edge_of_a_stack_chunk_cost_no_page_faults_with_room():
    costs = {depth: _page_faults_per_call(lambda n, d=depth: _calls_at_depth(d, n)) for depth in range(320)}
    edge = max(costs, key=costs.get)
    if costs[edge] < 0.5:  # a chunk for each call: at least a page
        pytest.skip("this CPython keeps a spare stack chunk (python/cpython issue 142183 fixed)")
    with_room = _page_faults_per_call(lambda n: call_with_room(_calls_at_depth, edge, n))
    assert with_room < 0.1


def test_the_application_gets_the_request_and_its_answer_comes_back():
    seen = []

    def application(environ, start_response):
        seen.append((environ, start_response))
        return [b"ok"]

    assert StackRoom(application)({"PATH_INFO": "/"}, print) == [b"ok"]
    assert seen == [({"PATH_INFO": "/"}, print)]
