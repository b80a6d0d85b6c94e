"""Live chart: events per second by kind, and pending approvals, over the last minutes.

Drawn with pyqtgraph when it imports; otherwise with a small QPainter chart of the same
series, so the panel never disappears because an optional library is missing or broken.
Recording is cheap (a counter); the chart redraws once a second.
"""

from __future__ import annotations

import importlib.util
import types
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ewallet_monitor.models.rates import RateCounter
from ewallet_monitor.ui.colors import SERIES_COLORS

REFRESH_MS = 1000
RATE_SERIES = ("requests", "finalized", "control", "other")
PENDING_SERIES = "pending"
# The pending plot's range reaches this far above its ceiling, so the ceiling's tick label
# is drawn inside the plot.
PENDING_HEADROOM = 1.3

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
    changes only when the data outgrows it, so the axes are not redrawn every second."""
    decade = 1.0
    while True:
        for step in (1.0, 2.0, 5.0):
            if decade * step >= value:
                return decade * step
        decade *= 10.0


def _load_pyqtgraph() -> types.ModuleType | None:
    """pyqtgraph, or ``None`` when it cannot be imported (missing, or broken with this Qt)."""
    try:
        import pyqtgraph
    except Exception:  # any import-time failure means "draw it ourselves"
        return None
    module: types.ModuleType = pyqtgraph
    return module


class _PyqtgraphPlot(QWidget):
    """Two stacked plots sharing the time axis: rates on top, pending below."""

    def __init__(self, pg: types.ModuleType, window: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._x = list(range(-window + 1, 1))
        layout_widget = pg.GraphicsLayoutWidget()
        layout_widget.setBackground(self.palette().color(self.backgroundRole()))
        text_color = self.palette().color(self.foregroundRole())
        rates = layout_widget.addPlot(row=0, col=0)
        pending = layout_widget.addPlot(row=1, col=0)
        layout_widget.ci.layout.setRowStretchFactor(0, 3)
        layout_widget.ci.layout.setRowStretchFactor(1, 1)
        # No rotated axis titles: the dock is ~150 px high, too short for them to fit;
        # the legend names every series with its unit instead.
        for plot in (rates, pending):
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            plot.setXRange(-window, 0, padding=0)
            plot.setYRange(0, 1, padding=0)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(text_color)
                plot.getAxis(axis).setPen(text_color)
        pending.setXLink(rates)
        pending.setLabel("bottom", "seconds ago", color=text_color.name())
        rates.getAxis("bottom").setStyle(showValues=False)
        legend = rates.addLegend(offset=(8, 4), labelTextColor=text_color, colCount=5)
        legend.setBrush(pg.mkBrush(self.palette().color(self.backgroundRole())))
        self.curves = {}
        for name in RATE_SERIES:
            pen = pg.mkPen(QColor(SERIES_COLORS[name]), width=2)
            self.curves[name] = rates.plot(name=f"{name}/s", pen=pen, antialias=True)
        pending_pen = pg.mkPen(QColor(SERIES_COLORS[PENDING_SERIES]), width=2)
        self.curves[PENDING_SERIES] = pending.plot(
            pen=pending_pen,
            stepMode=None,
            antialias=True,
            fillLevel=0,
            brush=pg.mkBrush(QColor(SERIES_COLORS[PENDING_SERIES]).lighter(170)),
        )
        # The lower plot's series in the one legend (a legend of its own would cover it).
        legend.addItem(self.curves[PENDING_SERIES], f"{PENDING_SERIES} (lower)")
        self.legend = legend
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(layout_widget)
        self.layout_widget = layout_widget
        self._plots = {"rates": rates, "pending": pending}
        self.y_ceilings = {"rates": 1.0, "pending": 1.0}
        self._set_y_range("pending", 1.0)

    def show_series(self, series: dict[str, list[float]]) -> None:
        for name, values in series.items():
            self.curves[name].setData(self._x[-len(values) :], values)
        # Not pyqtgraph's auto-range: it moves the axis every second in a burst, and
        # redrawing the axes (ticks, labels) is most of the chart's cost.
        peaks = {
            "rates": max((max(series.get(n) or [0.0]) for n in RATE_SERIES), default=0.0),
            "pending": max(series.get(PENDING_SERIES) or [0.0]),
        }
        for plot_name, peak in peaks.items():
            ceiling = nice_ceiling(peak * 1.05)
            if ceiling != self.y_ceilings[plot_name]:
                self.y_ceilings[plot_name] = ceiling
                self._set_y_range(plot_name, ceiling)

    def _set_y_range(self, plot_name: str, ceiling: float) -> None:
        plot = self._plots[plot_name]
        if plot_name != "pending":
            plot.setYRange(0, ceiling, padding=0)
            return
        # A count in a plot ~30 px high: one labelled tick, the ceiling (1, 2, 5, 10…,
        # never a 0.5 step), kept below the top edge, where a label would be cut off.
        plot.setYRange(0, ceiling * PENDING_HEADROOM, padding=0)
        plot.getAxis("left").setTickSpacing(levels=[(ceiling, 0.0)])


class _SparklinePlot(QWidget):
    """The same chart with QPainter: rate lines on top, pending below, with a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: dict[str, list[float]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def show_series(self, series: dict[str, list[float]]) -> None:
        self._series = series
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, line + 8, -8, -line - 4)
        rate_area = QRectF(area.left(), area.top(), area.width(), area.height() * 0.7)
        pending_area = QRectF(
            area.left(), rate_area.bottom() + 8, area.width(), area.height() * 0.3 - 8
        )
        # Legend along the top.
        x = 8.0
        for name in (*RATE_SERIES, PENDING_SERIES):
            painter.setPen(QPen(QColor(SERIES_COLORS[name]), 3))
            painter.drawLine(QPointF(x, line / 2 + 4), QPointF(x + 14, line / 2 + 4))
            painter.setPen(text)
            painter.drawText(QPointF(x + 18, line + 1), name)
            x += 18 + metrics.horizontalAdvance(name) + 14
        rate_max = max([1.0, *(max(self._series.get(n, [0.0]) or [0.0]) for n in RATE_SERIES)])
        pending_max = max([1.0, *(self._series.get(PENDING_SERIES, []) or [0.0])])
        for box, names, top in (
            (rate_area, RATE_SERIES, rate_max),
            (pending_area, (PENDING_SERIES,), pending_max),
        ):
            painter.setPen(QPen(text.lighter(160) if text.lightness() < 128 else text.darker(160)))
            painter.drawRect(box)
            painter.setPen(text)
            painter.drawText(
                box.adjusted(4, 2, -4, -2),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"{top:g}",
            )
            for name in names:
                values = self._series.get(name) or []
                if len(values) < 2:
                    continue
                step = box.width() / (len(values) - 1)
                points = QPolygonF(
                    [
                        QPointF(box.left() + i * step, box.bottom() - box.height() * v / top)
                        for i, v in enumerate(values)
                    ]
                )
                painter.setPen(QPen(QColor(SERIES_COLORS[name]), 1.6))
                painter.drawPolyline(points)
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), line),
            int(Qt.AlignmentFlag.AlignLeft),
            f"-{len(next(iter(self._series.values()), [])) or 0} s",
        )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), line),
            int(Qt.AlignmentFlag.AlignRight),
            "now",
        )
        painter.end()


