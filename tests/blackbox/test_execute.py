"""Runs: templates between nodes, trigger payloads, http_request against a loopback peer."""

import json
import time

from harness import Peer, ServerTestCase, free_port, http_node, transform, workflow


class ExecuteTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.peer = Peer(slow_seconds=1.0)
        try:
            super().setUpClass()
        except Exception:
            cls.peer.close()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.peer.close()

    def run_ok(self, wf_id, body=None):
        r = self.server.execute(wf_id, body)
        self.assertOk(r, 200, "workflow executed successfully")
        self.assertEqual(r.json["data"]["status"], "success", r)
        return r.json["data"]

    # -- templates ----------------------------------------------------------------------------

    def test_templates_between_transform_nodes(self):
        first = {"x": 7, "name": "alfin", "obj": {"k": [1, 2]}, "flag": True, "nothing": None,
                 "pi": 3.5, "text": "hello"}
        second = {
            "num": "{{prev.body.x}}",
            "num_spaced": "{{ prev.body.x }}",
            "text": "x is {{prev.body.x}}",
            "two": "{{prev.body.name}}-{{prev.body.x}}",
            "via_nodes": "{{nodes.first.body.name}}",
            "nested": "{{nodes.first.body.obj.k[1]}}",
            "obj": "{{prev.body.obj}}",
            "obj_in_text": "o={{prev.body.obj}}",
            "flag": "{{prev.body.flag}}",
            "flag_in_text": "f={{prev.body.flag}}",
            "float": "{{prev.body.pi}}",
            "null": "{{prev.body.nothing}}",
            "missing": "{{prev.body.nope}}",
            "mixed_missing": "a{{prev.body.nope}}b",
            "literal": "no placeholders",
            "list": ["{{prev.body.x}}", "n={{prev.body.x}}"],
            "trig": "{{trigger.body.x}}",
            "trig_text": "t={{trigger.body.x}}",
            "trig_nested": "{{trigger.body.deep.list[0]}}",
            "wf": "{{workflow.id}}",
            "wfname": "{{workflow.name}}",
            "exec": "{{execution.id}}",
        }
        third = {"from_second": "{{prev.body.num}}", "first_again": "{{nodes.first.body.text}}"}
        wf = self.server.create_workflow(workflow("Template chain", [
            transform("first", first), transform("second", second),
            transform("third", third)]))
        ex = self.run_ok(wf["id"], {"x": 99, "deep": {"list": ["zero"]}})
        out1, out2, out3 = (n["output"] for n in ex["node_results"])
        self.assertEqual(out1, first)
        expected = {
            "num": 7,
            "num_spaced": 7,
            "text": "x is 7",
            "two": "alfin-7",
            "via_nodes": "alfin",
            "nested": 2,
            "obj": {"k": [1, 2]},
            "obj_in_text": 'o={"k":[1,2]}',
            "flag": True,
            "flag_in_text": "f=true",
            "float": 3.5,
            "null": None,
            "missing": None,
            "mixed_missing": "ab",
            "literal": "no placeholders",
            "list": [7, "n=7"],
            "trig": 99,
            "trig_text": "t=99",
            "trig_nested": "zero",
            "wf": wf["id"],
            "wfname": "Template chain",
            "exec": ex["id"],
        }
        for key, value in expected.items():
            with self.subTest(key=key):
                self.assertIn(key, out2)
                self.assertEqual(out2[key], value)
                self.assertIs(type(out2[key]), type(value))
        self.assertEqual(out3, {"from_second": 7, "first_again": "hello"})

        # The saved workflow still holds the templates, not the rendered values.
        g = self.server.get(f"/api/workflows/{wf['id']}")
        self.assertEqual(g.json["data"]["nodes"][1]["config"]["output"], second)

    def test_no_execute_body_means_null_trigger_body(self):
        wf = self.server.create_workflow(workflow("No payload", [
            transform("a", {"t": "{{trigger.body.x}}", "s": "[{{trigger.body.x}}]",
                            "whole": "{{trigger.body}}"})]))
        ex = self.run_ok(wf["id"])
        self.assertEqual(ex["node_results"][0]["output"], {"t": None, "s": "[]", "whole": None})
        # A JSON payload that is not an object is still a payload.
        ex = self.run_ok(wf["id"], [1, 2])
        self.assertEqual(ex["node_results"][0]["output"]["whole"], [1, 2])

    def test_first_node_prev_is_missing(self):
        wf = self.server.create_workflow(workflow("First prev", [
            transform("a", {"p": "{{prev.body.x}}", "q": "<{{prev.body}}>"})]))
        ex = self.run_ok(wf["id"])
        self.assertEqual(ex["node_results"][0]["output"], {"p": None, "q": "<>"})

    def test_template_cannot_run_code(self):
        wf = self.server.create_workflow(workflow("No code", [
            transform("a", {"v": 1}),
            transform("b", {"s": "{{ prev.body.v }}+1 = {{prev.body.v}}"})]))
        ex = self.run_ok(wf["id"])
        self.assertEqual(ex["node_results"][1]["output"], {"s": "1+1 = 1"})
        r = self.server.post("/api/workflows", workflow("Code", [
            transform("a", {"s": "{{prev.body.v + 1}}"})]))
        self.assertError(r, 400, fields=["nodes[0].config.output.s"])

    def test_template_amplification_is_bounded(self):
        # Each node repeats the previous output 256 times (the placeholder limit): a 1 KB value
        # becomes 256 KB, then 64 MiB, then 16 GiB... A run must not build values without
        # bound. Either the workflow is refused at save time, or the run fails with a small
        # answer instead of returning tens of MiB.
        repeat = "{{prev.body.s}}" * 256
        body = workflow("Amplifier", [transform("a", {"s": "x" * 1000}),
                                      transform("b", {"s": repeat}),
                                      transform("c", {"s": repeat})])
        r = self.server.post("/api/workflows", body)
        if r.status == 400:
            return
        self.assertEqual(r.status, 201, r)
        run = self.server.execute(r.json["data"]["id"], timeout=60)
        self.assertLess(len(run.body), 16 * 1024 * 1024,
                        "a 64 MiB node output was produced, stored and returned")
        self.assertEqual(run.status, 200, run)
        self.assertEqual(run.json["data"]["status"], "failed", run)

    # -- http_request -------------------------------------------------------------------------

    def test_http_get_json_is_parsed(self):
        wf = self.server.create_workflow(workflow("HTTP GET", [
            http_node("get", self.peer.url("/json"), method="GET", timeout_ms=5000),
            transform("use", {"x": "{{prev.body.body.x}}",
                              "second": "{{nodes.get.body.body.items[1]}}",
                              "label": "name={{prev.body.body.name}}"})]))
        before = len(self.peer.recorded("/json"))
        ex = self.run_ok(wf["id"])
        get_result, use_result = ex["node_results"]
        self.assertEqual(get_result["node_type"], "http_request")
        self.assertEqual(get_result["status"], "success")
        self.assertIsNone(get_result["error"])
        self.assertIsInstance(get_result["output"], dict, get_result)
        self.assertEqual(get_result["output"]["body"], Peer.JSON_DOC)
        self.assertEqual(use_result["output"], {"x": 42, "second": 2, "label": "name=loop"})
        got = self.peer.recorded("/json")
        self.assertEqual(len(got), before + 1)
        self.assertEqual(got[-1]["method"], "GET")

    def test_http_post_templated_json_body(self):
        wf = self.server.create_workflow(workflow("HTTP POST", [
            transform("prep", {"who": "alfin", "n": 3, "tags": ["a", "b"]}),
            http_node("post", self.peer.url("/echo?run={{execution.id}}"), method="POST",
                      headers={"X-Who": "{{prev.body.who}}"},
                      body={"user": "{{prev.body.who}}", "count": "{{prev.body.n}}",
                            "msg": "hi {{prev.body.who}} x{{prev.body.n}}",
                            "tags": "{{prev.body.tags}}", "trig": "{{trigger.body.id}}",
                            "run": "{{execution.id}}", "fixed": False},
                      timeout_ms=5000, fail_on_http_error=True),
            transform("after", {"received": "{{prev.body.body.received}}"})]))
        ex = self.run_ok(wf["id"], {"id": "evt-1"})
        self.assertEqual(ex["node_results"][2]["output"], {"received": True})
        got = [r for r in self.peer.recorded("/echo") if ex["id"] in r["path"]]
        self.assertEqual(len(got), 1, self.peer.requests)
        req = got[0]
        self.assertEqual(req["method"], "POST")
        self.assertEqual(req["path"], f"/echo?run={ex['id']}")
        self.assertTrue(req["headers"].get("content-type", "").startswith("application/json"),
                        req["headers"])
        self.assertEqual(req["headers"].get("x-who"), "alfin")
        self.assertEqual(json.loads(req["body"]), {
            "user": "alfin", "count": 3, "msg": "hi alfin x3", "tags": ["a", "b"],
            "trig": "evt-1", "run": ex["id"], "fixed": False})

    def test_http_500_fails_run_and_skips_rest(self):
        wf = self.server.create_workflow(workflow("HTTP fail", [
            transform("before", {"ok": 1}),
            http_node("call", self.peer.url("/fail"), method="GET", timeout_ms=5000,
                      fail_on_http_error=True),
            transform("after", {"never": "{{prev.body}}"}),
            transform("after2", {"never": 2})]))
        r = self.server.execute(wf["id"])
        self.assertEqual(r.status, 200, r)
        self.assertIs(r.json["ok"], True, r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertIsInstance(ex["error"], str)
        self.assertIn("call", ex["error"])
        self.assertTimestamp(ex["finished_at"])
        before, call, after, after2 = ex["node_results"]
        self.assertEqual(before["status"], "success")
        self.assertEqual(before["output"], {"ok": 1})
        self.assertEqual(call["status"], "failed")
        self.assertIsInstance(call["error"], str)
        self.assertIn("500", call["error"])
        self.assertTimestamp(call["started_at"])
        self.assertTimestamp(call["finished_at"])
        for skipped in (after, after2):
            self.assertEqual(skipped["status"], "skipped")
            self.assertIsNone(skipped["output"])
            self.assertIsNone(skipped["error"])
            self.assertIsNone(skipped["started_at"])
            self.assertIsNone(skipped["finished_at"])
        self.assertEqual([n["node_id"] for n in ex["node_results"]],
                         ["before", "call", "after", "after2"])

        logs = self.server.get(f"/api/workflows/{wf['id']}/logs")
        self.assertOk(logs, 200, "success")
        self.assertEqual(logs.json["total_data"], 1)
        self.assertEqual(logs.json["data"][0], ex)

    def test_http_500_without_fail_flag_is_output(self):
        wf = self.server.create_workflow(workflow("HTTP 500 tolerated", [
            http_node("call", self.peer.url("/fail"), method="GET", timeout_ms=5000,
                      fail_on_http_error=False),
            transform("after", {"seen": "{{prev.body.body}}"})]))
        ex = self.run_ok(wf["id"])
        self.assertEqual(ex["node_results"][1]["output"], {"seen": "boom"})

    def test_http_unreachable_fails(self):
        dead = free_port()  # bound and released at once: nobody listens there
        wf = self.server.create_workflow(workflow("HTTP unreachable", [
            http_node("call", f"http://127.0.0.1:{dead}/x", method="GET", timeout_ms=3000),
            transform("after", {"v": 1})]))
        r = self.server.execute(wf["id"])
        self.assertEqual(r.status, 200, r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertEqual(ex["node_results"][0]["status"], "failed")
        self.assertTrue(ex["node_results"][0]["error"])
        self.assertEqual(ex["node_results"][1]["status"], "skipped")

    def test_http_timeout(self):
        wf = self.server.create_workflow(workflow("HTTP timeout", [
            http_node("call", self.peer.url("/slow"), method="GET", timeout_ms=200)]))
        r = self.server.execute(wf["id"])
        self.assertEqual(r.status, 200, r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertEqual(ex["node_results"][0]["status"], "failed")
        self.assertTrue(ex["node_results"][0]["error"])

    def test_credentials_in_url_and_headers_not_echoed(self):
        # The node error and the server log name the peer, never user info, query or headers.
        secrets = ("pw-secret-1", "qs-secret-2", "hdr-secret-3")
        url = f"http://user:{secrets[0]}@127.0.0.1:{self.peer.port}/fail?api_key={secrets[1]}"
        wf = self.server.create_workflow(workflow("Secret call", [
            http_node("call", url, method="GET", timeout_ms=5000,
                      headers={"Authorization": f"Bearer {secrets[2]}"})]))
        r = self.server.execute(wf["id"])
        self.assertEqual(r.status, 200, r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertIn("500", ex["node_results"][0]["error"])
        # The peer really got the credentials...
        got = [q for q in self.peer.recorded("/fail") if secrets[1] in q["path"]]
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0]["headers"].get("authorization"), f"Bearer {secrets[2]}")
        # ...but neither the answer nor the log repeats them.
        logs = self.server.get(f"/api/workflows/{wf['id']}/logs")
        time.sleep(0.2)
        server_log = self.server.log_text()
        self.assertIn("event=run_failed", server_log)
        for secret in secrets:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, r.body.decode())
                self.assertNotIn(secret, logs.body.decode())
                self.assertNotIn(secret, server_log)

    def test_rendered_url_checked_at_run_time(self):
        # The url template renders to something that is not an http(s) URL: the node fails.
        wf = self.server.create_workflow(workflow("Bad rendered url", [
            transform("a", {"u": "file:///etc/passwd"}),
            http_node("call", "{{prev.body.u}}", method="GET", timeout_ms=2000)]))
        r = self.server.execute(wf["id"])
        self.assertEqual(r.status, 200, r)
        ex = r.json["data"]
        self.assertEqual(ex["status"], "failed")
        self.assertEqual(ex["node_results"][1]["status"], "failed")
        self.assertNotIn("root:", json.dumps(ex))
