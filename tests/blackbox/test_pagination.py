"""List pagination and search on a server with a known set of workflows."""

import urllib.parse

from harness import ServerTestCase, transform, workflow

BATCH = 25
# Names that tell a literal search apart from a LIKE pattern.
SPECIAL_NAMES = ["Rate 100% Done", "Rate 1000 Done", "under_score", "underXscore",
                 "MiXeD CaSe Report", "Laporan \u00c9t\u00e9 Ekspor"]


class PaginationTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {}
        for i in range(1, BATCH + 1):
            name = f"Batch {i:02d}"
            cls.ids[name] = cls.server.create_workflow(workflow(name, [transform("a", i)]))["id"]
        for name in SPECIAL_NAMES:
            cls.ids[name] = cls.server.create_workflow(workflow(name, [transform("a", 0)]))["id"]
        cls.total = BATCH + len(SPECIAL_NAMES)

    def page(self, **query):
        r = self.server.get("/api/workflows?" + urllib.parse.urlencode(query))
        self.assertOk(r, 200, "success")
        return r.json

    def names(self, **query):
        return sorted(w["name"] for w in self.page(**query)["data"])

    def test_default_page(self):
        p = self.page()
        self.assertEqual((p["limit"], p["current_page"], p["total_data"], p["total_page"]),
                         (10, 1, self.total, -(-self.total // 10)))
        self.assertEqual(len(p["data"]), 10)

    def test_page_math(self):
        seen = []
        for page, expected_len in ((1, 10), (2, 10), (3, 5)):
            p = self.page(search="batch", limit=10, page=page)
            self.assertEqual((p["limit"], p["current_page"], p["total_data"], p["total_page"]),
                             (10, page, BATCH, 3))
            self.assertEqual(len(p["data"]), expected_len)
            seen += [w["id"] for w in p["data"]]
        # Pages neither overlap nor leave anything out.
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), {self.ids[f"Batch {i:02d}"] for i in range(1, BATCH + 1)})

    def test_other_limits(self):
        for limit, pages in ((1, 25), (7, 4), (24, 2), (25, 1), (26, 1), (100, 1)):
            with self.subTest(limit=limit):
                p = self.page(search="Batch", limit=limit)
                self.assertEqual((p["limit"], p["total_data"], p["total_page"]),
                                 (limit, BATCH, pages))
                self.assertEqual(len(p["data"]), min(limit, BATCH))
        last = self.page(search="Batch", limit=7, page=4)
        self.assertEqual(len(last["data"]), 4)

    def test_page_beyond_end_is_empty(self):
        for page in (4, 1000):
            with self.subTest(page=page):
                p = self.page(search="Batch", page=page)
                self.assertEqual(p["data"], [])
                self.assertEqual((p["current_page"], p["total_data"], p["total_page"]),
                                 (page, BATCH, 3))

    def test_search_partial_case_insensitive(self):
        self.assertEqual(self.page(search="bAtCh")["total_data"], BATCH)
        self.assertEqual(self.names(search="batch 0", limit=100),
                         [f"Batch {i:02d}" for i in range(1, 10)])
        self.assertEqual(self.names(search="ATCH 1", limit=100),
                         [f"Batch {i:02d}" for i in range(10, 20)])
        self.assertEqual(self.names(search="mixed case"), ["MiXeD CaSe Report"])
        self.assertEqual(self.names(search="ed cAsE rep"), ["MiXeD CaSe Report"])
        none = self.page(search="no workflow has this name")
        self.assertEqual((none["data"], none["total_data"], none["total_page"]), ([], 0, 0))

    def test_search_non_ascii(self):
        self.assertEqual(self.names(search="\u00c9t\u00e9"), ["Laporan \u00c9t\u00e9 Ekspor"])
        self.assertEqual(self.names(search="LAPORAN \u00c9"), ["Laporan \u00c9t\u00e9 Ekspor"])

    def test_search_wildcards_are_literal(self):
        self.assertEqual(self.names(search="%"), ["Rate 100% Done"])
        self.assertEqual(self.names(search="100%"), ["Rate 100% Done"])
        self.assertEqual(self.names(search="0% D"), ["Rate 100% Done"])
        self.assertEqual(self.names(search="_"), ["under_score"])
        self.assertEqual(self.names(search="r_s"), ["under_score"])
        self.assertEqual(self.names(search="Rate 10_0"), [])
        self.assertEqual(self.page(search="\\")["total_data"], 0)
        self.assertEqual(self.page(search="\\%")["total_data"], 0)

    def test_empty_search_lists_everything(self):
        self.assertEqual(self.page(search="")["total_data"], self.total)

    def test_plus_and_percent_encoding_in_query(self):
        # '+' in a query string is a space; %25 is '%'.
        r = self.server.get("/api/workflows?search=Rate+100%25")
        self.assertOk(r, 200, "success")
        self.assertEqual([w["name"] for w in r.json["data"]], ["Rate 100% Done"])

    def test_bad_page_and_limit(self):
        cases = [("page", "0"), ("page", "-1"), ("page", "abc"), ("page", "1.5"),
                 ("page", " 1"), ("page", "1e2"),
                 ("limit", "0"), ("limit", "-1"), ("limit", "abc"), ("limit", "101"),
                 ("limit", "1.5"), ("limit", "99999999999999999999")]
        for name, value in cases:
            for path in ("/api/workflows", f"/api/workflows/{self.ids['Batch 01']}/logs"):
                with self.subTest(path=path, name=name, value=value):
                    r = self.server.get(path + "?" + urllib.parse.urlencode({name: value}))
                    self.assertError(r, 400, fields=[name])

    def test_limit_bounds_accepted(self):
        self.assertEqual(self.page(limit=1)["limit"], 1)
        p = self.page(limit=100)
        self.assertEqual(p["limit"], 100)
        self.assertEqual(len(p["data"]), self.total)

    def test_search_too_long(self):
        r = self.server.get("/api/workflows?search=" + "a" * 201)
        self.assertError(r, 400, fields=["search"])