class LiveChart(QWidget):
    """Events per second by kind and pending approvals over the last ``window_seconds``.

    ``record(kind)`` takes an event-log row kind (``"request"``, ``"finalized"``,
    ``"heartbeat"``…) and folds it into one series; ``set_pending(n)`` sets the pending count
    sampled each second. ``use_pyqtgraph=False`` forces the built-in QPainter chart; with
    pyqtgraph, the built-in chart is shown until the widget first paints.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        window_seconds: int = 300,
        use_pyqtgraph: bool = True,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window_seconds
        self._rates = (
            RateCounter(window_seconds + 1, clock) if clock else RateCounter(window_seconds + 1)
        )
        self._pending = 0
        self._pending_samples: deque[float] = deque([0.0] * window_seconds, maxlen=window_seconds)
        # pyqtgraph (with numpy) takes ~0.5 s to import and build: the built-in chart
        # stands in until this widget first paints, so the window appears without waiting.
        self.uses_pyqtgraph = use_pyqtgraph and importlib.util.find_spec("pyqtgraph") is not None
        self._upgrade_scheduled = not self.uses_pyqtgraph
        self.plot: _PyqtgraphPlot | _SparklinePlot = _SparklinePlot()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.plot)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._upgrade_scheduled:
            self._upgrade_scheduled = True
            QTimer.singleShot(0, self._use_pyqtgraph)

    def _use_pyqtgraph(self) -> None:
        pg = _load_pyqtgraph()
        if pg is None:
            self.uses_pyqtgraph = False
            return
        old, self.plot = self.plot, _PyqtgraphPlot(pg, self._window)
        self._layout.replaceWidget(old, self.plot)
        old.deleteLater()
        self.plot.show_series(self.series())

    def record(self, kind: str) -> None:
        """Count one event of a row kind now (cheap; drawn on the next tick)."""
        self._rates.record(series_for_kind(kind))

    def set_pending(self, n: int) -> None:
        """The number of consumptions waiting for approval right now."""
        self._pending = max(0, n)

    def series(self) -> dict[str, list[float]]:
        """Per-second values of every series, oldest first (completed seconds only)."""
        out: dict[str, list[float]] = {}
        for name in RATE_SERIES:
            # The newest bin is the running second; leave it out so lines do not dip.
            out[name] = [float(v) for v in self._rates.series(name)[:-1]]
        out[PENDING_SERIES] = list(self._pending_samples)
        return out

    def refresh(self) -> None:
        """Sample the pending count and redraw (the 1 s timer calls this)."""
        self._pending_samples.append(float(self._pending))
        self.plot.show_series(self.series())
