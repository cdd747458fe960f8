"""A tenant of the local backend for the benchmark scripts: a new user signs up through the local identity
provider (POST /local/auth/token), creates the tenant, and holds a token for it."""
import time
import uuid

import requests


class LocalTenant:
    def __init__(self, base, label):
        self.base = base
        self.session = requests.Session()
        self.email = f"{label.lower().replace(' ', '-')}-{uuid.uuid4().hex[:8]}@example.test"
        token = self.session.post(f"{base}/local/auth/token", json={"email": self.email}).json()["token"]
        created = self.session.post(f"{base}/v1/tenants", json={"name": label},
                                    headers={"authorization": f"Bearer {token}"})
        created.raise_for_status()
        self.tenant_id = created.json()["id"]
        self.token = self.session.post(f"{base}/local/auth/token",
                                       json={"email": self.email, "tenantId": self.tenant_id}).json()["token"]
        self.auth = {"authorization": f"Bearer {self.token}"}
        self.throttled = 0

    def call(self, method, path, **kwargs):
        """One API call as the tenant's owner; a 429 or 503 waits its Retry-After and asks again (429s counted)."""
        while True:
            answer = self.session.request(method, self.base + path, headers=self.auth, timeout=30, **kwargs)
            if answer.status_code not in (429, 503):
                return answer
            self.throttled += answer.status_code == 429
            time.sleep(float(answer.headers.get("Retry-After", "1")))
