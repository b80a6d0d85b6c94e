"""Every model test runs with the QApplication (timers and colours need one)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _application(qapp: Any) -> Any:
    return qapp
