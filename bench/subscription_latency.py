"""REST-hook delivery latency of the local HAPI server: DocumentReference create to receipt.

Run with ``.venv/bin/python -m bench.subscription_latency`` while HAPI is up (``make services``).
It subscribes a local receiver in both of HAPI's forms (empty POST, and PUT with the
resource), creates matching DocumentReferences one at a time and prints each latency and
the median. The server's delivery interval (``setSubscriptionIntervalInMs``) sets the floor.
"""
from __future__ import annotations

import argparse
import http.server
import queue
import statistics
import sys
import threading
import time
import uuid

from integrations.fhir.server import FhirServer
from integrations.settings import get_settings


def _receiver() -> tuple[str, queue.Queue, http.server.ThreadingHTTPServer]:
    arrivals: queue.Queue = queue.Queue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _arrive(self) -> None:
            arrivals.put(time.monotonic())
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.end_headers()

        do_POST = do_PUT = _arrive

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hook", arrivals, server


def _measure(fhir: FhirServer, payload: bool, samples: int) -> list[float]:
    endpoint, arrivals, receiver = _receiver()
    tag = uuid.uuid4().hex[:10]
    channel = {"type": "rest-hook", "endpoint": endpoint}
    if payload:
        channel["payload"] = "application/fhir+json"
    sub = fhir.create({"resourceType": "Subscription", "status": "requested", "reason": "latency",
                       "criteria": f"DocumentReference?identifier=urn:tigerbridge:bench|{tag}", "channel": channel})
    while fhir.read_json(f"Subscription/{sub['id']}").get("status") != "active":
        time.sleep(0.2)
    latencies = []
    try:
        for _ in range(samples):
            document = {"resourceType": "DocumentReference", "status": "current",
                        "identifier": [{"system": "urn:tigerbridge:bench", "value": tag}],
                        "content": [{"attachment": {"contentType": "text/plain", "data": "bm90ZQ=="}}]}
            sent = time.monotonic()
            fhir.create(document)
            latencies.append(arrivals.get(timeout=60) - sent)
    finally:
        fhir.delete(f"Subscription/{sub['id']}")
        receiver.shutdown()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    with FhirServer(get_settings().fhir_base_url) as fhir:
        for payload in (False, True):
            latencies = _measure(fhir, payload, args.samples)
            form = "PUT with payload" if payload else "empty POST"
            shown = ", ".join(f"{x:.2f}" for x in latencies)
            print(f"{form:<17} median {statistics.median(latencies):.2f} s  samples [{shown}] s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
