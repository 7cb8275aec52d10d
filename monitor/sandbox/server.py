"""HTTP plumbing of the sandbox: routes on a stdlib ThreadingHTTPServer, started in-process.

``SandboxServer(host, port)`` serves until ``stop()``; port 0 picks a free port (``.port`` and
``.base_url`` say which). Routes:
- ``/vk/method/<name>`` — the VK API (GET or POST, form or multipart), ``/vk/upload/<n>`` —
  the photo upload server, ``/vk/captcha/<sid>.png``;
- ``/vk/longpoll/<group_id>`` — Bots Long Poll's ``a_check`` (``vk_longpoll.py``);
- ``/rss/<feed>.xml`` — feeds;
- ``/ok/fb.do``, ``/ok/api/<group>/<method>`` — Odnoklassniki (``ok.py``);
- ``/web/<site>/``, ``/web/<site>/news/<n>`` — public pages without a feed (``web.py``);
- ``/graph/<version>/<id>/<edge>`` — Facebook Page and Instagram (``graph.py``);
- ``/x/2/tweets/search/recent``, ``/x/2/tweets`` — X (``x.py``);
- ``/telegram/bot<token>/<method>``, ``/telegram/s/<channel>`` — Telegram (``telegram.py``);
- ``/_sandbox/...`` — control: posts, replies, reactions, errors, stats, config, bulk, reset, health.
"""

from __future__ import annotations

import json
import re
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlsplit

from monitor.core.clock import Clock
from monitor.core.logs import get_logger
from monitor.sandbox import bulk, control, graph, ok, rss_feeds, telegram, vk_longpoll, vk_routes, web, x
from monitor.sandbox.scenario import build_state, read_scenario
from monitor.sandbox.state import Numbering
from monitor.sandbox.vk_write import accept_upload

# A 1x1 transparent PNG: what captcha and photo URLs serve.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
MAX_BODY = 64 * 1024 * 1024
MAX_JSON_BODY = 1024 * 1024  # control bodies are a post or a rule, never megabytes
SHUTDOWN_POLL_S = 0.05  # how quickly stop() is noticed


