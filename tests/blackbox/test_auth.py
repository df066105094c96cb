"""Bearer JWT authentication on every /api/ route."""

import hashlib
import hmac
import time

from harness import ServerTestCase, b64url, make_jwt, transform, workflow

FOREIGN_KEY = b"f" * 64  # a well-formed key the server does not use


class AuthTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wf = cls.server.create_workflow(workflow("Auth target", [transform("a", {"v": 1})]))
        key = cls.server.jwt_key()
        now = int(time.time())
        good_claims = {"sub": "user-alfin", "role": "admin", "iat": now, "exp": now + 3600}
        cls.bad_tokens = {
            "other key": make_jwt(good_claims, FOREIGN_KEY),
            "expired": make_jwt(dict(good_claims, iat=now - 7200, exp=now - 60), key),
            "alg none": make_jwt(good_claims, b"", alg="none",
                                 header={"alg": "none", "typ": "JWT"}),
            "alg none with our signature": make_jwt(good_claims, key, alg="HS256",
                                                    header={"alg": "none", "typ": "JWT"}),
            "HS512 same key": make_jwt(good_claims, key, alg="HS512"),
            "HS384 same key": make_jwt(good_claims, key, alg="HS384"),
            "no exp": make_jwt({"sub": "user-alfin", "iat": now}, key),
            "no sub": make_jwt({"role": "admin", "iat": now, "exp": now + 3600}, key),
            "not yet valid": make_jwt(dict(good_claims, nbf=now + 3600), key),
        }
        valid = make_jwt(good_claims, key)
        head, payload, sig = valid.split(".")
        tampered_payload = make_jwt(dict(good_claims, sub="user-mallory"), key).split(".")[1]
        cls.bad_tokens["tampered payload"] = f"{head}.{tampered_payload}.{sig}"
        cls.bad_tokens["signature stripped"] = f"{head}.{payload}."
        cls.bad_headers = {
            "missing": None,
            "Basic": "Basic dXNlcjpwYXNz",
            "Bearer only": "Bearer",
            "Bearer empty": "Bearer ",
            "Bearer garbage": "Bearer garbage",
            "Bearer three garbage parts": "Bearer a.b.c",
            "token without scheme": cls.server.token,
        }
        for label, token in cls.bad_tokens.items():
            cls.bad_headers[label] = "Bearer " + token

    def routes(self):
        wid = self.wf["id"]
        body = workflow("Auth target changed", [transform("a", {"v": 2})])
        return [
            ("GET", "/api/workflows", None),
            ("POST", "/api/workflows", body),
            ("GET", f"/api/workflows/{wid}", None),
            ("PUT", f"/api/workflows/{wid}", body),
            ("DELETE", f"/api/workflows/{wid}", None),
            ("POST", f"/api/workflows/{wid}/execute", None),
            ("GET", f"/api/workflows/{wid}/logs", None),
            # Unknown ids must not leak a 404 before authentication.
            ("GET", "/api/workflows/00000000-0000-4000-8000-000000000000", None),
            ("GET", "/api/workflows/not-a-uuid", None),
        ]

    def test_bad_credentials_rejected_on_every_route(self):
        before = self.server.total_workflows()
        for label, header in self.bad_headers.items():
            for method, path, body in self.routes():
                with self.subTest(auth=label, method=method, path=path):
                    headers = {} if header is None else {"Authorization": header}
                    r = self.server.request(method, path, body=body, headers=headers, token=None)
                    self.assertError(r, 401)
                    challenge = r.header("WWW-Authenticate") or ""
                    self.assertTrue(challenge.lower().startswith("bearer"), challenge)
        # Nothing was created, changed, deleted or run.
        self.assertEqual(self.server.total_workflows(), before)
        g = self.server.get(f"/api/workflows/{self.wf['id']}")
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json["data"], self.wf)
        logs = self.server.get(f"/api/workflows/{self.wf['id']}/logs")
        self.assertEqual(logs.json["total_data"], 0, logs)

    def test_unparseable_claims_are_401_not_500(self):
        # Valid JSON syntax whose number overflows a double, in the claims or in the header,
        # correctly signed with the server's key: still just a bad token.
        key = self.server.jwt_key()
        good_header = b'{"alg":"HS256","typ":"JWT"}'
        valid_claims = ('{"sub":"user-alfin","exp":%d}' % (int(time.time()) + 3600)).encode()
        cases = {
            "exp overflows": (good_header, b'{"sub":"user-alfin","exp":1e400}'),
            "other claim overflows": (good_header,
                                      b'{"sub":"user-alfin","exp":4000000000,"n":-1e999}'),
            "header overflows": (b'{"alg":"HS256","typ":"JWT","n":1e400}', valid_claims),
        }
        for label, (header, payload) in cases.items():
            with self.subTest(case=label):
                signing_input = b64url(header) + "." + b64url(payload)
                sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
                r = self.server.get("/api/workflows", token=signing_input + "." + b64url(sig))
                self.assertError(r, 401)

    def test_healthz_needs_no_token(self):
        r = self.server.request("GET", "/healthz", token=None)
        self.assertEqual(r.status, 200, r)
        r = self.server.request("GET", "/healthz", headers={"Authorization": "Bearer garbage"},
                                token=None)
        self.assertEqual(r.status, 200, r)

    def test_cli_token_works(self):
        r = self.server.get("/api/workflows")
        self.assertOk(r, 200, "success")

    def test_scheme_is_case_insensitive(self):
        r = self.server.request("GET", "/api/workflows",
                                headers={"Authorization": "bearer " + self.server.token},
                                token=None)
        self.assertOk(r, 200, "success")

    def test_hand_made_token_with_server_key_works_and_sets_triggered_by(self):
        now = int(time.time())
        token = make_jwt({"sub": "user-budi", "exp": now + 600}, self.server.jwt_key())
        wf = self.server.create_workflow(workflow("Auth subject", [transform("a", 1)]))
        r = self.server.execute(wf["id"], token=token)
        self.assertOk(r, 200, "workflow executed successfully")
        self.assertEqual(r.json["data"]["triggered_by"], "user-budi")
        r = self.server.execute(wf["id"])
        self.assertEqual(r.json["data"]["triggered_by"], "user-alfin")

    def test_cli_token_for_other_subject(self):
        token = self.server.mint_cli_token(sub="user-citra", role="viewer", ttl="5m")
        wf = self.server.create_workflow(workflow("CLI subject", [transform("a", 1)]))
        r = self.server.execute(wf["id"], token=token)
        self.assertOk(r, 200, "workflow executed successfully")
        self.assertEqual(r.json["data"]["triggered_by"], "user-citra")

    def test_zz_tokens_never_logged(self):
        # Runs last in this class (alphabetical order): by now every token has been sent.
        self.server.get("/api/workflows")
        self.server.request("GET", "/api/workflows",
                            headers={"Authorization": "Bearer " + self.bad_tokens["expired"]},
                            token=None)
        time.sleep(0.3)  # the access log line is written just after the answer
        log = self.server.log_text()
        self.assertIn("event=request", log)  # the log is really being captured
        secrets = {"cli token": self.server.token,
                   "jwt key": self.server.jwt_key().decode()}
        secrets.update(self.bad_tokens)
        for label, secret in secrets.items():
            with self.subTest(secret=label):
                self.assertNotIn(secret, log)
                # Not even the signature part on its own.
                sig = secret.split(".")[-1]
                if len(sig) > 16:
                    self.assertNotIn(sig, log)
