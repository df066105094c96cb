"""Bad requests: each is a 4xx error envelope, and nothing is written."""

import copy
import json

from harness import ServerTestCase, http_node, transform, workflow

GOOD = workflow("Valid base", [transform("first", {"x": 1}),
                               transform("second", {"y": "{{prev.body.x}}"})])
UNKNOWN_UUID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def with_changes(**changes):
    body = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is _DELETE:
            del body[key]
        else:
            body[key] = value
    return body


_DELETE = object()


class ValidationTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.server.create_workflow(GOOD)

    def setUp(self):
        self.total_before = self.server.total_workflows()

    def tearDown(self):
        # No validation failure may create, change or run anything.
        self.assertEqual(self.server.total_workflows(), self.total_before)
        g = self.server.get(f"/api/workflows/{self.existing['id']}")
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json["data"], self.existing)
        logs = self.server.get(f"/api/workflows/{self.existing['id']}/logs")
        self.assertEqual(logs.json["total_data"], 0, logs)

    def check_both(self, body, status, fields=None, headers=None):
        """The same body is refused by create and by update."""
        for method, path in (("POST", "/api/workflows"),
                             ("PUT", f"/api/workflows/{self.existing['id']}")):
            with self.subTest(method=method):
                r = self.server.request(method, path, body=body, headers=headers)
                self.assertError(r, status, fields=fields)

    # -- body framing -------------------------------------------------------------------------

    def test_malformed_json(self):
        for raw in (b'{"name": ', b"{name: 'x'}", b"", b"nul", b'{"name": "a",}',
                    b'{"name": "a"} trailing'):
            with self.subTest(raw=raw):
                self.check_both(raw, 400, headers={"Content-Type": "application/json"})

    def test_body_not_an_object(self):
        for raw in (b"[]", b"42", b'"text"', b"null"):
            with self.subTest(raw=raw):
                self.check_both(raw, 400, headers={"Content-Type": "application/json"})

    def test_deep_nesting(self):
        depth = 100
        raw = ('{"name": "deep", "nodes": [], "trigger_node": {"type": "manual"}, "x": ' +
               "[" * depth + "]" * depth + "}").encode()
        self.check_both(raw, 400, headers={"Content-Type": "application/json"})
        # Also deep inside a node config, where any JSON value is allowed.
        cfg = "{" + '"a":{' * depth + "}" * depth + "}"
        raw = ('{"name": "deep", "trigger_node": {"type": "manual", "config": {}}, '
               '"nodes": [{"id": "a", "type": "transform", "config": {"output": ' + cfg +
               '}}]}').encode()
        self.check_both(raw, 400, headers={"Content-Type": "application/json"})

    def test_wrong_content_type(self):
        raw = json.dumps(GOOD).encode()
        for ctype in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx"):
            with self.subTest(ctype=ctype):
                self.check_both(raw, 415, headers={"Content-Type": ctype})
        self.check_both(raw, 415, headers={})  # no Content-Type at all

    def test_json_content_type_variants_accepted_shape(self):
        # Parameters and case do not matter; the body is still validated (empty name -> 400).
        raw = json.dumps(with_changes(name="")).encode()
        for ctype in ("application/json; charset=utf-8", "Application/JSON"):
            with self.subTest(ctype=ctype):
                self.check_both(raw, 400, fields=["name"], headers={"Content-Type": ctype})

    def test_body_too_large(self):
        body = with_changes(description="d" * (1536 * 1024))
        self.check_both(body, 413)

    # -- fields -------------------------------------------------------------------------------

    def test_missing_and_empty_name(self):
        self.check_both(with_changes(name=_DELETE), 400, fields=["name"])
        self.check_both(with_changes(name=""), 400, fields=["name"])
        self.check_both(with_changes(name=None), 400, fields=["name"])

    def test_wrong_types(self):
        self.check_both(with_changes(name=5), 400, fields=["name"])
        self.check_both(with_changes(is_active="yes"), 400, fields=["is_active"])
        self.check_both(with_changes(nodes={}), 400, fields=["nodes"])
        self.check_both(with_changes(description=["a"]), 400, fields=["description"])
        self.check_both(with_changes(trigger_node="manual"), 400, fields=["trigger_node"])
        self.check_both(with_changes(nodes=["node"]), 400, fields=["nodes[0]"])
        self.check_both(with_changes(nodes=[{"id": "a", "type": "transform", "config": []}]),
                        400, fields=["nodes[0].config"])

    def test_too_long_values(self):
        r = self.server.post("/api/workflows", with_changes(name="n" * 201))
        self.assertError(r, 400, fields=["name"])
        # One problem, one error: a long name is not also reported as empty.
        name_errors = [e["message"] for e in r.json["errors"] if e["field"] == "name"]
        self.assertEqual(len(name_errors), 1, r)
        self.assertNotIn("empty", name_errors[0])
        self.check_both(with_changes(description="d" * 2001), 400, fields=["description"])
        self.check_both(with_changes(nodes=[transform(f"n{i}", i) for i in range(101)]), 400,
                        fields=["nodes"])
        self.check_both(with_changes(nodes=[transform("i" * 65, 1)]), 400,
                        fields=["nodes[0].id"])

    def test_number_out_of_range_is_400_not_500(self):
        # 1e400 is valid JSON syntax but overflows a double.
        for raw in (b'{"name": "big", "trigger_node": {"type": "manual"}, "nodes": [],'
                    b' "description": 1e400}',
                    b'{"name": "big", "trigger_node": {"type": "manual"}, "nodes": [{"id": "a",'
                    b' "type": "transform", "config": {"output": -1e999}}]}'):
            with self.subTest(raw=raw):
                self.check_both(raw, 400, headers={"Content-Type": "application/json"})
        r = self.server.post(f"/api/workflows/{self.existing['id']}/execute", b'{"x": 1e400}',
                             headers={"Content-Type": "application/json"})
        self.assertError(r, 400)

    def test_several_errors_reported_together(self):
        body = with_changes(name=5, is_active="yes", nodes={})
        self.check_both(body, 400, fields=["name", "is_active", "nodes"])

    def test_missing_nodes_and_trigger(self):
        self.check_both(with_changes(nodes=_DELETE), 400, fields=["nodes"])
        self.check_both(with_changes(trigger_node=_DELETE), 400, fields=["trigger_node"])

    def test_unknown_fields(self):
        self.check_both(with_changes(colour="blue"), 400, fields=["colour"])
        trig = {"type": "manual", "config": {}, "extra": 1}
        self.check_both(with_changes(trigger_node=trig), 400, fields=["trigger_node.extra"])
        node = dict(transform("a", 1), retries=3)
        self.check_both(with_changes(nodes=[node]), 400, fields=["nodes[0].retries"])

    def test_unknown_trigger_type(self):
        for t in ("webhookx", "", "SCHEDULE"):
            with self.subTest(type=t):
                self.check_both(with_changes(trigger_node={"type": t, "config": {}}), 400,
                                fields=["trigger_node.type"])

    def test_invalid_cron(self):
        for cron in ("0 0 25 * * *", "bad", "", "61 * * * * *", "0 0 7 * * * *", "* * * *",
                     "0 0 0 30 2 *"):
            with self.subTest(cron=cron):
                trig = {"type": "schedule", "config": {"cron": cron}}
                self.check_both(with_changes(trigger_node=trig), 400,
                                fields=["trigger_node.config.cron"])

    def test_schedule_without_cron(self):
        self.check_both(with_changes(trigger_node={"type": "schedule", "config": {}}), 400,
                        fields=["trigger_node.config.cron"])
        self.check_both(
            with_changes(trigger_node={"type": "schedule", "config": {"cron": 5}}), 400,
            fields=["trigger_node.config.cron"])

    def test_duplicate_node_ids(self):
        nodes = [transform("same", 1), transform("other", 2), transform("same", 3)]
        self.check_both(with_changes(nodes=nodes), 400, fields=["nodes[2].id"])

    def test_bad_node_ids(self):
        self.check_both(with_changes(nodes=[transform("", 1)]), 400, fields=["nodes[0].id"])
        self.check_both(with_changes(nodes=[transform("has space", 1)]), 400,
                        fields=["nodes[0].id"])
        self.check_both(with_changes(nodes=[{"type": "transform", "config": {"output": 1}}]),
                        400, fields=["nodes[0].id"])

    def test_unknown_node_type(self):
        nodes = [transform("a", 1), {"id": "b", "type": "no_such_type", "config": {}}]
        self.check_both(with_changes(nodes=nodes), 400, fields=["nodes[1].type"])
        self.check_both(with_changes(nodes=[{"id": "a", "config": {}}]), 400,
                        fields=["nodes[0].type"])

    def test_missing_required_config(self):
        self.check_both(with_changes(nodes=[{"id": "a", "type": "transform", "config": {}}]),
                        400, fields=["nodes[0].config.output"])
        self.check_both(with_changes(nodes=[{"id": "a", "type": "transform"}]),
                        400, fields=["nodes[0].config.output"])
        node = {"id": "h", "type": "http_request", "config": {"method": "GET"}}
        self.check_both(with_changes(nodes=[transform("a", 1), node]), 400,
                        fields=["nodes[1].config.url"])

    def test_template_errors_at_save_time(self):
        cases = {
            "unterminated": "{{prev.body.x",
            "empty": "{{}}",
            "unknown root": "{{nope.x}}",
            "unterminated in text": "value: {{ prev.body.x and more",
        }
        for label, text in cases.items():
            with self.subTest(case=label):
                nodes = [transform("a", 1), transform("b", {"v": text})]
                r = self.server.post("/api/workflows", with_changes(nodes=nodes))
                self.assertError(r, 400)
                fields = [e["field"] for e in r.json.get("errors", [])]
                self.assertTrue(any(f.startswith("nodes[1].config.output") for f in fields),
                                r)
                r = self.server.put(f"/api/workflows/{self.existing['id']}",
                                    with_changes(nodes=nodes))
                self.assertError(r, 400)
        # A template in an http_request url is checked too.
        nodes = [http_node("h", "http://127.0.0.1:9/{{prev.body.x")]
        r = self.server.post("/api/workflows", with_changes(nodes=nodes))
        self.assertError(r, 400, fields=["nodes[0].config.url"])

    # -- ids, methods, paths ------------------------------------------------------------------

    def test_unknown_id_is_404(self):
        for wid in (UNKNOWN_UUID, "not-a-uuid", "123", "wf-uuid-001",
                    UNKNOWN_UUID.upper().replace("-", "")):
            with self.subTest(id=wid):
                base = f"/api/workflows/{wid}"
                self.assertError(self.server.get(base), 404)
                self.assertError(self.server.put(base, GOOD), 404)
                self.assertError(self.server.delete(base), 404)
                self.assertError(self.server.post(base + "/execute"), 404)
                self.assertError(self.server.get(base + "/logs"), 404)

    def test_wrong_method_is_405_with_allow(self):
        wid = self.existing["id"]
        cases = [
            ("PATCH", "/api/workflows", {"GET", "POST"}),
            ("DELETE", "/api/workflows", {"GET", "POST"}),
            ("PUT", "/api/workflows", {"GET", "POST"}),
            ("POST", f"/api/workflows/{wid}", {"GET", "PUT", "DELETE"}),
            ("PATCH", f"/api/workflows/{wid}", {"GET", "PUT", "DELETE"}),
            ("GET", f"/api/workflows/{wid}/execute", {"POST"}),
            ("DELETE", f"/api/workflows/{wid}/execute", {"POST"}),
            ("POST", f"/api/workflows/{wid}/logs", {"GET"}),
        ]
        for method, path, allowed in cases:
            with self.subTest(method=method, path=path):
                r = self.server.request(method, path)
                self.assertError(r, 405)
                allow = r.header("Allow") or ""
                self.assertEqual({m.strip() for m in allow.split(",") if m.strip()}, allowed)

    def test_unknown_path_is_404_json(self):
        wid = self.existing["id"]
        for path in ("/", "/api", "/api/", "/api/nothing", "/api/workflow",
                     f"/api/workflows/{wid}/foo", f"/api/workflows/{wid}/logs/extra",
                     "/apix/workflows", "/healthzz"):
            with self.subTest(path=path):
                self.assertError(self.server.get(path), 404)

    def test_execute_body_validation(self):
        wid = self.existing["id"]
        r = self.server.post(f"/api/workflows/{wid}/execute", b"{not json",
                             headers={"Content-Type": "application/json"})
        self.assertError(r, 400)
        r = self.server.post(f"/api/workflows/{wid}/execute", b'{"x": 1}',
                             headers={"Content-Type": "text/plain"})
        self.assertError(r, 415)
        r = self.server.post(f"/api/workflows/{wid}/execute",
                             {"blob": "b" * (1536 * 1024)})
        self.assertError(r, 413)
