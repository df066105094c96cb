"""Process lifecycle: graceful shutdown, restart on the same data, CLI commands, key file."""

import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
import unittest

from harness import (HOST, Peer, ServerProcess, free_port, http_node, http_request, run_cli,
                     transform, workflow)


class GracefulShutdownTest(unittest.TestCase):

    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="lenzflow-bb-life-")
        self.peer = Peer(slow_seconds=2.0)
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.cleanup()
        self.peer.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def start(self):
        s = ServerProcess(data_dir=self.data_dir)
        self.servers.append(s)
        return s.start()

    def test_sigterm_finishes_in_flight_run_then_restart_keeps_data(self):
        server = self.start()
        token = server.token
        wf = server.create_workflow(workflow("Slow run", [
            transform("prep", {"v": 1}),
            http_node("slow", self.peer.url("/slow"), method="GET", timeout_ms=10000),
            transform("after", {"slow": "{{prev.body.body.slow}}"})]))

        outcome = {}

        def call():
            try:
                outcome["response"] = server.execute(wf["id"], timeout=30)
            except Exception as e:  # reported below
                outcome["exception"] = e

        caller = threading.Thread(target=call, daemon=True)
        caller.start()
        self.assertTrue(self.peer.slow_started.wait(10), "the run never reached the peer")
        server.signal(signal.SIGTERM)

        caller.join(20)
        self.assertFalse(caller.is_alive(), "execute request still waiting after 20 s")
        self.assertNotIn("exception", outcome, outcome)
        r = outcome["response"]
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["message"], "workflow executed successfully", r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "success", ex)
        self.assertEqual(ex["node_results"][2]["output"], {"slow": True})

        code = server.wait(20)
        log = server.log_text()
        self.assertEqual(code, 0, log[-3000:])
        self.assertIn("shutdown", log)
        server.stop()

        # Restart on the same data dir: same key, same workflow, same history.
        again = self.start()
        self.assertEqual(again.jwt_key(), server.jwt_key())
        g = again.get(f"/api/workflows/{wf['id']}", token=token)
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json["data"], wf)
        logs = again.get(f"/api/workflows/{wf['id']}/logs", token=token)
        self.assertEqual(logs.status, 200, logs)
        self.assertEqual(logs.json["total_data"], 1)
        self.assertEqual(logs.json["data"], [ex])
        self.assertEqual(again.stop(), 0, again.log_text()[-3000:])

    def test_requests_after_sigterm_are_refused_or_unanswered(self):
        # While a run is in flight the process lives on; new API work must not be accepted.
        server = self.start()
        wf = server.create_workflow(workflow("Slow run 2", [
            http_node("slow", self.peer.url("/slow"), method="GET", timeout_ms=10000)]))
        total_before = server.total_workflows()
        results = {}
        caller = threading.Thread(
            target=lambda: results.setdefault("r", server.execute(wf["id"], timeout=30)),
            daemon=True)
        caller.start()
        self.assertTrue(self.peer.slow_started.wait(10))
        server.signal(signal.SIGTERM)
        time.sleep(0.3)
        try:
            r = server.post("/api/workflows", workflow("Late", [transform("a", 1)]), timeout=10)
            self.assertEqual(r.status, 503, r)
            self.assertIs(r.json["ok"], False, r)
        except OSError:
            pass  # the listener is already closed: also fine
        caller.join(20)
        self.assertEqual(results["r"].status, 200, results)
        self.assertEqual(server.wait(20), 0, server.log_text()[-3000:])
        server.stop()
        again = self.start()
        self.assertEqual(again.total_workflows(), total_before)
        self.assertEqual(again.stop(), 0)

    def test_grace_expiry_cancels_run_and_abandons_queue(self):
        # One worker, a 1 s grace, a peer that takes 6 s: the running execute is cancelled and
        # answered, the queued one is answered 503, and the process exits soon after the grace.
        self.peer.slow_seconds = 6.0
        s = ServerProcess(data_dir=self.data_dir,
                          env_extra={"LENZFLOW_SHUTDOWN_GRACE": "1", "LENZFLOW_WORKERS": "1"})
        self.servers.append(s)
        s.start()
        wf = s.create_workflow(workflow("Too slow", [
            http_node("slow", self.peer.url("/slow"), method="GET", timeout_ms=20000),
            transform("after", 1)]))
        out = {}

        def call(key):
            try:
                out[key] = s.execute(wf["id"], timeout=30)
            except Exception as e:  # reported below
                out[key] = e

        first = threading.Thread(target=call, args=("first",), daemon=True)
        first.start()
        self.assertTrue(self.peer.slow_started.wait(10))
        second = threading.Thread(target=call, args=("second",), daemon=True)
        second.start()
        time.sleep(0.3)  # let the second request reach the queue
        signalled = time.monotonic()
        s.signal(signal.SIGTERM)
        code = s.wait(15)
        elapsed = time.monotonic() - signalled
        first.join(10)
        second.join(10)
        self.assertEqual(code, 0, s.log_text()[-3000:])
        self.assertLess(elapsed, 5.0)
        running, queued = out["first"], out["second"]
        self.assertNotIsInstance(running, Exception, running)
        self.assertNotIsInstance(queued, Exception, queued)
        self.assertEqual(running.status, 200, running)
        ex = running.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertEqual([n["status"] for n in ex["node_results"]], ["failed", "skipped"])
        self.assertIn("cancel", ex["node_results"][0]["error"])
        self.assertEqual(queued.status, 503, queued)
        self.assertIs(queued.json["ok"], False)
        s.stop()

        again = self.start()
        logs = again.get(f"/api/workflows/{wf['id']}/logs", token=s.token)
        self.assertEqual(logs.json["total_data"], 1, logs)
        self.assertEqual(logs.json["data"][0], ex)
        self.assertEqual(again.stop(), 0)

    def test_sigint_also_exits_cleanly(self):
        server = self.start()
        server.signal(signal.SIGINT)
        self.assertEqual(server.wait(15), 0, server.log_text()[-3000:])