def _first_values(query: dict[str, list[str]]) -> dict[str, str]:
    return {key: values[0] for key, values in query.items() if values}


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """Fields and files of a multipart/form-data body (any field names)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition") or ""
        payload = cast(bytes, part.get_payload(decode=True) or b"")
        if part.get_filename() is not None:
            files.append((str(name), payload))
        else:
            fields[str(name)] = payload.decode(part.get_content_charset() or "utf-8", "replace")
    return fields, files


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json_body(raw: bytes) -> Any:
    """A control body as JSON; anything else (too big, too deep, NaN, not UTF-8) is BadRequest."""
    if len(raw) > MAX_JSON_BODY:
        raise control.BadRequest(f"body: at most {MAX_JSON_BODY // 1024} KiB of JSON")
    if not raw.strip():
        return {}
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise control.BadRequest("body: JSON nested too deeply") from None
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, NaN, a number of 5000 digits
        raise control.BadRequest("body: expected JSON") from None


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    _raw_body: bytes | None = None

    # --- plumbing -------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request would drown the service's own logs."""

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, body, {"Content-Type": "application/json; charset=utf-8"})

    def _body(self) -> bytes:
        """The request body, read once (and always, see ``_dispatch``) to keep keep-alive in step."""
        if self._raw_body is None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True
                raise control.BadRequest("body: bad or too large Content-Length")
            self._raw_body = self.rfile.read(length) if length else b""
        return self._raw_body

    def _form(self) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
        """Query string plus form or multipart body."""
        values = _first_values(parse_qs(urlsplit(self.path).query, keep_blank_values=True))
        body = self._body()
        ctype = self.headers.get("Content-Type", "")
        files: list[tuple[str, bytes]] = []
        if ctype.startswith("multipart/form-data"):
            fields, files = parse_multipart(ctype, body)
            values.update(fields)
        elif body:
            values.update(_first_values(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)))
        return values, files

    def _json_body(self) -> Any:
        return parse_json_body(self._body())

    # --- verbs ----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        self._raw_body = None
        try:
            self._body()
            for pattern, verbs, route in ROUTES:
                match = pattern.fullmatch(path)
                if match and self.command in verbs:
                    route(self, *match.groups())
                    return
            if any(p.fullmatch(path) for p, _, _ in ROUTES):
                self._json(405, {"error": f"{self.command} not allowed on {path}"})
            else:
                self._json(404, {"error": f"no route {path}"})
        except control.BadRequest as exc:
            self._json(400, {"error": str(exc)})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:
            get_logger().exception("sandbox.handler_failed", path=path, error=str(exc))
            self._json(500, {"error": f"sandbox failure: {exc.__class__.__name__}"})

    # --- routes ---------------------------------------------------------------------------------
    def vk_method(self, name: str) -> None:
        form, _ = self._form()
        auth = self.headers.get("Authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        status, body = vk_routes.call_method(self.server.state, self.server.base_url, name, form, bearer)
        self._json(status, body)

    def vk_upload(self, number: str) -> None:
        _, files = self._form()
        state = self.server.state
        with state.lock:
            state.stats.http["upload"] += 1
            answer = accept_upload(state, int(number), files)
        if answer is None:
            self._json(200, {"error": "unknown upload server"})
        else:
            self._json(200, answer)

    def pixel(self, _name: str) -> None:
        self._send(200, PIXEL, {"Content-Type": "image/png"})

    def feed(self, name: str) -> None:
        status, headers, body = rss_feeds.serve_feed(self.server.state, name, self.headers.get("If-None-Match"),
                                               self.headers.get("If-Modified-Since"))
        self._send(status, body, headers)

    def vk_longpoll(self, group_id: str) -> None:
        params = _first_values(parse_qs(urlsplit(self.path).query))
        self._json(*vk_longpoll.a_check(self.server.state, int(group_id), params, self.server.base_url))

    def _bearer(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else None

    def graph_api(self, path: str) -> None:
        form, _ = self._form()
        token = self._bearer() or form.pop("access_token", None)
        self._json(*graph.call(self.server.state, self.command, path, form, token, self.server.base_url))

    def x_api(self, path: str) -> None:
        if self.command == "POST":
            body = self._json_body()
            params: dict[str, Any] = body if isinstance(body, dict) else {}
        else:
            params = _first_values(parse_qs(urlsplit(self.path).query))
        self._json(*x.call(self.server.state, self.command, path, params, self._bearer(), self.server.base_url))

    def web_page(self, site: str, number: str | None = None) -> None:
        status, headers, body = web.serve(self.server.state, site, number, self.headers.get("If-None-Match"),
                                          self.headers.get("If-Modified-Since"))
        self._send(status, body, headers)

    def telegram_bot(self, token: str, method: str) -> None:
        params: dict[str, Any] = {}
        if self.headers.get("Content-Type", "").startswith("application/json"):
            body = self._json_body()
            params = body if isinstance(body, dict) else {}
        else:
            params, _ = self._form()
        self._json(*telegram.bot_method(self.server.state, token, method, params, self.server.base_url))

    def telegram_preview(self, channel: str) -> None:
        before = _first_values(parse_qs(urlsplit(self.path).query)).get("before")
        status, headers, body = telegram.preview(self.server.state, channel,
                                                 int(before) if before and before.isdigit() else None)
        self._send(status, body, headers)

    def telegram_plain(self, channel: str) -> None:
        status, headers, body = telegram.plain_page(channel)
        self._send(status, body, headers)

    def ok_method(self, group: str | None = None, method: str | None = None) -> None:
        form, _ = self._form()
        self._json(*ok.call(self.server.state, form, f"{group}.{method}" if group else None, self.server.base_url))

    def control(self, action: str) -> None:
        state = self.server.state
        with state.lock:
            state.stats.http["control"] += 1
        key = (self.command, action)
        if key == ("GET", "health"):
            self._json(200, {"ok": True})
        elif key == ("POST", "posts"):
            self._json(*control.inject(state, self._dict_body(), self.server.base_url))
        elif key == ("GET", "posts"):
            query = _first_values(parse_qs(urlsplit(self.path).query))
            self._json(*control.search_posts(state, query.get("q", "")))
        elif key == ("GET", "replies"):
            self._json(*control.replies(state))
        elif key == ("POST", "reactions"):
            self._json(*control.react(state, self._dict_body()))
        elif key == ("POST", "errors"):
            self._json(*control.plan_errors(state, self._json_body()))
        elif key == ("GET", "errors"):
            with state.lock:
                self._json(200, {"planned": [r.as_json() for r in state.faults.rules]})
        elif key == ("DELETE", "errors"):
            self._json(*control.clear_errors(state))
        elif key == ("GET", "stats"):
            self._json(*control.stats(state))
        elif key == ("DELETE", "stats"):
            self._json(*control.clear_stats(state))
        elif key == ("GET", "config"):
            with state.lock:
                self._json(200, control.options_json(state))
        elif key == ("POST", "config"):
            self._json(*control.configure(state, self._dict_body()))
        elif key == ("POST", "bulk"):
            self._json(*bulk.bulk(state, self._dict_body()))
        elif key == ("POST", "reset"):
            self.server.owner.reset()
            self._json(200, {"ok": True})
        else:
            self._json(404, {"error": f"no control endpoint {self.command} /_sandbox/{action}"})

    def _dict_body(self) -> dict[str, Any]:
        body = self._json_body()
        if not isinstance(body, dict):
            raise control.BadRequest("body: expected a JSON object")
        return body


ROUTES: list[tuple[re.Pattern[str], set[str], Any]] = [
    (re.compile(r"/(?:vk/)?method/([A-Za-z0-9_.]+)"), {"GET", "POST"}, SandboxHandler.vk_method),
    (re.compile(r"/vk/upload/(\d{1,9})"), {"POST"}, SandboxHandler.vk_upload),
    (re.compile(r"/vk/longpoll/(\d{1,12})"), {"GET"}, SandboxHandler.vk_longpoll),
    (re.compile(r"/vk/(?:captcha|photo)/([\w.-]+)\.(?:png|jpg)"), {"GET", "HEAD"}, SandboxHandler.pixel),
    (re.compile(r"/rss/([\w-]+)\.xml"), {"GET", "HEAD"}, SandboxHandler.feed),
    (re.compile(r"/telegram/bot([0-9]+:[\w-]+)/(\w+)"), {"GET", "POST"}, SandboxHandler.telegram_bot),
    (re.compile(r"/telegram/s/(\w+)"), {"GET", "HEAD"}, SandboxHandler.telegram_preview),
    (re.compile(r"/telegram/(\w+)"), {"GET", "HEAD"}, SandboxHandler.telegram_plain),
    (re.compile(r"/web/([\w-]+)/"), {"GET", "HEAD"}, SandboxHandler.web_page),
    (re.compile(r"/web/([\w-]+)/news/(\d{1,20})"), {"GET", "HEAD"}, SandboxHandler.web_page),
    (re.compile(r"/graph/(v\d+\.\d/[\w.-]+/\w+)"), {"GET", "POST"}, SandboxHandler.graph_api),
    (re.compile(r"/x/(2/tweets(?:/search/recent)?)"), {"GET", "POST"}, SandboxHandler.x_api),
    (re.compile(r"/ok/fb\.do"), {"GET", "POST"}, SandboxHandler.ok_method),
    (re.compile(r"/ok/api/(\w+)/(\w+)"), {"GET", "POST"}, SandboxHandler.ok_method),
    (re.compile(r"/_sandbox/(\w+)"), {"GET", "POST", "DELETE"}, SandboxHandler.control),
]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: SandboxServer

    @property
    def state(self) -> Any:
        return self.owner.state

    @property
    def base_url(self) -> str:
        return self.owner.base_url


class SandboxServer:
    """The simulated network on loopback; ``.state`` is there for tests to look inside."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8700, scenario: str | Path | None = None,
                 default_owner_id: int | None = None, clock: Clock | None = None,
                 numbering: Numbering | None = None) -> None:
        """``numbering``: ids handed out before (by an earlier run, as the database remembers
        them); new posts, comments and feed items are numbered above it."""
        self.host = host
        self._requested_port = port
        self._scenario = read_scenario(scenario)
        self._clock = clock
        self._default_owner_id = default_owner_id
        self.state = build_state(self._scenario, clock, default_owner_id)
        if numbering is not None:
            self.state.continue_numbering(numbering)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self._requested_port

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def bind(self) -> None:
        """Open the listening socket (raises OSError when the port is taken)."""
        if self._httpd is None:
            self._httpd = _Server((self.host, self._requested_port), SandboxHandler)
            self._httpd.owner = self

    def start(self) -> SandboxServer:
        """Serve in a background thread; returns once the socket is listening."""
        if self._thread is not None and self._thread.is_alive():
            return self
        self.bind()
        assert self._httpd is not None
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_S},
                                        name="otklik-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._httpd, self._thread = None, None

    def reset(self) -> None:
        """Back to the scenario (times re-anchored at now); stats, replies, plans cleared.

        The numbering goes on: a post injected after a reset never takes the id of one before it.
        """
        with self.state.lock:
            fresh = build_state(self._scenario, self._clock, self._default_owner_id)
            fresh.continue_numbering(self.state.numbering())
            self.state.adopt(fresh)

    def urls(self) -> dict[str, str]:
        base = self.base_url
        return {"vk_api": f"{base}/vk/method/", "rss": f"{base}/rss/<feed>.xml", "ok_api": f"{base}/ok/fb.do",
                "telegram_api": f"{base}/telegram/bot<token>/", "telegram_web": f"{base}/telegram/s/<channel>",
                "inject": f"{base}/_sandbox/posts", "replies": f"{base}/_sandbox/replies"}

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
