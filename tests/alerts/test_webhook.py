"""Webhook delivery to a local HTTP receiver on 127.0.0.1: the 钉钉-style JSON body and its signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from typer.testing import CliRunner

from govdash.alerts import WebhookError
from govdash.alerts.webhook import post_message, warning_message
from govdash.cli import app
from govdash.core import config

SECRET = "SEC0123456789abcdef"


class Receiver:
    """A local robot: records every request and answers as 钉钉 does (``errcode`` 0, or 310000 on a bad sign)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.secret: str | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                receiver.requests.append((self.path, body))
                ok = receiver.secret is None or receiver.valid(self.path)
                answer = {"errcode": 0, "errmsg": "ok"} if ok else {"errcode": 310000, "errmsg": "sign not match"}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=t"

    def valid(self, path: str) -> bool:
        query = parse_qs(urlsplit(path).query)
        stamp, sign = query["timestamp"][0], query["sign"][0]
        digest = hmac.new(str(self.secret).encode(), f"{stamp}\n{self.secret}".encode(), hashlib.sha256).digest()
        return hmac.compare_digest(base64.b64encode(digest).decode(), sign)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    robot = Receiver()
    thread = threading.Thread(target=robot.server.serve_forever, daemon=True)
    thread.start()
    yield robot
    robot.server.shutdown()
    robot.server.server_close()


HITS = pd.DataFrame({"level": ["红", "黄"], "region_name": ["雁山县", "梧桐县"], "rule": ["连续两期末位", "评价覆盖率低"],
                     "detail": ["综合得分 46.3 分", "评价覆盖率 47.8%"]})


def test_post_sends_markdown_json(receiver: Receiver):
    post_message(receiver.url, warning_message(HITS, period="2025Q4"))
    ((path, body),) = receiver.requests
    assert path == "/robot/send?access_token=t"
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "预警通报 · 2025年第4季度"
    assert "红 1 条" in body["markdown"]["text"]
    assert "- 【红】雁山县:连续两期末位(综合得分 46.3 分)" in body["markdown"]["text"]


def test_post_signs_as_dingtalk_does(receiver: Receiver):
    receiver.secret = SECRET
    post_message(receiver.url, warning_message(HITS, period="2025Q4"), secret=SECRET)
    assert receiver.valid(receiver.requests[0][0])


def test_a_refused_signature_is_an_error(receiver: Receiver):
    receiver.secret = SECRET
    with pytest.raises(WebhookError, match="sign not match"):
        post_message(receiver.url, warning_message(HITS, period="2025Q4"), secret="SECwrong")


def test_cli_warnings_notify_posts_the_demo_hits(receiver: Receiver, demo_database_url, monkeypatch):
    monkeypatch.setenv("GOVDASH_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("GOVDASH_WEBHOOK_SECRET", SECRET)
    config.get_settings.cache_clear()
    receiver.secret = SECRET
    result = CliRunner().invoke(app, ["warnings", "--period", "2025Q4", "--notify"])
    assert result.exit_code == 0, result.output
    assert "雁山县" in result.output and "已推送" in result.output
    ((_path, body),) = receiver.requests
    assert "雁山县" in body["markdown"]["text"]


def test_cli_notify_without_url_exits_1(demo_database_url, monkeypatch):
    monkeypatch.delenv("GOVDASH_WEBHOOK_URL", raising=False)
    config.get_settings.cache_clear()
    result = CliRunner().invoke(app, ["warnings", "--period", "2025Q4", "--notify"])
    assert result.exit_code == 1
    assert "GOVDASH_WEBHOOK_URL" in result.output
