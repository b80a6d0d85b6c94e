"""Paging, sorting, ``search_term`` and ``match_all``/``match_any`` filters for list calls.

Filters and sorting read fields through getters on the records, so a list of tens of
thousands of consumptions is filtered without serializing them; only the page is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ewallet_monitor.protocol import errors
from ewallet_monitor.simulator.ledger import LedgerError
from ewallet_monitor.simulator.objects import JSON

T = TypeVar("T")
Getter = Callable[[T], Any]

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# The overlays' pagination_fields: id, inserted_at (created_at), updated_at.
START_BY_FIELDS = ("id", "created_at", "updated_at")
COMPARATORS = ("eq", "neq", "gt", "gte", "lt", "lte", "contains", "starts_with")


def _invalid(description: str) -> LedgerError:
    return LedgerError(errors.INVALID_PARAMETER, f"Invalid parameter provided. {description}")


def _positive_int(body: JSON, key: str, default: int) -> int:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _invalid(f"`{key}` must be a positive integer.")
    return value


def _coerce(wanted: Any, actual: Any) -> Any:
    """Compare like with like: ``"100"`` against an int amount means 100."""
    if isinstance(actual, int) and isinstance(wanted, str):
        try:
            return int(wanted)
        except ValueError:
            return wanted
    return wanted


def _matches(actual: Any, comparator: str, wanted: Any) -> bool:
    wanted = _coerce(wanted, actual)
    if comparator == "eq":
        return bool(actual == wanted)
    if comparator == "neq":
        return bool(actual != wanted)
    if comparator in ("contains", "starts_with"):
        if actual is None or wanted is None:
            return False
        text, part = str(actual).lower(), str(wanted).lower()
        return part in text if comparator == "contains" else text.startswith(part)
    if actual is None or wanted is None:
        return False
    try:
        if comparator == "gt":
            return bool(actual > wanted)
        if comparator == "gte":
            return bool(actual >= wanted)
        if comparator == "lt":
            return bool(actual < wanted)
        return bool(actual <= wanted)
    except TypeError:
        return False


def _conditions(
    body: JSON, key: str, fields: dict[str, Getter[T]]
) -> list[tuple[Getter[T], str, Any]]:
    raw = body.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _invalid(f"`{key}` must be a list of filters.")
    out: list[tuple[Getter[T], str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise _invalid(f"each `{key}` filter must be an object.")
        field, comparator = item.get("field"), item.get("comparator")
        if field not in fields:
            raise _invalid(f"filtering on `{field}` is not allowed.")
        if comparator not in COMPARATORS:
            raise _invalid(f"comparator `{comparator}` is not supported.")
        out.append((fields[field], comparator, item.get("value")))
    return out


def paginate(
    records: Sequence[T],
    body: JSON,
    *,
    fields: dict[str, Getter[T]],
    search: Callable[[T], str],
    serialize: Callable[[T], JSON],
    default_sort: str = "created_at",
) -> JSON:
    """The ``{"object":"list","data":[…],"pagination":{…}}`` answer for ``body``'s
    ``page`` or ``start_after``/``start_by``, ``per_page`` (at most 100), ``sort_by``,
    ``sort_dir``, ``search_term``, ``match_all`` and ``match_any`` (the server's
    ``EWallet.Web.Paginator``, ``PagePaginator`` and ``StartAfterPaginator``)."""
    stable = "start_after" in body or "start_by" in body
    if stable and "page" in body:
        other = "start_after" if "start_after" in body else "start_by"
        raise _invalid(f"`page` cannot be used with `{other}`")
    page = _positive_int(body, "page", 1)
    # Paginator.get_per_page: a larger value is silently capped at max_per_page.
    per_page = min(_positive_int(body, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    sort_dir = body.get("sort_dir") or ("asc" if stable else "desc")
    if sort_dir not in ("asc", "desc"):
        raise _invalid("`sort_dir` must be asc or desc.")
    sort_by = body.get("sort_by")
    # StartAfterPaginator sorts by the first pagination field (id) unless told otherwise.
    fallback = fields["id"] if stable else fields[default_sort]
    sort_getter = fields.get(sort_by if isinstance(sort_by, str) else "", fallback)
    match_all = _conditions(body, "match_all", fields)
    match_any = _conditions(body, "match_any", fields)
    term = body.get("search_term")
    term_text = term.lower() if isinstance(term, str) and term else None

    def keep(record: T) -> bool:
        if any(not _matches(get(record), cmp, value) for get, cmp, value in match_all):
            return False
        if match_any and not any(
            _matches(get(record), cmp, value) for get, cmp, value in match_any
        ):
            return False
        return term_text is None or term_text in search(record).lower()

    selected = [record for record in records if keep(record)]
    selected.sort(
        key=lambda record: (sort_getter(record) is not None, sort_getter(record)),
        reverse=sort_dir == "desc",
    )
    if stable:
        return _start_after_page(records, selected, body, fields, per_page, serialize)
    start = (page - 1) * per_page
    chunk = selected[start : start + per_page]
    return {
        "object": "list",
        "data": [serialize(record) for record in chunk],
        "pagination": {
            "per_page": per_page,
            "current_page": page,
            "is_first_page": page == 1,
            "is_last_page": start + per_page >= len(selected),
            "count": len(chunk),
        },
    }


def _start_after_page(
    records: Sequence[T],
    selected: list[T],
    body: JSON,
    fields: dict[str, Getter[T]],
    per_page: int,
    serialize: Callable[[T], JSON],
) -> JSON:
    """The records after ``start_after`` (compared on ``start_by``) in the filtered, sorted
    list, as the server's StartAfterPaginator: the offset is the position of that record in
    the filtered list, so records settling before it do not shift the page; a record that
    exists but no longer matches the filter gives offset 0 (the list starts again); one that
    does not exist at all is ``unauthorized``."""
    start_by = body.get("start_by") or "id"
    if not isinstance(start_by, str):
        raise _invalid("`start_by` must be a string")
    if start_by not in START_BY_FIELDS or start_by not in fields:
        allowed = ", ".join(f for f in START_BY_FIELDS if f in fields)
        raise _invalid(
            f"start_by: `{start_by}` is not allowed. The available fields are: [{allowed}]"
        )
    start_after = body.get("start_after")
    getter = fields[start_by]
    offset = 0
    if start_after is not None:
        if not any(getter(record) == start_after for record in records):
            raise LedgerError(
                errors.UNAUTHORIZED, "You are not allowed to perform the requested operation."
            )
        offset = next(
            (n + 1 for n, record in enumerate(selected) if getter(record) == start_after), 0
        )
    chunk = selected[offset : offset + per_page]
    return {
        "object": "list",
        "data": [serialize(record) for record in chunk],
        "pagination": {
            "per_page": per_page,
            "start_by": start_by,
            "start_after": start_after,
            "is_last_page": offset + per_page >= len(selected),
            "count": len(chunk),
        },
    }
