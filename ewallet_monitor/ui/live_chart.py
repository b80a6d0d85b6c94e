"""Live chart: events per second by kind, and pending approvals, over the last minutes.

Drawn with QPainter: two lines of chart did not earn pyqtgraph and the numpy it pulls in
(83 MB of the environment, ~0.5 s at start-up; figures in docs/benchmarks.md). Recording
is cheap (a counter); the chart redraws once a second.

Layout, top to bottom: the legend (in rows of its own, never over a plot), the rate plot,
the pending plot, the time axis. Each plot has its scale in a gutter on its left.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.rates import RateCounter
from ewallet_monitor.ui.colors import SERIES_COLORS

REFRESH_MS = 1000
RATE_SERIES = ("requests", "finalized", "control", "other")
PENDING_SERIES = "pending"
LEGEND_LABELS = {
    "requests": QT_TRANSLATE_NOOP("LiveChart", "requests/s"),
    "finalized": QT_TRANSLATE_NOOP("LiveChart", "finalized/s"),
    "control": QT_TRANSLATE_NOOP("LiveChart", "control/s"),
    "other": QT_TRANSLATE_NOOP("LiveChart", "other/s"),
    PENDING_SERIES: QT_TRANSLATE_NOOP("LiveChart", "pending (lower plot)"),
}
# The smallest readable plots, in text lines: a rate plot where a line's rise shows, a
# pending plot tall enough for its two scale labels.
RATE_PLOT_LINES = 4
PENDING_PLOT_LINES = 2
_MARGIN = 6.0
_SWATCH = 14.0
_GAP = 4.0

# Row kinds (EventRecord.kind) folded into the chart's few series.
_SERIES_OF_KIND = {
    "request": "requests",
    "requests": "requests",
    "finalized": "finalized",
    "heartbeat": "control",
    "reply": "control",
    "join": "control",
    "leave": "control",
    "close": "control",
    "control": "control",
}


def series_for_kind(kind: str) -> str:
    """The chart series a row kind is counted in."""
    return _SERIES_OF_KIND.get(kind, "other")


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at or above ``value`` (1 at least): a y range that
    changes only when the data outgrows it, so the scale does not jump every second."""
    decade = 1.0
    while True:
        for step in (1.0, 2.0, 5.0):
            if decade * step >= value:
                return decade * step
        decade *= 10.0


def _scale_label(value: float) -> str:
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


@dataclass(frozen=True)
class ChartLayout:
    """Where each part is drawn, for a given size and font."""

    legend: dict[str, QRectF]  # series → its legend entry (swatch and label)
    rates: QRectF
    pending: QRectF
    time_axis: QRectF

    @property
    def legend_bounds(self) -> QRectF:
        bounds = QRectF()
        for rect in self.legend.values():
            bounds = bounds.united(rect)
        return bounds


def chart_layout(width: float, height: float, metrics: QFontMetrics, gutter: float) -> ChartLayout:
    """Lay the legend out in as many rows as the width needs, then share the rest of the
    height 3:1 between the plots (the pending plot never below its minimum)."""
    line = float(metrics.height())
    legend: dict[str, QRectF] = {}
    x, y = _MARGIN, _MARGIN
    for name in (*RATE_SERIES, PENDING_SERIES):
        entry = (
            _SWATCH
            + _GAP
            + metrics.horizontalAdvance(
                QCoreApplication.translate("LiveChart", LEGEND_LABELS[name])
            )
        )
        if x > _MARGIN and x + entry > width - _MARGIN:
            x, y = _MARGIN, y + line
        legend[name] = QRectF(x, y, entry, line)
        x += entry + 3 * _GAP
    top = y + line + _GAP
    left = _MARGIN + gutter
    plot_width = max(1.0, width - left - _MARGIN)
    plots_height = max(0.0, height - top - line - 2 * _GAP - _MARGIN)
    pending_height = max(PENDING_PLOT_LINES * line, plots_height / 4)
    rates_height = max(1.0, plots_height - pending_height)
    rates = QRectF(left, top, plot_width, rates_height)
    pending = QRectF(left, rates.bottom() + _GAP, plot_width, pending_height)
    time_axis = QRectF(left, pending.bottom() + _GAP, plot_width, line)
    return ChartLayout(legend, rates, pending, time_axis)


