"""Concurrency: many executes at once all succeed and are all recorded."""

import threading

from harness import ServerTestCase, transform, workflow

BURST = 200


class ConcurrentExecuteTest(ServerTestCase):

    def test_burst_of_concurrent_executes(self):
        wf = self.server.create_workflow(workflow("Burst", [
            transform("a", {"n": "{{trigger.body.n}}"}),
            transform("b", {"n": "{{prev.body.n}}", "run": "{{execution.id}}"})]))
        results = [None] * BURST
        barrier = threading.Barrier(BURST, timeout=30)

        def call(i):
            try:
                barrier.wait()
                results[i] = self.server.execute(wf["id"], {"n": i}, timeout=60)
            except Exception as e:  # reported below
                results[i] = e

        threads = [threading.Thread(target=call, args=(i,), daemon=True) for i in range(BURST)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        self.assertFalse(any(t.is_alive() for t in threads), "some executes never returned")

        ids = set()
        for i, r in enumerate(results):
            with self.subTest(i=i):
                self.assertNotIsInstance(r, Exception, r)
                self.assertEqual(r.status, 200, r)
                ex = r.json["data"]
                self.assertEqual(ex["status"], "success", ex)
                self.assertEqual(ex["node_results"][1]["output"], {"n": i, "run": ex["id"]})
                ids.add(ex["id"])
        self.assertEqual(len(ids), BURST)

        path = f"/api/workflows/{wf['id']}/logs?limit=100"
        p1 = self.server.get(path + "&page=1")
        p2 = self.server.get(path + "&page=2")
        p3 = self.server.get(path + "&page=3")
        self.assertEqual(p1.json["total_data"], BURST)
        self.assertEqual(p1.json["total_page"], 2)
        listed = [e["id"] for p in (p1, p2) for e in p.json["data"]]
        self.assertEqual(len(listed), BURST)
        self.assertEqual(set(listed), ids)
        self.assertEqual(p3.json["data"], [])
        self.assertTrue(all(e["status"] == "success" for p in (p1, p2) for e in p.json["data"]))

    def test_concurrent_creates_are_all_stored(self):
        before = self.server.total_workflows()
        n = 50
        out = [None] * n

        def create(i):
            try:
                out[i] = self.server.post("/api/workflows",
                                          workflow(f"Concurrent {i}", [transform("a", i)]))
            except Exception as e:
                out[i] = e

        threads = [threading.Thread(target=create, args=(i,), daemon=True) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertTrue(all(getattr(r, "status", None) == 201 for r in out), out)
        self.assertEqual(len({r.json["data"]["id"] for r in out}), n)
        self.assertEqual(self.server.total_workflows(), before + n)
