"""Regenerate the PNG icon sizes and the notification sound from their sources.

Run from a source checkout: ``.venv/bin/python resources/make_resources.py``. The outputs
are committed, so this only runs when the SVG or the sound recipe changes.
"""

from __future__ import annotations

import math
import os
import struct
import sys
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256)


def make_pngs() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "icons" / "ewallet-monitor.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / "icons" / f"ewallet-monitor-{size}.png"))


def make_sound() -> None:
    """Two short rising tones (about 0.3 s), quiet, with soft edges: a polite 'ding-dong'."""
    rate = 22050
    frames = bytearray()
    for freq, length in ((880.0, 0.12), (1318.5, 0.18)):
        count = int(rate * length)
        for i in range(count):
            edge = min(1.0, i / (rate * 0.01), (count - i) / (rate * 0.04))
            sample = 0.35 * edge * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(HERE / "sounds" / "request.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


if __name__ == "__main__":
    (HERE / "sounds").mkdir(exist_ok=True)
    make_pngs()
    make_sound()