class CliTest(unittest.TestCase):

    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="lenzflow-bb-cli-")

    def tearDown(self):
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def test_version(self):
        r = run_cli(["version"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.strip(), r"^lenzflow \d+\.\d+\.\d+")

    def test_help(self):
        for args, expect in ((["--help"], ["serve", "token", "version"]),
                             (["serve", "--help"], ["--listen", "--data-dir"]),
                             (["token", "--help"], ["--sub", "--ttl"])):
            with self.subTest(args=args):
                r = run_cli(args)
                self.assertEqual(r.returncode, 0, r.stderr)
                text = r.stdout + r.stderr
                for word in expect:
                    self.assertIn(word, text)

    def test_no_subcommand_or_unknown_option_fails(self):
        self.assertNotEqual(run_cli([]).returncode, 0)
        self.assertNotEqual(run_cli(["serve", "--no-such-flag"]).returncode, 0)
        self.assertNotEqual(run_cli(["frobnicate"]).returncode, 0)

    def test_short_jwt_secret_refused(self):
        port = free_port()
        r = run_cli(["serve", "--listen", f"{HOST}:{port}", "--data-dir", self.data_dir],
                    env_extra={"LENZFLOW_JWT_SECRET": "short"}, timeout=15)
        self.assertNotEqual(r.returncode, 0)
        text = r.stdout + r.stderr
        self.assertIn("LENZFLOW_JWT_SECRET", text)
        # It never started serving.
        with self.assertRaises(OSError):
            http_request(port, "GET", "/healthz", timeout=2)

    def test_env_secret_is_used_by_serve_and_token(self):
        secret = "s" * 40
        server = ServerProcess(data_dir=self.data_dir, env_extra={"LENZFLOW_JWT_SECRET": secret})
        try:
            server.start()
            r = run_cli(["token", "--data-dir", self.data_dir, "--sub", "user-env", "--ttl", "5m"],
                        env_extra={"LENZFLOW_JWT_SECRET": secret})
            self.assertEqual(r.returncode, 0, r.stderr)
            token = r.stdout.strip()
            self.assertEqual(server.get("/api/workflows", token=token).status, 200)
            # A token made with the (different) key file is refused.
            self.assertEqual(server.get("/api/workflows", token=server.mint_cli_token()).status,
                             401)
            self.assertEqual(server.stop(), 0)
        finally:
            server.cleanup()

    def test_jwt_key_file_mode_and_content(self):
        r = run_cli(["token", "--data-dir", self.data_dir, "--sub", "user-alfin"])
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(self.data_dir, "jwt.key")
        mode = stat.S_IMODE(os.stat(path).st_mode)
        self.assertEqual(mode, 0o600, oct(mode))
        with open(path) as f:
            content = f.read()
        self.assertRegex(content.strip(), r"^[0-9a-f]{64}$")
        # The same key on the next call: tokens stay valid across commands.
        run_cli(["token", "--data-dir", self.data_dir, "--sub", "user-alfin"])
        with open(path) as f:
            self.assertEqual(f.read(), content)
        self.assertEqual([n for n in os.listdir(self.data_dir) if n.startswith(".jwt")], [])

    def test_key_file_readable_by_others_refused(self):
        run_cli(["token", "--data-dir", self.data_dir, "--sub", "user-alfin"])
        os.chmod(os.path.join(self.data_dir, "jwt.key"), 0o644)
        r = run_cli(["token", "--data-dir", self.data_dir, "--sub", "user-alfin"])
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stdout.strip(), "")
        self.assertIn("jwt.key", r.stdout + r.stderr)
        port = free_port()
        s = run_cli(["serve", "--listen", f"{HOST}:{port}", "--data-dir", self.data_dir],
                    timeout=15)
        self.assertNotEqual(s.returncode, 0)

    def test_token_bad_arguments(self):
        r = run_cli(["token", "--data-dir", self.data_dir])  # --sub is required
        self.assertNotEqual(r.returncode, 0)
        for ttl in ("0s", "-5m", "abc", "10y", "400d"):
            with self.subTest(ttl=ttl):
                r = run_cli(["token", "--data-dir", self.data_dir, "--sub", "u", "--ttl", ttl])
                self.assertNotEqual(r.returncode, 0)
                self.assertEqual(r.stdout.strip(), "")

    def test_bad_listen_address(self):
        for listen in ("nonsense", f"{HOST}:0", f"{HOST}:70000"):
            with self.subTest(listen=listen):
                r = run_cli(["serve", "--listen", listen, "--data-dir", self.data_dir],
                            timeout=15)
                self.assertNotEqual(r.returncode, 0)

    def test_port_in_use_fails(self):
        import socket
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            s.listen(1)
            port = s.getsockname()[1]
            r = run_cli(["serve", "--listen", f"{HOST}:{port}", "--data-dir", self.data_dir],
                        timeout=15)
            self.assertNotEqual(r.returncode, 0)
            self.assertTrue(re.search(r"listen|address|bind", r.stdout + r.stderr, re.I),
                            r.stdout + r.stderr)
