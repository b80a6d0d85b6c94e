"""The pipeline's limits: one value object, checked when built, the same in every process."""

import dataclasses
import pickle

import pytest

from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits


def test_the_defaults_are_consistent_and_survive_pickling_to_another_process() -> None:
    assert pickle.loads(pickle.dumps(DEFAULT_LIMITS)) == DEFAULT_LIMITS
    assert DEFAULT_LIMITS.store_backlog_resume_rows < DEFAULT_LIMITS.store_backlog_pause_rows
    assert DEFAULT_LIMITS.resume_below_batches < DEFAULT_LIMITS.max_waiting_batches


def test_limits_cannot_be_changed_in_place() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.batch_items = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"batch_items": 0}, "batch_items must be positive"),
        ({"intake_recheck_seconds": -0.1}, "intake_recheck_seconds must be positive"),
        ({"resume_below_batches": 9}, "resume_below_batches must not exceed"),
        ({"store_backlog_resume_rows": 6_000}, "store_backlog_resume_rows must not exceed"),
        ({"read_chunk_bytes": 8 * 1024 * 1024}, "read_chunk_bytes must not exceed"),
    ],
)
def test_an_unusable_limit_is_refused_with_its_name(changes: dict[str, float], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        dataclasses.replace(DEFAULT_LIMITS, **changes)


def test_other_limits_are_a_replace_away() -> None:
    small = dataclasses.replace(
        DEFAULT_LIMITS, store_backlog_pause_rows=10, store_backlog_resume_rows=5
    )
    assert isinstance(small, PipelineLimits)
    assert (small.store_backlog_pause_rows, small.batch_items) == (10, DEFAULT_LIMITS.batch_items)


def test_the_store_limits_are_a_part_of_the_pipeline_limits_and_checked_alike() -> None:
    from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits, StoreLimits

    assert DEFAULT_LIMITS.store == StoreLimits()
    custom = PipelineLimits(store=StoreLimits(batch_rows=10), log_flush_interval_ms=40)
    assert (custom.store.batch_rows, custom.log_flush_interval_ms) == (10, 40)
    with pytest.raises(ValueError, match="pg_retry_interval must be positive"):
        StoreLimits(pg_retry_interval=0)
    with pytest.raises(ValueError, match="log_flush_interval_ms must be positive"):
        PipelineLimits(log_flush_interval_ms=0)
