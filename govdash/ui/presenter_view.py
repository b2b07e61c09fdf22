"""汇报模式's meeting tools: a full-screen button and the presenter's view (next slide, talking points, timer).

Both run in the page itself as ``st.components.v2`` components (no iframe, no file fetched from elsewhere): the
full-screen button calls the browser's Fullscreen API on the whole page, which a script cannot do unasked, so it
must be the user's own click. The presenter's view (``?presenter=1``) is the same slide with a panel on the right:
the slide's number, the next slide's title, the points to make and the time since the talk began.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import streamlit as st

from govdash.report.slides import Slide

PRESENTER_PARAM = "presenter"

_BUTTON_CSS = """
button {font: inherit; font-size: 1rem; width: 100%; min-height: 2.5rem; padding: .25rem .75rem; cursor: pointer;
        border: 1px solid rgba(49, 51, 63, .2); border-radius: .5rem; background: #fff; color: #31333f;}
button:hover {border-color: #1f5fa8; color: #1f5fa8;}
button:disabled {cursor: not-allowed; color: #9ca3af;}
"""

FULLSCREEN_HTML = '<button type="button" class="gd-fullscreen" aria-pressed="false">全屏放映</button>'
# The label follows the browser's state, so Esc (which leaves full screen without a click) relabels it too.
FULLSCREEN_JS = """
export default function ({ parentElement }) {
  const button = parentElement.querySelector("button.gd-fullscreen");
  const show = () => {
    const on = Boolean(document.fullscreenElement);
    button.textContent = on ? "退出全屏" : "全屏放映";
    button.setAttribute("aria-pressed", String(on));
    button.title = on ? "退出全屏(Esc)" : "整个页面全屏放映(Esc 退出)";
  };
  if (!document.fullscreenEnabled) {
    button.disabled = true;
    button.title = "此浏览器不允许网页全屏,请按 F11";
    return;
  }
  button.onclick = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen().catch(() => { button.title = "浏览器未允许全屏,请按 F11"; });
    }
  };
  document.addEventListener("fullscreenchange", show);
  show();
  return () => document.removeEventListener("fullscreenchange", show);
}
"""

TIMER_HTML = """
<div class="gd-timer"><span class="label">已用时间</span> <span class="elapsed">00:00:00</span></div>
<div class="gd-clock"><span class="label">现在</span> <span class="now">--:--</span></div>
<button type="button" class="gd-restart">重新计时</button>
"""
TIMER_CSS = _BUTTON_CSS + """
.gd-timer {font-size: 1.6rem; font-weight: 700; color: #1f2937; font-variant-numeric: tabular-nums;}
.gd-clock {font-size: 1rem; color: #4b5563; margin: .2rem 0 .5rem 0; font-variant-numeric: tabular-nums;}
.label {font-size: .9rem; font-weight: 400; color: #6b7280;}
button {min-height: 2rem; font-size: .9rem;}
"""
# The start is kept in the tab's sessionStorage: turning a slide reruns the page, and the clock must run on.
TIMER_JS = """
const KEY = "govdash-presenter-start";
const two = (n) => String(n).padStart(2, "0");
export default function ({ parentElement }) {
  const elapsed = parentElement.querySelector(".elapsed");
  const now = parentElement.querySelector(".now");
  if (!sessionStorage.getItem(KEY)) sessionStorage.setItem(KEY, String(Date.now()));
  const tick = () => {
    const seconds = Math.max(0, Math.floor((Date.now() - Number(sessionStorage.getItem(KEY))) / 1000));
    elapsed.textContent = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
    const time = new Date();
    now.textContent = `${two(time.getHours())}:${two(time.getMinutes())}`;
  };
  parentElement.querySelector(".gd-restart").onclick = () => {
    sessionStorage.setItem(KEY, String(Date.now()));
    tick();
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
"""

# The panel stays on the right whatever the slide holds, as the controls stay at the bottom; the slide makes room.
PRESENTER_STYLE = """
<style>
.st-key-presenter_panel {position: fixed; top: 3.75rem; right: 0; bottom: 4.2rem; width: 21rem; z-index: 98;
                         overflow-y: auto; background: #f8fafc; border-left: 1px solid #e5e7eb; padding: 1rem 1.2rem;}
[data-testid="stMainBlockContainer"] {padding-right: 23rem;}
.gd-next {font-size: 1.25rem; font-weight: 600; color: #1f2937; line-height: 1.35;}
.gd-points li {font-size: 1rem; line-height: 1.45; color: #1f2937; margin-bottom: .35rem;}
</style>
"""

# The presenter's window leads and every audience window of the same deck in this browser follows it (two windows
# of one browser share a BroadcastChannel): the presenter turns the slides on the laptop, the projector turns with
# it. A window opened late asks the presenter where it is.
SYNC_JS = """
export default function ({ data, setTriggerValue }) {
  const { channel, slide, presenter } = data;
  const bus = new BroadcastChannel(channel);
  if (presenter) {
    const announce = () => bus.postMessage({ slide });
    bus.onmessage = (event) => { if (event.data && event.data.hello) announce(); };
    announce();
  } else {
    bus.onmessage = (event) => {
      const wanted = event.data && event.data.slide;
      if (wanted && wanted !== slide) setTriggerValue("slide", wanted);
    };
    bus.postMessage({ hello: true });
  }
  return () => bus.close();
}
"""

_fullscreen = st.components.v2.component("govdash_fullscreen", html=FULLSCREEN_HTML, css=_BUTTON_CSS,
                                         js=FULLSCREEN_JS)
_timer = st.components.v2.component("govdash_presenter_timer", html=TIMER_HTML, css=TIMER_CSS, js=TIMER_JS)
_sync = st.components.v2.component("govdash_slide_sync", js=SYNC_JS)


def fullscreen_button(*, key: str) -> None:
    """Draw the 全屏放映 button: the whole page full screen on click, 退出全屏 while it is."""
    _fullscreen(key=key)


def follow_presenter(deck: str, number: int, *, presenter: bool) -> int | None:
    """Keep this window's slide in step with the presenter's view of the same deck in this browser.

    Args:
        deck: names the deck (framework, period and scope); only windows of the same deck follow each other.
        number: the slide shown in this window.
        presenter: whether this window is the presenter's view (which leads) or an audience window (which follows).

    Returns:
        The presenter's slide when this audience window should move to it, else None.
    """
    # A key per slide: the component starts afresh with each slide's number. It draws nothing, and its box is
    # hidden so that it takes no room above the slide (its script runs all the same).
    st.markdown("<style>.st-key-presentation_sync {display: none;}</style>", unsafe_allow_html=True)
    with st.container(key="presentation_sync"):
        result = _sync(key=f"presentation_sync_{number}", data={"channel": f"govdash-slides:{deck}",
                                                                "slide": number, "presenter": presenter},
                       on_slide_change=_ignore, height=0)
    wanted = getattr(result, "slide", None)
    return int(wanted) if wanted and int(wanted) != number else None


def _ignore() -> None:
    """Nothing to do on the callback: the page reads the slide the presenter moved to from the result."""


def presenter_requested() -> bool:
    """Whether the address asks for the presenter's view (``?presenter=1``)."""
    return st.query_params.get(PRESENTER_PARAM) == "1"


def view_address(*, presenter: bool) -> str:
    """Return this page's address in the other view, the same slide and filters, for a link beside the controls."""
    query = {k: v for k, v in st.query_params.to_dict().items() if k != PRESENTER_PARAM}
    if presenter:
        query[PRESENTER_PARAM] = "1"
    return "presentation" + (f"?{urlencode(query)}" if query else "")


def presenter_panel(slide: Slide, number: int, titles: list[str]) -> None:
    """Draw the presenter's panel for slide ``number`` (from 1) of the deck whose titles are ``titles``."""
    st.markdown(PRESENTER_STYLE, unsafe_allow_html=True)
    with st.container(key="presenter_panel"):
        st.markdown(f"**演讲者视图** · 第 {number} / {len(titles)} 页")
        _timer(key="presenter_timer")
        st.markdown("**下一页**")
        upcoming = (f"{number + 1}. {titles[number]}" if number < len(titles) else "已是最后一页")
        st.markdown(f'<div class="gd-next">{escape(upcoming)}</div>', unsafe_allow_html=True)
        points = [p for p in (*slide.bullets, slide.note) if p]
        if points:
            st.markdown("**讲解要点**")
            items = "".join(f"<li>{escape(point)}</li>" for point in points)
            st.markdown(f'<ul class="gd-points">{items}</ul>', unsafe_allow_html=True)