class LiveChart(QWidget):
    """Events per second by kind and pending approvals over the last ``window_seconds``.

    ``record(kind)`` takes an event-log row kind (``"request"``, ``"finalized"``,
    ``"heartbeat"``…) and folds it into one series; ``set_pending(n)`` sets the pending count
    sampled each second.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        window_seconds: int = 300,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window_seconds
        self._rates = (
            RateCounter(window_seconds + 1, clock) if clock else RateCounter(window_seconds + 1)
        )
        self._pending = 0
        self._pending_samples: deque[float] = deque([0.0] * window_seconds, maxlen=window_seconds)
        self._series: dict[str, list[float]] = {}
        self.y_ceilings = {"rates": 1.0, "pending": 1.0}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Live chart"))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    # -- data ---------------------------------------------------------------------------------

    def record(self, kind: str) -> None:
        """Count one event of a row kind now (cheap; drawn on the next tick)."""
        self._rates.record(series_for_kind(kind))
        if not self._timer.isActive():
            self._timer.start()

    def set_pending(self, n: int) -> None:
        """The number of consumptions waiting for approval right now."""
        self._pending = max(0, n)
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def is_ticking(self) -> bool:
        """Whether the chart redraws each second (only while its picture can change)."""
        return self._timer.isActive()

    def series(self) -> dict[str, list[float]]:
        """Per-second values of every series, oldest first (completed seconds only)."""
        out: dict[str, list[float]] = {}
        for name in RATE_SERIES:
            # The newest bin is the running second; leave it out so lines do not dip.
            out[name] = [float(v) for v in self._rates.series(name)[:-1]]
        out[PENDING_SERIES] = list(self._pending_samples)
        return out

    def refresh(self) -> None:
        """Sample the pending count, rescale when the data outgrew the scale, redraw (the
        1 s timer calls this)."""
        self._pending_samples.append(float(self._pending))
        self._series = series = self.series()
        peaks = {
            "rates": max(max(series[name], default=0.0) for name in RATE_SERIES),
            "pending": max(series[PENDING_SERIES], default=0.0),
        }
        for plot, peak in peaks.items():
            self.y_ceilings[plot] = nice_ceiling(peak * 1.05)
        latest = ", ".join(
            [f"{name} {(series[name] or [0.0])[-1]:g}/s" for name in RATE_SERIES]
            + [f"{PENDING_SERIES} {(series[PENDING_SERIES] or [0.0])[-1]:g}"]
        )
        self.setAccessibleDescription(
            self.tr("Last {seconds} s; latest: {values}").format(
                seconds=self._window, values=latest
            )
        )
        self.update()
        if (
            not self._pending
            and not any(self._pending_samples)
            and not any(any(self._rates.series(name)) for name in RATE_SERIES)
        ):
            # Every line flat at zero: the next second would draw the same picture.
            self._timer.stop()

    # -- geometry -----------------------------------------------------------------------------

    def _gutter(self) -> float:
        metrics = self.fontMetrics()
        widest = max(_scale_label(value) for value in self.y_ceilings.values())
        return float(metrics.horizontalAdvance(widest) + 2 * _GAP)

    def layout_for(self, width: float, height: float) -> ChartLayout:
        return chart_layout(width, height, self.fontMetrics(), self._gutter())

    def minimumSizeHint(self) -> QSize:
        # Two legend entries side by side at least (three rows at most), and plots of
        # their minimum heights under them.
        metrics = self.fontMetrics()
        entries = sorted(
            (
                _SWATCH + _GAP + metrics.horizontalAdvance(self.tr(label))
                for label in LEGEND_LABELS.values()
            ),
            reverse=True,
        )
        width = 2 * _MARGIN + entries[0] + entries[1] + 3 * _GAP
        return QSize(int(width) + 1, self._height_for(legend_rows=3))

    def sizeHint(self) -> QSize:
        return QSize(600, self._height_for(legend_rows=1, rate_lines=6))

    def _height_for(self, legend_rows: int, rate_lines: int = RATE_PLOT_LINES) -> int:
        line = self.fontMetrics().height()
        lines = legend_rows + rate_lines + PENDING_PLOT_LINES + 1  # + the time axis
        return int(2 * _MARGIN + line * lines + 3 * _GAP) + 1

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        grid = QColor(text)
        grid.setAlpha(60)
        metrics = self.fontMetrics()
        layout = self.layout_for(self.width(), self.height())
        baseline = metrics.ascent()
        for name, rect in layout.legend.items():
            middle = rect.top() + rect.height() / 2
            painter.setPen(QPen(QColor(SERIES_COLORS[name]), 3))
            painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.left() + _SWATCH, middle))
            painter.setPen(text)
            painter.drawText(
                QPointF(rect.left() + _SWATCH + _GAP, rect.top() + baseline),
                self.tr(LEGEND_LABELS[name]),
            )
        for box, names, ceiling in (
            (layout.rates, RATE_SERIES, self.y_ceilings["rates"]),
            (layout.pending, (PENDING_SERIES,), self.y_ceilings["pending"]),
        ):
            painter.setPen(QPen(grid))
            painter.drawRect(box)
            painter.drawLine(
                QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y())
            )
            painter.setPen(text)
            right = Qt.AlignmentFlag.AlignRight
            gutter = QRectF(0, box.top(), box.left() - _GAP, box.height())
            painter.drawText(gutter, int(right | Qt.AlignmentFlag.AlignTop), _scale_label(ceiling))
            painter.drawText(gutter, int(right | Qt.AlignmentFlag.AlignBottom), "0")
            for name in names:
                self._draw_series(painter, box, name, ceiling)
        painter.setPen(text)
        painter.drawText(
            layout.time_axis,
            int(Qt.AlignmentFlag.AlignLeft),
            self.tr("{seconds} s ago").format(seconds=self._window),
        )
        painter.drawText(layout.time_axis, int(Qt.AlignmentFlag.AlignRight), self.tr("now"))
        painter.end()

    def _draw_series(self, painter: QPainter, box: QRectF, name: str, ceiling: float) -> None:
        values = self._series.get(name) or []
        if len(values) < 2:
            return
        step = box.width() / (self._window - 1)
        start = box.right() - step * (len(values) - 1)
        points = [
            QPointF(start + i * step, box.bottom() - box.height() * min(v, ceiling) / ceiling)
            for i, v in enumerate(values)
        ]
        color = QColor(SERIES_COLORS[name])
        if name == PENDING_SERIES:
            fill = QColor(color)
            fill.setAlpha(70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            bottom = box.bottom()
            area = [QPointF(points[0].x(), bottom), *points, QPointF(box.right(), bottom)]
            painter.drawPolygon(QPolygonF(area))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(color, 1.6))
        painter.drawPolyline(QPolygonF(points))
