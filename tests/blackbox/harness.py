"""Shared helpers for the black-box API tests.

The tests start the real server binary (`$LENZFLOW_BIN`, default build/lenzflow) on a free
loopback port with a temporary data dir, and talk to it over HTTP. Python 3 stdlib only.
"""

import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.normpath(os.path.join(HERE, "..", "..", "build", "lenzflow"))

STARTUP_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 20.0
HTTP_TIMEOUT_S = 30.0

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# RFC 3339 in UTC, optional fraction, always a trailing Z.
RFC3339_UTC_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


def binary():
    path = os.environ.get("LENZFLOW_BIN") or DEFAULT_BIN
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise RuntimeError(f"lenzflow binary not found or not executable: {path} "
                           "(set LENZFLOW_BIN)")
    return path


def clean_env(extra=None):
    """The current environment without any LENZFLOW_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LENZFLOW_")}
    env["LENZFLOW_LOG_LEVEL"] = "info"
    if extra:
        env.update(extra)
    return env


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_cli(args, env_extra=None, timeout=15):
    """Runs the binary with `args`; returns CompletedProcess (text)."""
    return subprocess.run([binary()] + list(args), env=clean_env(env_extra),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# HTTP client


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # http.client.HTTPMessage (case-insensitive get)
        self.body = body
        self._json = None
        self._parsed = False

    @property
    def json(self):
        if not self._parsed:
            self._parsed = True
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                self._json = None
        return self._json

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        text = self.body[:600].decode("utf-8", "replace")
        return f"<Response {self.status} {text!r}>"


def http_request(port, method, path, body=None, headers=None, timeout=HTTP_TIMEOUT_S):
    """One request on its own connection. `body` may be bytes, str, or a JSON-able object
    (then sent as application/json unless headers say otherwise)."""
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        if isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        return Response(resp.status, resp.headers, payload)
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# JWT helpers (HS256/HS512 made by hand, to forge tokens the server must refuse)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_jwt(payload, key, alg="HS256", header=None):
    hdr = header if header is not None else {"alg": alg, "typ": "JWT"}
    signing_input = (b64url(json.dumps(hdr, separators=(",", ":")).encode()) + "." +
                     b64url(json.dumps(payload, separators=(",", ":")).encode()))
    if alg == "none":
        return signing_input + "."
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    sig = hmac.new(key, signing_input.encode("ascii"), digest).digest()
    return signing_input + "." + b64url(sig)


# ---------------------------------------------------------------------------------------------
# The server under test


class ServerProcess:
    """One `lenzflow serve` process on a free loopback port."""

    def __init__(self, data_dir=None, env_extra=None):
        self._own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="lenzflow-bb-")
        self.env_extra = env_extra
        self.port = None
        self.proc = None
        self.log_path = None
        self._log_file = None
        self._token = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self):
        self.port = free_port()
        fd, self.log_path = tempfile.mkstemp(prefix="lenzflow-bb-log-", suffix=".txt")
        os.close(fd)
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary(), "serve", "--listen", f"{HOST}:{self.port}", "--data-dir", self.data_dir],
            env=clean_env(self.env_extra), stdin=subprocess.DEVNULL, stdout=self._log_file,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} during startup:\n"
                                   f"{self.log_text()}")
            try:
                r = http_request(self.port, "GET", "/healthz", timeout=2)
                if r.status == 200:
                    return self
                last_error = repr(r)
            except OSError as e:
                last_error = repr(e)
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"server not healthy within {STARTUP_TIMEOUT_S}s ({last_error}):\n"
                           f"{self.log_text()}")

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def wait(self, timeout=STOP_TIMEOUT_S):
        """Exit code, or None when the process did not exit within `timeout`."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=STOP_TIMEOUT_S):
        """SIGTERM and wait; returns the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.wait(timeout)
        if code is None:
            self.kill()
        self._close_log()
        return code

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._close_log()

    def _close_log(self):
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def cleanup(self):
        self.kill()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if self.log_path:
            try:
                os.unlink(self.log_path)
            except OSError:
                pass

    def log_text(self):
        if self._log_file is not None:
            self._log_file.flush()
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except (OSError, TypeError):
            return ""

    # -- auth ---------------------------------------------------------------------------------

    def mint_cli_token(self, sub="user-alfin", role="admin", ttl="1h"):
        r = run_cli(["token", "--data-dir", self.data_dir, "--sub", sub, "--role", role,
                     "--ttl", ttl])
        if r.returncode != 0:
            raise RuntimeError(f"token command failed ({r.returncode}): {r.stderr}")
        token = r.stdout.strip()
        if token.count(".") != 2:
            raise RuntimeError(f"token command printed no JWT: {r.stdout!r}")
        return token

    @property
    def token(self):
        if self._token is None:
            self._token = self.mint_cli_token()
        return self._token

    def jwt_key(self):
        """The HS256 secret the server uses: jwt.key content without the trailing newline."""
        with open(os.path.join(self.data_dir, "jwt.key"), "rb") as f:
            return f.read().rstrip(b"\r\n")

    # -- requests -----------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, token=True, timeout=HTTP_TIMEOUT_S):
        hdrs = dict(headers or {})
        if token is True:
            hdrs["Authorization"] = "Bearer " + self.token
        elif token:
            hdrs["Authorization"] = "Bearer " + token
        return http_request(self.port, method, path, body=body, headers=hdrs, timeout=timeout)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def list_workflows(self, **query):
        qs = urllib.parse.urlencode(query)
        return self.get("/api/workflows" + ("?" + qs if qs else ""))

    def total_workflows(self):
        r = self.get("/api/workflows?limit=1")
        if r.status != 200:
            raise AssertionError(f"list failed: {r!r}")
        return r.json["total_data"]

    def create_workflow(self, body):
        r = self.post("/api/workflows", body)
        if r.status != 201:
            raise AssertionError(f"create failed: {r!r}")
        return r.json["data"]

    def execute(self, wf_id, body=None, **kw):
        return self.post(f"/api/workflows/{wf_id}/execute", body, **kw)


# ---------------------------------------------------------------------------------------------
# Workflow bodies


def transform(node_id, output, name=None):
    node = {"id": node_id, "type": "transform", "config": {"output": output}}
    if name is not None:
        node["name"] = name
    return node


def http_node(node_id, url, method="GET", name=None, **config):
    cfg = {"method": method, "url": url}
    cfg.update(config)
    node = {"id": node_id, "type": "http_request", "config": cfg}
    if name is not None:
        node["name"] = name
    return node


def workflow(name, nodes, trigger=None, description="", is_active=True):
    return {
        "name": name,
        "description": description,
        "is_active": is_active,
        "trigger_node": trigger or {"type": "manual", "config": {}},
        "nodes": nodes,
    }


# ---------------------------------------------------------------------------------------------
# A loopback HTTP peer for http_request nodes


class Peer:
    """http.server on 127.0.0.1:<free port> in a thread. Routes:
        GET  /json   -> 200 {"x": 42, "items": [1, 2, 3], "name": "loop"}
        POST /echo   -> records the request, 200 {"received": true, "bytes": n}
        *    /fail   -> 500 text "boom"
        *    /slow   -> sets `slow_started`, sleeps `slow_seconds`, 200 {"slow": true}
    Every request is recorded in `requests` as dict(method, path, headers, body)."""

    JSON_DOC = {"x": 42, "items": [1, 2, 3], "name": "loop"}

    def __init__(self, slow_seconds=2.0):
        self.requests = []
        self.lock = threading.Lock()
        self.slow_started = threading.Event()
        self.slow_seconds = slow_seconds
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with peer.lock:
                    peer.requests.append({"method": self.command, "path": self.path,
                                          "headers": {k.lower(): v for k, v in
                                                      self.headers.items()},
                                          "body": body})
                path = self.path.split("?")[0]
                if path == "/json":
                    self._send(200, json.dumps(Peer.JSON_DOC).encode(), "application/json")
                elif path == "/echo":
                    self._send(200, json.dumps({"received": True, "bytes": len(body)}).encode(),
                               "application/json")
                elif path == "/fail":
                    self._send(500, b"boom", "text/plain")
                elif path == "/slow":
                    peer.slow_started.set()
                    time.sleep(peer.slow_seconds)
                    self._send(200, b'{"slow": true}', "application/json")
                else:
                    self._send(404, b"not here", "text/plain")

            def _send(self, status, payload, ctype):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to report

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self.server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def recorded(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"].split("?")[0] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


# ---------------------------------------------------------------------------------------------
# Test base class


class ServerTestCase(unittest.TestCase):
    """One server per TestCase class, stopped with SIGTERM at the end (exit code must be 0)."""

    server = None
    env_extra = None

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess(env_extra=cls.env_extra).start()
        _ = cls.server.token

    @classmethod
    def tearDownClass(cls):
        server = cls.server
        cls.server = None
        if server is None:
            return
        try:
            code = server.stop()
            if code != 0:
                raise AssertionError(f"server exit code after SIGTERM: {code!r}\n"
                                     f"{server.log_text()[-3000:]}")
        finally:
            server.cleanup()

    # -- assertions ---------------------------------------------------------------------------

    def assertError(self, r, status, fields=None):
        """`r` is an error envelope with `status`; `fields` (if given) must all appear in
        errors[].field."""
        self.assertEqual(r.status, status, r)
        self.assertIsInstance(r.json, dict, r)
        self.assertIs(r.json.get("ok"), False, r)
        self.assertIsInstance(r.json.get("message"), str, r)
        self.assertTrue(r.json["message"], r)
        self.assertNotIn("data", r.json, r)
        ctype = r.header("Content-Type") or ""
        self.assertTrue(ctype.startswith("application/json"), ctype)
        if fields:
            errors = r.json.get("errors")
            self.assertIsInstance(errors, list, r)
            for e in errors:
                self.assertIsInstance(e.get("field"), str, r)
                self.assertIsInstance(e.get("message"), str, r)
                self.assertTrue(e["message"], r)
            names = [e["field"] for e in errors]
            for f in fields:
                self.assertIn(f, names, r)

    def assertOk(self, r, status, message):
        self.assertEqual(r.status, status, r)
        self.assertIsInstance(r.json, dict, r)
        self.assertIs(r.json.get("ok"), True, r)
        self.assertEqual(r.json.get("message"), message, r)
        ctype = r.header("Content-Type") or ""
        self.assertTrue(ctype.startswith("application/json"), ctype)

    def assertTimestamp(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, RFC3339_UTC_RE)

    def assertUuid(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, UUID_RE)
