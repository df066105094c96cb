"""Every endpoint as documented: envelopes, messages, status codes, field shapes."""

import time
import urllib.parse

from harness import ServerTestCase, http_node, transform, workflow

# The page's example body, with the node types that exist today in place of the Lenz ones.
DOC_BODY = {
    "name": "Laporan Harian Face Recognition",
    "description": "Ekspor riwayat Face Recognition setiap pagi lalu kirim via Telegram",
    "is_active": True,
    "trigger_node": {"type": "schedule", "config": {"cron": "0 0 7 * * *"}},
    "nodes": [
        {"id": "node-export", "type": "transform", "name": "Ekspor Riwayat FR Kemarin",
         "config": {"output": {"file_url": "/exports/fr/2025-04-29.csv", "date": "2025-04-29"}}},
        {"id": "node-telegram", "type": "transform", "name": "Kirim Laporan ke Telegram",
         "config": {"output": {"credential_id": "cred-tg-001",
                               "file": "{{prev.body.file_url}}",
                               "caption": "Laporan FR harian \u2014 {{prev.body.date}}"}}},
    ],
}

# The page's PUT example, again with an existing node type.
DOC_PUT_BODY = {
    "name": "Laporan Harian Face Recognition",
    "description": "Nonaktifkan sementara untuk maintenance",
    "is_active": False,
    "trigger_node": {"type": "schedule", "config": {"cron": "0 0 7 * * *"}},
    "nodes": [
        {"id": "node-export", "type": "transform", "name": "Ekspor Riwayat FR Kemarin",
         "config": {"output": {"analytic_type": "FR", "date_range": "yesterday"}}},
    ],
}

WORKFLOW_KEYS = {"id", "name", "description", "is_active", "trigger_node", "nodes",
                 "created_at", "updated_at"}
EXECUTION_KEYS = {"id", "workflow_id", "trigger_type", "status", "started_at", "finished_at",
                  "node_results", "error", "triggered_by"}
NODE_RESULT_KEYS = {"node_id", "node_type", "node_name", "status", "started_at", "finished_at",
                    "output", "error"}


