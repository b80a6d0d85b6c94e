"""Colouring rules, as in Wireshark: an ordered list of *filter expression → colours*.

A rule's filter is the filter language of the bar, History and ``export --where``
(:mod:`ewallet_monitor.query`), so a rule colours exactly the rows that filter would show.
The first enabled rule that matches a row colours it; a row no rule matches keeps the
colours of its kind. Each rule sets both text and background, so it reads the same in a
light and a dark palette. Rules are saved per profile (``settings.profiles.ColourRuleBook``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ewallet_monitor.query import Facts, Query, QueryError, compile_query


@dataclass(frozen=True, slots=True)
class ColourRule:
    """One rule: ``expression`` in the filter language, colours as ``#rrggbb`` names."""

    name: str
    expression: str
    foreground: str
    background: str
    enabled: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expression": self.expression,
            "foreground": self.foreground,
            "background": self.background,
            "enabled": self.enabled,
        }

    @classmethod
    def from_json(cls, data: object) -> ColourRule | None:
        """The rule in ``data``, or ``None`` when it is not a rule (a damaged setting)."""
        if not isinstance(data, dict):
            return None
        fields = [data.get(key) for key in ("name", "expression", "foreground", "background")]
        if not all(isinstance(value, str) for value in fields):
            return None
        name, expression, foreground, background = (str(value) for value in fields)
        return cls(name, expression, foreground, background, data.get("enabled") is not False)

    def with_enabled(self, enabled: bool) -> ColourRule:
        return replace(self, enabled=enabled)


# Sensible defaults: what an operator must not miss. Deep text on a pale tint.
DEFAULT_RULES: tuple[ColourRule, ...] = (
    ColourRule("Failed payments", 'status == "failed"', "#7a0010", "#ffc9cf"),
    ColourRule("Expired payments", 'status == "expired"', "#5c3d00", "#ffe2a8"),
    ColourRule("Gaps", 'event == "gap"', "#4a2a00", "#ffc680"),
    ColourRule(
        "Refused channels",
        'event == "refused" or error == "websocket:forbidden_channel"',
        "#ffffff",
        "#9c1c3a",
    ),
)


class CompiledRule:
    """A rule ready to test rows: its query and its colours as ``QColor``."""

    __slots__ = ("background", "foreground", "query", "rule")

    def __init__(self, rule: ColourRule, query: Query) -> None:
        self.rule = rule
        self.query = query
        self.foreground = QColor(rule.foreground)
        self.background = QColor(rule.background)


def check_rule(rule: ColourRule) -> str | None:
    """Why ``rule`` cannot be used (its filter's error, a bad colour), else ``None``."""
    try:
        compile_query(rule.expression)
    except QueryError as exc:
        return f"{rule.name}: {exc}"
    for colour in (rule.foreground, rule.background):
        if not QColor.isValidColorName(colour):
            return QCoreApplication.translate(
                "ColourRules", "{rule}: {colour} is not a colour"
            ).format(rule=rule.name, colour=repr(colour))
    return None


class ColourRules:
    """The ordered rules, compiled once; :meth:`match` gives a row's colouring rule.

    A rule whose filter does not compile (an older setting, a hand-edited file) is kept
    in :attr:`rules` but never matches; :attr:`broken` says why.
    """

    def __init__(self, rules: Iterable[ColourRule] = DEFAULT_RULES) -> None:
        self.rules: tuple[ColourRule, ...] = tuple(rules)
        self.broken: dict[str, str] = {}
        self._compiled: list[CompiledRule] = []
        for rule in self.rules:
            if not rule.enabled:
                continue
            problem = check_rule(rule)
            if problem is not None:
                self.broken[rule.name] = problem
                continue
            # "age" is relative to now: compiled with no fixed "now", so a rule such as
            # age > 1m is evaluated against the time the rule set was made.
            self._compiled.append(CompiledRule(rule, compile_query(rule.expression)))

    def __bool__(self) -> bool:
        return bool(self._compiled)

    def match(self, facts: Facts) -> CompiledRule | None:
        """The first enabled rule that matches the row, or ``None``."""
        for compiled in self._compiled:
            if compiled.query.matches(facts):
                return compiled
        return None

    def to_json(self) -> list[dict[str, Any]]:
        return [rule.to_json() for rule in self.rules]

    @classmethod
    def from_json(cls, data: object) -> ColourRules:
        """Rules from their saved form; anything unreadable is skipped."""
        if not isinstance(data, list):
            return cls(DEFAULT_RULES)
        return cls(rule for item in data if (rule := ColourRule.from_json(item)) is not None)


__all__ = ["DEFAULT_RULES", "ColourRule", "ColourRules", "CompiledRule", "check_rule"]
