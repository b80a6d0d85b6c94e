"""Colouring rules: the first matching filter colours a row, in the live log and History."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ewallet_monitor.models.colour_rules import DEFAULT_RULES, ColourRule, ColourRules
from ewallet_monitor.models.event_log import EventLogModel, RowStyle
from ewallet_monitor.protocol.events import ChannelState
from tests.models import samples

BG = Qt.ItemDataRole.BackgroundRole
FG = Qt.ItemDataRole.ForegroundRole


def model_of(*events: object) -> EventLogModel:
    model = EventLogModel()
    for event in events:
        model.append(event)  # type: ignore[arg-type]
    model.flush()
    return model


def colour(model: EventLogModel, row: int, role: Qt.ItemDataRole = BG) -> str | None:
    value = model.data(model.index(row, 0), role)
    return value.name() if isinstance(value, QColor) else None


def test_the_defaults_colour_failed_expired_gaps_and_refused_channels() -> None:
    model = model_of(
        samples.finalized_event("failed"),
        samples.finalized_event("expired"),
        samples.gap(),
        samples.channel_state(state=ChannelState.REFUSED, reason="forbidden"),
        samples.refused_join_reply(),
        samples.finalized_event("confirmed"),
    )
    model.set_colour_rules(ColourRules(DEFAULT_RULES))
    failed, expired, gaps, refused = (rule.background for rule in DEFAULT_RULES)
    assert [colour(model, row) for row in range(6)] == [
        failed,
        expired,
        gaps,
        refused,
        refused,
        None,
    ]
    assert colour(model, 0, FG) == DEFAULT_RULES[0].foreground


def test_the_first_matching_rule_wins_and_a_disabled_rule_never_matches() -> None:
    model = model_of(samples.finalized_event("failed", amount=5_000_000))
    big = ColourRule("Big", "amount > 0.01", "#000000", "#123456")
    failed = ColourRule("Failed", 'status == "failed"', "#000000", "#654321")
    model.set_colour_rules(ColourRules([big, failed]))
    assert colour(model, 0) == "#123456"
    model.set_colour_rules(ColourRules([big.with_enabled(False), failed]))
    assert colour(model, 0) == "#654321"


def test_rules_outrank_kind_colours_which_return_when_no_rule_matches() -> None:
    model = model_of(samples.finalized_event("confirmed"), samples.finalized_event("failed"))
    model.set_row_styles({"finalized": RowStyle(background=QColor("#dcf5dc"))})
    model.set_colour_rules(ColourRules(DEFAULT_RULES))
    assert [colour(model, 0), colour(model, 1)] == ["#dcf5dc", DEFAULT_RULES[0].background]
    model.set_colour_rules(ColourRules(()))
    assert colour(model, 1) == "#dcf5dc"


def test_a_rule_with_a_bad_filter_or_colour_is_kept_but_never_matches() -> None:
    rules = ColourRules(
        [
            ColourRule("Broken", "status == ", "#000000", "#ffffff"),
            ColourRule("Odd colour", 'status == "failed"', "#000000", "not-a-colour"),
        ]
    )
    assert set(rules.broken) == {"Broken", "Odd colour"}
    assert "column" in rules.broken["Broken"] or "expected" in rules.broken["Broken"]
    assert not rules
    assert len(rules.rules) == 2


def test_rules_survive_their_saved_form_and_damaged_entries_are_skipped() -> None:
    rules = ColourRules(DEFAULT_RULES)
    again = ColourRules.from_json([*rules.to_json(), {"name": 3}, "junk"])
    assert again.rules == DEFAULT_RULES
    assert ColourRules.from_json("junk").rules == DEFAULT_RULES