class WorkflowsApiTest(ServerTestCase):

    def assertWorkflowMatches(self, data, body):
        self.assertEqual(set(data), WORKFLOW_KEYS, data)
        self.assertUuid(data["id"])
        self.assertEqual(data["name"], body["name"])
        self.assertEqual(data["description"], body["description"])
        self.assertIs(data["is_active"], body["is_active"])
        self.assertEqual(data["trigger_node"], body["trigger_node"])
        self.assertEqual(data["nodes"], body["nodes"])
        self.assertTimestamp(data["created_at"])

    # -- create / get -------------------------------------------------------------------------

    def test_create_documented_example(self):
        r = self.server.post("/api/workflows", DOC_BODY)
        self.assertOk(r, 201, "workflow created successfully")
        self.assertEqual(set(r.json), {"ok", "message", "data"})
        data = r.json["data"]
        self.assertWorkflowMatches(data, DOC_BODY)
        self.assertIsNone(data["updated_at"])

        g = self.server.get(f"/api/workflows/{data['id']}")
        self.assertOk(g, 200, "success")
        self.assertEqual(set(g.json), {"ok", "message", "data"})
        self.assertEqual(g.json["data"], data)

    def test_create_http_request_node_round_trips(self):
        body = workflow("HTTP node roundtrip", [
            http_node("call", "http://127.0.0.1:9/hook?x={{trigger.body.x}}", method="POST",
                      name="Call the hook",
                      headers={"X-Key": "{{workflow.id}}"}, body={"a": "{{prev.body.a}}"},
                      timeout_ms=5000, fail_on_http_error=True),
        ])
        data = self.server.create_workflow(body)
        self.assertWorkflowMatches(data, body)
        g = self.server.get(f"/api/workflows/{data['id']}")
        self.assertEqual(g.json["data"]["nodes"], body["nodes"])

    def test_node_name_defaults_to_id(self):
        body = workflow("Unnamed node", [transform("only-node", {"a": 1})])
        data = self.server.create_workflow(body)
        self.assertEqual(data["nodes"][0]["name"], "only-node")

    def test_lenz_node_types_not_available_yet(self):
        for node_type in ("event_history_export", "telegram_send_attachment"):
            with self.subTest(node_type=node_type):
                before = self.server.total_workflows()
                body = workflow("Lenz node", [{"id": "n1", "type": node_type, "name": "x",
                                               "config": {"analytic_type": "FR"}}])
                r = self.server.post("/api/workflows", body)
                self.assertError(r, 400, fields=["nodes[0].type"])
                self.assertEqual(self.server.total_workflows(), before)

    def test_five_field_cron_accepted(self):
        body = workflow("Five field cron", [transform("a", 1)],
                        trigger={"type": "schedule", "config": {"cron": "0 7 * * *"}})
        data = self.server.create_workflow(body)
        self.assertEqual(data["trigger_node"], body["trigger_node"])

    def test_read_only_fields_in_body_are_ignored(self):
        data = self.server.create_workflow(workflow("Echoed fields", [transform("a", 1)]))
        echoed = dict(data)
        echoed["id"] = "00000000-0000-4000-8000-000000000000"
        echoed["created_at"] = "2000-01-01T00:00:00Z"
        echoed["updated_at"] = "2000-01-01T00:00:00Z"
        echoed["name"] = "Echoed fields v2"
        r = self.server.put(f"/api/workflows/{data['id']}", echoed)
        self.assertOk(r, 200, "workflow updated successfully")
        self.assertEqual(r.json["data"]["id"], data["id"])
        self.assertEqual(r.json["data"]["created_at"], data["created_at"])
        self.assertNotEqual(r.json["data"]["updated_at"], "2000-01-01T00:00:00Z")
        self.assertEqual(r.json["data"]["name"], "Echoed fields v2")
        self.assertEqual(
            self.server.get("/api/workflows/00000000-0000-4000-8000-000000000000").status, 404)

    # -- list ---------------------------------------------------------------------------------

    def test_list_envelope(self):
        created = self.server.create_workflow(workflow("Zebra unique list name", [
            transform("a", {"v": 1})]))
        r = self.server.get("/api/workflows?search=" +
                            urllib.parse.quote("zebra unique list"))
        self.assertOk(r, 200, "success")
        self.assertEqual(set(r.json), {"ok", "message", "data", "limit", "current_page",
                                       "total_data", "total_page"})
        self.assertEqual(r.json["limit"], 10)
        self.assertEqual(r.json["current_page"], 1)
        self.assertEqual(r.json["total_data"], 1)
        self.assertEqual(r.json["total_page"], 1)
        self.assertEqual(r.json["data"], [created])

    # -- update -------------------------------------------------------------------------------

    def test_update_documented_example(self):
        created = self.server.create_workflow(DOC_BODY)
        self.assertIsNone(created["updated_at"])
        time.sleep(0.01)
        r = self.server.put(f"/api/workflows/{created['id']}", DOC_PUT_BODY)
        self.assertOk(r, 200, "workflow updated successfully")
        data = r.json["data"]
        self.assertWorkflowMatches(data, DOC_PUT_BODY)
        self.assertEqual(data["id"], created["id"])
        self.assertEqual(data["created_at"], created["created_at"])
        self.assertTimestamp(data["updated_at"])
        self.assertGreaterEqual(data["updated_at"], created["created_at"])

        g = self.server.get(f"/api/workflows/{created['id']}")
        self.assertOk(g, 200, "success")
        self.assertEqual(g.json["data"], data)

        # A second update moves updated_at again, never created_at.
        time.sleep(0.01)
        again = dict(DOC_PUT_BODY, description="second update")
        r2 = self.server.put(f"/api/workflows/{created['id']}", again)
        self.assertOk(r2, 200, "workflow updated successfully")
        self.assertEqual(r2.json["data"]["created_at"], created["created_at"])
        self.assertGreater(r2.json["data"]["updated_at"], data["updated_at"])
        self.assertEqual(r2.json["data"]["description"], "second update")

    # -- delete -------------------------------------------------------------------------------

    def test_delete(self):
        created = self.server.create_workflow(workflow("To delete", [transform("a", 1)]))
        self.server.execute(created["id"])
        path = f"/api/workflows/{created['id']}"
        r = self.server.delete(path)
        self.assertOk(r, 200, "workflow deleted successfully")
        self.assertEqual(set(r.json), {"ok", "message"})
        self.assertError(self.server.get(path), 404)
        self.assertError(self.server.delete(path), 404)
        self.assertError(self.server.put(path, DOC_PUT_BODY), 404)
        self.assertError(self.server.execute(created["id"]), 404)
        self.assertError(self.server.get(path + "/logs"), 404)

    # -- execute & logs -----------------------------------------------------------------------

    def test_execute_documented_example(self):
        created = self.server.create_workflow(DOC_BODY)
        r = self.server.execute(created["id"])
        self.assertOk(r, 200, "workflow executed successfully")
        ex = r.json["data"]
        self.assertEqual(set(ex), EXECUTION_KEYS, ex)
        self.assertUuid(ex["id"])
        self.assertEqual(ex["workflow_id"], created["id"])
        self.assertEqual(ex["trigger_type"], "manual")
        self.assertEqual(ex["status"], "success")
        self.assertEqual(ex["triggered_by"], "user-alfin")
        self.assertIsNone(ex["error"])
        self.assertTimestamp(ex["started_at"])
        self.assertTimestamp(ex["finished_at"])
        self.assertLessEqual(ex["started_at"], ex["finished_at"])

        results = ex["node_results"]
        self.assertEqual([n["node_id"] for n in results], ["node-export", "node-telegram"])
        for res, node in zip(results, DOC_BODY["nodes"]):
            self.assertEqual(set(res), NODE_RESULT_KEYS, res)
            self.assertEqual(res["node_type"], "transform")
            self.assertEqual(res["node_name"], node["name"])
            self.assertEqual(res["status"], "success")
            self.assertIsNone(res["error"])
            self.assertTimestamp(res["started_at"])
            self.assertTimestamp(res["finished_at"])
            self.assertLessEqual(ex["started_at"], res["started_at"])
            self.assertLessEqual(res["started_at"], res["finished_at"])
            self.assertLessEqual(res["finished_at"], ex["finished_at"])
        self.assertEqual(results[0]["output"],
                         {"file_url": "/exports/fr/2025-04-29.csv", "date": "2025-04-29"})
        self.assertEqual(results[1]["output"], {
            "credential_id": "cred-tg-001",
            "file": "/exports/fr/2025-04-29.csv",
            "caption": "Laporan FR harian \u2014 2025-04-29",
        })

        logs = self.server.get(f"/api/workflows/{created['id']}/logs")
        self.assertOk(logs, 200, "success")
        self.assertEqual(logs.json["total_data"], 1)
        self.assertEqual(logs.json["data"], [ex])

    def test_logs_newest_first_with_pagination(self):
        created = self.server.create_workflow(workflow("Logs order", [transform("a", 1)]))
        path = f"/api/workflows/{created['id']}/logs"
        empty = self.server.get(path)
        self.assertOk(empty, 200, "success")
        self.assertEqual(empty.json["data"], [])
        self.assertEqual(empty.json["total_data"], 0)
        self.assertEqual(empty.json["total_page"], 0)

        ids = []
        for _ in range(5):
            r = self.server.execute(created["id"])
            self.assertOk(r, 200, "workflow executed successfully")
            ids.append(r.json["data"]["id"])
            time.sleep(0.005)
        newest_first = list(reversed(ids))

        p1 = self.server.get(path + "?limit=2")
        self.assertOk(p1, 200, "success")
        self.assertEqual(set(p1.json), {"ok", "message", "data", "limit", "current_page",
                                        "total_data", "total_page"})
        self.assertEqual((p1.json["limit"], p1.json["current_page"], p1.json["total_data"],
                          p1.json["total_page"]), (2, 1, 5, 3))
        p2 = self.server.get(path + "?limit=2&page=2")
        p3 = self.server.get(path + "?limit=2&page=3")
        p4 = self.server.get(path + "?limit=2&page=4")
        self.assertEqual(p3.json["current_page"], 3)
        got = [e["id"] for p in (p1, p2, p3) for e in p.json["data"]]
        self.assertEqual(got, newest_first)
        self.assertEqual(p4.json["data"], [])
        self.assertEqual(p4.json["total_data"], 5)
        started = [e["started_at"] for p in (p1, p2, p3) for e in p.json["data"]]
        self.assertEqual(started, sorted(started, reverse=True))

        # Defaults: page 1, limit 10.
        d = self.server.get(path)
        self.assertEqual((d.json["limit"], d.json["current_page"], d.json["total_page"]),
                         (10, 1, 1))
        self.assertEqual([e["id"] for e in d.json["data"]], newest_first)

    def test_logs_are_per_workflow(self):
        a = self.server.create_workflow(workflow("Logs A", [transform("a", 1)]))
        b = self.server.create_workflow(workflow("Logs B", [transform("b", 2)]))
        self.server.execute(a["id"])
        self.server.execute(a["id"])
        self.server.execute(b["id"])
        la = self.server.get(f"/api/workflows/{a['id']}/logs").json
        lb = self.server.get(f"/api/workflows/{b['id']}/logs").json
        self.assertEqual(la["total_data"], 2)
        self.assertEqual(lb["total_data"], 1)
        self.assertTrue(all(e["workflow_id"] == a["id"] for e in la["data"]))
        self.assertEqual(lb["data"][0]["workflow_id"], b["id"])

    def test_execute_inactive_workflow_still_runs(self):
        created = self.server.create_workflow(
            workflow("Inactive", [transform("a", {"ok": 1})], is_active=False))
        r = self.server.execute(created["id"])
        self.assertOk(r, 200, "workflow executed successfully")
        self.assertEqual(r.json["data"]["status"], "success")
        self.assertEqual(r.json["data"]["node_results"][0]["output"], {"ok": 1})

    def test_healthz_and_request_id(self):
        r = self.server.request("GET", "/healthz", token=None)
        self.assertEqual(r.status, 200)
        self.assertIs(r.json["ok"], True)
        r2 = self.server.get("/api/workflows", headers={"X-Request-Id": "bb-test-123"})
        self.assertEqual(r2.header("X-Request-Id"), "bb-test-123")
