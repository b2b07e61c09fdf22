"""Chart images: plotly figures as PNG at presentation resolution, drawn by kaleido in the system's chromium.

The renderer's page loads nothing from outside: plotly.js from the installed plotly package, no MathJax
(kaleido's default fetches it from a CDN, and the app runs on networks without internet), and an empty base-map
topology that the district maps' geo subplot would otherwise download (``offline_geo.js``).

Launching a browser takes seconds, so one kaleido server is started on the first image and reused for every
later one in the process (the app, a ``govdash brief`` run, a test session). Its calls are serialized: the
server answers through a single queue, and two Streamlit sessions asking at once must not swap images.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import kaleido
import plotly.graph_objects as go
from kaleido import PageGenerator

from govdash.core.config import get_settings

CJK_FONT = "Noto Sans CJK SC"
WIDTH_PX = 1920
HEIGHT_PX = 1080
# Laid out at 1280×720 CSS pixels and drawn at 1.5×: 1920×1080 pixels whose text is as large, relative to the
# picture, as on a 1280-wide screen, so it stays readable on a projected slide.
LAYOUT_SCALE = 1.5

OFFLINE_GEO_JS = Path(__file__).with_name("offline_geo.js")

_lock = threading.Lock()
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def _point_kaleido_at_chromium() -> None:
    """Tell kaleido where the browser is when PATH has none (it reads ``BROWSER_PATH``)."""
    if any(shutil.which(name) for name in _BROWSERS):
        return
    path = get_settings().chromium_path
    if path.exists():
        os.environ.setdefault("BROWSER_PATH", str(path))


def renderer_page() -> PageGenerator:
    """Return the page kaleido draws in: the installed plotly.js, no MathJax, the empty base-map topology."""
    return PageGenerator(mathjax=False, others=[str(OFFLINE_GEO_JS)])


def start_renderer() -> None:
    """Start the shared kaleido server if it is not running (the first image calls this too)."""
    with _lock:
        if not kaleido._global_server.is_running():  # noqa: SLF001 - kaleido exposes no public check
            _point_kaleido_at_chromium()
            kaleido.start_sync_server(page_generator=renderer_page(), silence_warnings=True)


def stop_renderer() -> None:
    """Stop the shared kaleido server and its browser (also done at interpreter exit)."""
    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)


def with_cjk_font(fig: go.Figure) -> go.Figure:
    """Return a copy of ``fig`` whose font list ends with the CJK font, for glyphs its own fonts lack."""
    copy = go.Figure(fig)
    family = copy.layout.font.family
    if not family:
        copy.update_layout(font_family=CJK_FONT)
    elif CJK_FONT not in family:
        # Appended, not prepended: the browser takes each glyph from the first font that has it, so the
        # figure's own choice still draws what it can.
        copy.update_layout(font_family=f"{family}, {CJK_FONT}")
    return copy


def figure_png(fig: go.Figure, *, width: int = WIDTH_PX, height: int = HEIGHT_PX) -> bytes:
    """Render ``fig`` as a PNG of ``width`` × ``height`` pixels (1920×1080 by default) with Chinese text.

    Args:
        fig: the figure, usually from a ``govdash.charts`` builder (not modified).
        width: the image width in pixels.
        height: the image height in pixels.
    """
    start_renderer()
    options = {"format": "png", "width": round(width / LAYOUT_SCALE), "height": round(height / LAYOUT_SCALE),
               "scale": LAYOUT_SCALE}
    with _lock:
        image = kaleido.calc_fig_sync(with_cjk_font(fig), opts=options)
    if not isinstance(image, bytes):
        raise RuntimeError(f"图表导出失败:{image}")
    return image


