"""Rows a test process kept, written back as they were (same keys and all)."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connections


def put_back(rows_by_model: dict, using: str = "default") -> None:
    """Bulk-insert each model's kept rows, in the order given, then move the
    tables' sequences past them as loaddata does: a flush that reset the
    sequences (PostgreSQL) must not hand out the keys just put back."""
    for model, rows in rows_by_model.items():
        model.objects.using(using).bulk_create(rows)
    connection = connections[using]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows_by_model)):
            cursor.execute(sql)
