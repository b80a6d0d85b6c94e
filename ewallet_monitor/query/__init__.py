"""The filter language of the log, History, saved filters and ``export --where``.

Pure (the standard library, and RE2 through ``safe_regex`` for ``~``: no I/O, no Qt).
Exports :func:`compile_query` (text to :class:`Query`), :class:`QueryError` (where an
expression is wrong), :class:`Facts` (one row as a filter reads it) and :data:`FIELDS`.
The language: docs/event-log.md.
"""

from ewallet_monitor.query.compiler import FIELDS, Query, Sql, compile_query, compile_regex
from ewallet_monitor.query.facts import Facts
from ewallet_monitor.query.syntax import QueryError

__all__ = ["FIELDS", "Facts", "Query", "QueryError", "Sql", "compile_query", "compile_regex"]
