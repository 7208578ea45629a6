"""Creates, or finds from an earlier run, what the suite needs on the Octavia API: a load balancer on a subnet
and two HTTP pools on it, each waited for until ACTIVE. Prints the suite's target settings as shell
assignments (TARGET_URL=..., one a line) for the runner to eval.

    python3 seed.py --url http://127.0.0.1:9876

With noauth, creating a load balancer needs only an X-Project-Id header; pools and members take their project
from the load balancer. The no-op network driver accepts any subnet id, so the subnet is a fixed UUID, and the
suite's addresses come from TEST-NET-1 (RFC 5737).
"""

import argparse
import json
import shlex
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PROJECT_ID = "conformance-project"
SUBNET_ID = "5c8b1e2a-1f0e-4d7b-9c4e-0a1b2c3d4e5f"
SUBNET_CIDR = "192.0.2.0/24"
ADDRESS_CIDR = "192.0.2.0/26"
LOAD_BALANCER = "conformance-lb"
POOLS = ("conformance-pool", "conformance-pool-2")
GONE = ("DELETED", "PENDING_DELETE", "ERROR")


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
                "X-Project-Id": PROJECT_ID,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            raise SystemExit(f"seed: {method} {path} answered {error.code}: {error.read()[:500]!r}")

    def find(self, collection, key, **query):
        """The first object of `collection` with these attributes that is not on its way out, or None."""
        listing = self.call("GET", f"/v2.0/lbaas/{collection}?{urllib.parse.urlencode(query)}")
        alive = [item for item in listing[key] if item["provisioning_status"] not in GONE]
        return alive[0] if alive else None

    def wait_active(self, collection, key, object_id, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            status = self.call("GET", f"/v2.0/lbaas/{collection}/{object_id}")[key]["provisioning_status"]
            if status == "ACTIVE":
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"seed: {key} {object_id} still {status} after {timeout} s")
            time.sleep(0.1)


def load_balancer(api):
    found = api.find("loadbalancers", "loadbalancers", name=LOAD_BALANCER, project_id=PROJECT_ID)
    if found:
        lb_id = found["id"]
    else:
        body = {"loadbalancer": {"name": LOAD_BALANCER, "vip_subnet_id": SUBNET_ID}}
        lb_id = api.call("POST", "/v2.0/lbaas/loadbalancers", body)["loadbalancer"]["id"]
    api.wait_active("loadbalancers", "loadbalancer", lb_id)
    return lb_id


def pool(api, lb_id, name):
    found = api.find("pools", "pools", name=name, loadbalancer_id=lb_id)
    if found:
        return found["id"]
    body = {
        "pool": {
            "name": name,
            "loadbalancer_id": lb_id,
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
        }
    }
    pool_id = api.call("POST", "/v2.0/lbaas/pools", body)["pool"]["id"]
    # A write makes the load balancer busy; the next one waits until it has settled.
    api.wait_active("pools", "pool", pool_id)
    api.wait_active("loadbalancers", "loadbalancer", lb_id)
    return pool_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    api = Api(parser.parse_args().url)
    lb_id = load_balancer(api)
    pool_ids = [pool(api, lb_id, name) for name in POOLS]
    print(f"seed: load balancer {lb_id}, pools {' and '.join(pool_ids)}", file=sys.stderr)
    target = {
        "TARGET_URL": api.url,
        "TARGET_PROFILE": "octavia",
        "TARGET_PROJECT_ID": PROJECT_ID,
        "TARGET_V2_POOL_ID": pool_ids[0],
        "TARGET_V2_OTHER_POOL_ID": pool_ids[1],
        "TARGET_V2_SUBNET_ID": SUBNET_ID,
        "TARGET_V2_SUBNET_CIDR": SUBNET_CIDR,
        "TARGET_V2_ADDRESS_CIDR": ADDRESS_CIDR,
    }
    for name, value in target.items():
        print(f"{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
