"""REST-hook Subscriptions on DocumentReference reach an HTTP receiver, in both of HAPI's
delivery forms: an empty POST (no payload) and ``PUT {endpoint}/DocumentReference/{id}``."""
from __future__ import annotations

import base64
import json
import http.server
import queue
import threading
import time

import pytest

from integrations.fhir.server import FhirServer

pytestmark = pytest.mark.servers


class _Receiver(http.server.BaseHTTPRequestHandler):
    deliveries: "queue.Queue[tuple[str, str, dict, bytes, float]]"

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.deliveries.put((self.command, self.path, dict(self.headers), body, time.monotonic()))
        self.send_response(200)
        self.end_headers()

    do_POST = _record
    do_PUT = _record

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def receiver():
    deliveries: queue.Queue = queue.Queue()
    handler = type("Handler", (_Receiver,), {"deliveries": deliveries})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", deliveries
    server.shutdown()


def _subscribe(fhir: FhirServer, endpoint: str, unique: str, *, payload: bool) -> dict:
    channel = {
        "type": "rest-hook",
        "endpoint": endpoint,
        "header": [f"X-TigerBridge-Secret: s3cret-{unique}"],
    }
    if payload:
        channel["payload"] = "application/fhir+json"
    sub = fhir.create(
        {
            "resourceType": "Subscription",
            "status": "requested",
            "reason": "test",
            "criteria": f"DocumentReference?identifier=urn:tigerbridge:test-sub|{unique}",
            "channel": channel,
        }
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if fhir.read_json(f"Subscription/{sub['id']}").get("status") == "active":
            return sub
        time.sleep(0.5)
    pytest.fail(f"Subscription/{sub['id']} never became active")


def _document(patient_id: str, unique: str) -> dict:
    note = "HPI: 58 yo F with cough x 3 days."
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "identifier": [{"system": "urn:tigerbridge:test-sub", "value": unique}],
        "subject": {"reference": f"Patient/{patient_id}"},
        "content": [
            {"attachment": {"contentType": "text/plain", "data": base64.b64encode(note.encode()).decode()}}
        ],
    }


def _first(deliveries: queue.Queue, timeout: float = 60) -> tuple:
    try:
        return deliveries.get(timeout=timeout)
    except queue.Empty:
        pytest.fail("no notification delivered")


def test_rest_hook_without_payload_posts_an_empty_body(fhir, receiver, patient, unique) -> None:
    endpoint, deliveries = receiver
    sub = _subscribe(fhir, endpoint, unique, payload=False)
    try:
        fhir.create(_document(patient["id"], unique))
        method, path, headers, body, _ = _first(deliveries)
        assert method == "POST"
        assert path == "/hook"
        assert body == b""
        assert headers.get("X-TigerBridge-Secret") == f"s3cret-{unique}"
    finally:
        fhir.delete(f"Subscription/{sub['id']}")


def test_rest_hook_with_payload_puts_the_resource(fhir, receiver, patient, unique) -> None:
    endpoint, deliveries = receiver
    sub = _subscribe(fhir, endpoint, unique, payload=True)
    try:
        created = fhir.create(_document(patient["id"], unique))
        method, path, headers, body, _ = _first(deliveries)
        assert method == "PUT"
        assert path == f"/hook/DocumentReference/{created['id']}"
        resource = json.loads(body)
        assert resource["resourceType"] == "DocumentReference"
        assert resource["identifier"][0]["value"] == unique
        assert headers.get("X-TigerBridge-Secret") == f"s3cret-{unique}"
    finally:
        fhir.delete(f"Subscription/{sub['id']}")
