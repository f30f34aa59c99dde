"""One FHIR R4 server, as TigerBridge uses it.

Reads and searches go through fhirclient, the maintained SMART-on-FHIR client. It is
synchronous and cannot send ``If-None-Exist``, post a transaction to the base URL or call
``$validate`` with a resource body, so those go through httpx directly.
"""
from __future__ import annotations

import functools
import json
from typing import Any

import httpx
import requests
from fhirclient import client as fhir_client

from integrations.fhir.errors import FhirError, FhirNotFound, FhirRejected, FhirUnavailable

FHIR_JSON = "application/fhir+json"


def outcome_text(outcome: dict | None) -> str:
    if not outcome or outcome.get("resourceType") != "OperationOutcome":
        return ""
    parts = []
    for issue in outcome.get("issue", []):
        where = ",".join(issue.get("expression") or issue.get("location") or [])
        text = issue.get("diagnostics") or issue.get("details", {}).get("text", "")
        parts.append(f"{issue.get('severity')}: {text}" + (f" at {where}" if where else ""))
    return "; ".join(parts)


class FhirServer:
    """A FHIR server at ``base_url``; every method raises a ``FhirError`` subclass on failure."""

    def __init__(self, base_url: str, *, timeout_s: float = 60.0, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Accept": FHIR_JSON}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=self.base_url + "/", timeout=timeout_s, headers=headers)
        self._reader = fhir_client.FHIRClient(
            settings={"app_id": "tigerbridge", "api_base": self.base_url + "/"}
        )
        session = self._reader.server.session
        # fhirclient sends its requests without a timeout, so a stalled server would hang a
        # worker for ever; requests has no session-wide default, hence the partial.
        session.request = functools.partial(session.request, timeout=timeout_s)
        if token:
            session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "FhirServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_json(self, path: str) -> dict:
        """GET a resource or search (``Patient/123``, ``Condition?patient=...``) as JSON."""
        try:
            return self._reader.server.request_json(path)
        except requests.HTTPError as exc:
            response = exc.response
            status = response.status_code if response is not None else 0
            outcome = _json_or_none(response.text if response is not None else "")
            if status == 404 or status == 410:
                raise FhirNotFound(f"{path}: not found", status, outcome) from exc
            if status == 429 or status >= 500:
                raise FhirUnavailable(f"{path}: server answered {status}") from exc
            raise FhirRejected(f"{path}: {status} {outcome_text(outcome)}", status, outcome) from exc
        except requests.RequestException as exc:
            raise FhirUnavailable(f"{path}: {exc}") from exc

    def search_all(self, path: str, *, max_pages: int = 20) -> list[dict]:
        """Every resource a search matches, following ``next`` links."""
        resources: list[dict] = []
        bundle = self.read_json(path)
        for _ in range(max_pages):
            resources += [e["resource"] for e in bundle.get("entry", []) if "resource" in e]
            nxt = next((link["url"] for link in bundle.get("link", []) if link.get("relation") == "next"), None)
            if not nxt:
                break
            bundle = self._request("GET", nxt)
        return resources

    def capability(self) -> dict:
        return self._request("GET", "metadata")

    def create(self, resource: dict, *, if_none_exist: str | None = None) -> dict:
        headers = {"If-None-Exist": if_none_exist} if if_none_exist else {}
        return self._request("POST", resource["resourceType"], body=resource, headers=headers)

    def delete(self, path: str) -> dict | None:
        return self._request("DELETE", path)

    def transaction(self, bundle: dict) -> dict:
        """POST a transaction or batch Bundle to the base URL; returns the response Bundle."""
        return self._request("POST", "", body=bundle)

    def validate(self, resource: dict, *, profile: str | None = None) -> dict:
        """``$validate`` a resource; returns the OperationOutcome whatever its verdict.

        HAPI answers 412 when the resource has errors and 400 when it cannot even parse it
        (a malformed date); both carry the OperationOutcome and are verdicts, not failures.
        """
        path = f"{resource['resourceType']}/$validate"
        if profile:
            path += f"?profile={profile}"
        outcome = self._request("POST", path, body=resource, accept_statuses=(400, 412, 422))
        if not isinstance(outcome, dict) or outcome.get("resourceType") != "OperationOutcome":
            # A proxy's error page is no verdict: treating it as "no issues" would let an
            # unchecked bundle through.
            raise FhirRejected(f"POST {path}: the answer is not an OperationOutcome", 0, None)
        return outcome

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        headers: dict | None = None,
        accept_statuses: tuple[int, ...] = (),
    ) -> Any:
        hdrs = dict(headers or {})
        if body is not None:
            hdrs["Content-Type"] = FHIR_JSON
        try:
            response = self._http.request(method, path, json=body, headers=hdrs)
        except httpx.TimeoutException as exc:
            raise FhirUnavailable(f"{method} {path}: timed out") from exc
        except httpx.TransportError as exc:
            raise FhirUnavailable(f"{method} {path}: {exc}") from exc
        answer = _json_or_none(response.text)
        status = response.status_code
        if status < 400 or status in accept_statuses:
            return answer
        if status == 429 or status >= 500:
            raise FhirUnavailable(f"{method} {path}: server answered {status} {outcome_text(answer)}")
        if status in (404, 410):
            raise FhirNotFound(f"{method} {path}: not found", status, answer)
        raise FhirRejected(f"{method} {path}: {status} {outcome_text(answer)}", status, answer)


def _json_or_none(text: str) -> dict | None:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


__all__ = ["FhirServer", "FhirError", "FhirUnavailable", "FhirRejected", "FhirNotFound"]
