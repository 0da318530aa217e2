"""The directory's Elasticsearch requests sent over plain HTTP to the search node of the tests.

``make elasticsearch`` runs a real OpenSearch 2.19 node (Elasticsearch 8's modules are not on
Maven Central); the Elasticsearch client refuses any product but Elasticsearch, so these tests
send the very bodies the backend builds (``search.directory.backends.elasticsearch``) as JSON over HTTP,
with the same method signatures as its ``ClientEngine``. Against a real Elasticsearch node the
fixture uses ``ClientEngine`` itself.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

import urllib3
from elasticsearch.serializer import JsonSerializer

from search.directory.backends.base import SearchUnavailable

NODE_URL_VARIABLE = "SEARCH_NODE_URL"


_json = JsonSerializer()  # how the Elasticsearch client writes bodies (dates, UUIDs, decimals)


def node_url() -> str:
    return os.environ.get(NODE_URL_VARIABLE, "").rstrip("/")


class EngineError(Exception):
    def __init__(self, status: int, body):
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


class HttpEngine:
    def __init__(self, url: str, timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.http = urllib3.PoolManager(maxsize=16, retries=False, timeout=urllib3.Timeout(total=timeout))

    # --- plain requests --------------------------------------------------------------------
    def request(self, method: str, path: str, body=None, ndjson: list[dict] | None = None, ok=(200, 201)):
        headers = {}
        data = None
        if ndjson is not None:
            data = b"".join(_json.dumps(line) + b"\n" for line in ndjson)
            headers["Content-Type"] = "application/x-ndjson"
        elif body is not None:
            data = _json.dumps(body)
            headers["Content-Type"] = "application/json"
        response = self.http.request(method, self.url + path, body=data, headers=headers)
        answer = json.loads(response.data) if response.data else None
        if response.status not in ok:
            raise EngineError(response.status, answer)
        return answer

    def product(self) -> tuple[str, str]:
        """(distribution, version) of the node: ("elasticsearch", "8.x") or ("opensearch", "2.19.6")."""
        response = self.http.request("GET", self.url + "/")
        version = json.loads(response.data)["version"]
        return version.get("distribution", "elasticsearch"), version["number"]

    # --- what ClientEngine offers ------------------------------------------------------------
    def msearch(self, index: str, bodies: list[dict]) -> list[dict]:
        lines = []
        for body in bodies:
            lines += [{"index": index}, body]
        try:
            answer = self.request("POST", "/_msearch", ndjson=lines)
        except (urllib3.exceptions.HTTPError, EngineError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        from search.directory.backends.elasticsearch import _responses

        return _responses(answer)

    def bulk(self, actions: list[dict], require_alias: bool = False) -> None:
        lines = []
        for action in actions:
            lines += [{"index": {"_index": action["_index"], "_id": action["_id"]}}, action["_source"]]
        path = "/_bulk?require_alias=true" if require_alias else "/_bulk"
        answer = self.request("POST", path, ndjson=lines)
        if answer["errors"]:
            failed = [item["index"] for item in answer["items"] if "error" in item["index"]]
            raise EngineError(400, failed[:3])

    def delete(self, index: str, doc_id: str) -> None:
        self.request("DELETE", f"/{quote(index)}/_doc/{quote(doc_id)}", ok=(200, 404))

    def create_index(self, name: str, body: dict) -> None:
        self.request("PUT", f"/{quote(name)}", body)

    def refresh(self, index: str) -> None:
        self.request("POST", f"/{quote(index)}/_refresh")

    def indices_of(self, alias: str) -> list[str]:
        answer = self.request("GET", f"/_alias/{quote(alias)}", ok=(200, 404))
        return sorted(name for name in answer if name not in ("error", "status")) if answer else []

    def update_aliases(self, actions: list[dict]) -> None:
        self.request("POST", "/_aliases", {"actions": actions})

    def delete_index(self, name: str) -> None:
        self.request("DELETE", f"/{quote(name)}", ok=(200, 404))

    # --- for the tests -------------------------------------------------------------------------
    def analyze(self, index: str, analyzer: str, text: str) -> list[str]:
        answer = self.request("POST", f"/{quote(index)}/_analyze", {"analyzer": analyzer, "text": text})
        return [token["token"] for token in answer["tokens"]]

    def search(self, index: str, body: dict) -> dict:
        return self.request("POST", f"/{quote(index)}/_search", body)

    def delete_matching(self, pattern: str) -> None:
        for name in self.request("GET", f"/_cat/indices/{quote(pattern)}?format=json&h=index", ok=(200, 404)) or []:
            self.delete_index(name["index"])
