"""Sign-in and sign-out as plain HTTP routes beside the Streamlit app (mounted by ``serve.py`` through ``st.App``).

A Streamlit script cannot set an HttpOnly cookie, so the browser posts the sign-in form here: the password is
checked, a session token is set as an HttpOnly, SameSite=Strict cookie, and the browser is sent back to the page it
came from, query parameters included. The script then reads the cookie (``st.context.cookies``) on every run.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from govdash.auth import authenticate, sign_out
from govdash.auth.sessions import COOKIE_NAME, issue_session, resolve_session, revoke_session
from govdash.core.config import get_settings
from govdash.core.db import get_engine

SIGN_IN_PATH = "/signin"
SIGN_OUT_PATH = "/signout"
_MAX_FORM_BYTES = 8192
_MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str:
    r"""Return ``target`` when it is a path on this site (``/upload?period=2025Q4``), else ``/``.

    Anything with a scheme or host, or starting ``//`` or ``/\`` (which browsers read as another host), would
    let a crafted link send a freshly signed-in user to another site.
    """
    if not target or len(target) > _MAX_NEXT_LENGTH or not target.startswith("/"):
        return "/"
    if target.startswith(("//", "/\\")) or any(ch in target for ch in "\r\n\t"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _same_origin(request: Request) -> bool:
    # A form posted from another site carries its Origin: refuse it (login CSRF). Browsers always send Origin
    # on a cross-site POST; a missing header means a same-site form or a non-browser client.
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", "")


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body())[:_MAX_FORM_BYTES]
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[-1] for key, values in fields.items()}


def _client(request: Request) -> dict[str, str]:
    return {"ip": request.client.host} if request.client else {}


async def sign_in_page(request: Request) -> Response:
    """GET: the sign-in form; POST: check the password, set the session cookie and go back to ``next``."""
    if request.method == "GET":
        return HTMLResponse(sign_in_html(safe_next(request.query_params.get("next"))))
    form = await _form(request)
    target = safe_next(form.get("next"))
    if not _same_origin(request):
        return HTMLResponse(sign_in_html(target, "登录请求来自其他网站,已拒绝。"), status_code=403)
    engine = get_engine()
    result = authenticate(engine, form.get("username", "")[:64], form.get("password", "")[:256],
                          context=_client(request))
    if result.user is None:
        return HTMLResponse(sign_in_html(target, result.message, form.get("username", "")[:64]), status_code=401)
    token = issue_session(engine, result.user)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE_NAME, token, max_age=int(get_settings().session_hours * 3600), path="/",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


async def sign_out_route(request: Request) -> Response:
    """POST: revoke this browser's session, clear its cookie and show the sign-in page."""
    if not _same_origin(request):
        return Response("forbidden", status_code=403)
    engine = get_engine()
    token = request.cookies.get(COOKIE_NAME)
    user = resolve_session(engine, token)
    if revoke_session(engine, token) and user is not None:
        sign_out(engine, user, context=_client(request))
    response = RedirectResponse(SIGN_IN_PATH, status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


SESSION_ROUTES = [
    Route(SIGN_IN_PATH, sign_in_page, methods=["GET", "POST"]),
    Route(SIGN_OUT_PATH, sign_out_route, methods=["POST"]),
]


def sign_in_form_html(target: str, *, user_name: str = "") -> str:
    """Return the sign-in form alone (also embedded in the app's pages), posting to the sign-in route."""
    return (
        f'<form class="govdash-signin" method="post" action="{SIGN_IN_PATH}">'
        f'<input type="hidden" name="next" value="{html.escape(safe_next(target))}">'
        '<label>用户名<input name="username" autocomplete="username" maxlength="64" required '
        f'value="{html.escape(user_name)}"></label>'
        '<label>密码<input name="password" type="password" autocomplete="current-password" maxlength="256" '
        'required></label>'
        '<button type="submit">登录</button></form>'
    )


_PAGE_STYLE = (
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;background:#f3f6fb;color:#1f2937;"
    "display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center}"
    "main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 2px 12px #0001;width:22rem}"
    "h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0}"
    "input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.3rem;font-size:1rem}"
    "button{margin-top:1rem;width:100%;padding:.6rem;font-size:1rem;background:#1f5fa8;color:#fff;border:0;"
    "border-radius:4px;cursor:pointer}.error{color:#b42318;background:#fef3f2;padding:.6rem;border-radius:4px}"
)


def sign_in_html(target: str, message: str = "", user_name: str = "") -> str:
    """Return the whole sign-in page: no script, no outside resource."""
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>登录 · 数字政府评估看板</title><link rel="icon" href="data:,">'
        f"<style>{_PAGE_STYLE}</style></head><body><main><h1>数字政府评估看板 · 登录</h1>{error}"
        f"{sign_in_form_html(target, user_name=user_name)}</main></body></html>"
    )
