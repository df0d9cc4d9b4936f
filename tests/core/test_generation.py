"""The numbers every process shares (core.generation)."""

from unittest.mock import patch

from django.db import OperationalError

from core.generation import BOARD, SharedGeneration
from core.models import Generation


def test_a_process_reads_every_number_in_one_query_at_most_once_a_second(db, django_assert_num_queries):
    Generation.objects.bump("a")
    Generation.objects.bump("b")
    BOARD.forget()
    with django_assert_num_queries(1):
        assert (BOARD.value("a"), BOARD.value("b"), BOARD.value("never-bumped")) == (1, 1, 0)


def test_a_bump_in_this_process_is_read_at_its_next_look(db):
    counter = SharedGeneration("test-counter")
    before = counter.current()
    counter.bump()
    assert counter.current() == before + 1


def test_while_the_database_is_unreachable_the_last_numbers_are_kept(db, monkeypatch):
    Generation.objects.bump("a")
    BOARD.forget()
    assert BOARD.value("a") == 1
    monkeypatch.setattr(BOARD, "check_seconds", 0)
    with patch.object(Generation.objects, "values_list", side_effect=OperationalError("down")):
        assert BOARD.value("a") == 1
