"""Wagtail's ``elasticsearch8`` search backend with its requests sent over plain HTTP.

Everything but the transport is Wagtail's own class: the index settings and analyzers, the
mappings, the documents, the query compiler, the facet aggregation, the count, the results'
parsing and the atomic rebuild with its alias. ``NodeClient`` offers the few methods of the
Elasticsearch client that backend calls, with the same keywords, and sends each body unchanged
to the search node of the tests (``make elasticsearch``), which the Elasticsearch client would
refuse to talk to because it is OpenSearch (see ``tests/search/engine.py``).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import elasticsearch
from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from ..engine import EngineError, HttpEngine

URL_PARAMS = {"scroll", "stored_fields", "docvalue_fields", "request_timeout"}


class NotFoundError(elasticsearch.NotFoundError):
    """What Wagtail's backend catches for a missing index or document (the client's class)."""

    def __init__(self, what: str):
        Exception.__init__(self, what)
        self.what = what

    def __str__(self) -> str:
        return f"not found: {self.what}"


class _Indices:
    def __init__(self, http: HttpEngine):
        self.http = http

    def create(self, index, **body):
        self.http.request("PUT", f"/{quote(index)}", body)

    def delete(self, index):
        try:
            self.http.request("DELETE", f"/{quote(index)}")
        except EngineError as exc:
            if exc.status == 404:
                raise NotFoundError(index) from exc
            raise

    def refresh(self, index):
        self.http.request("POST", f"/{quote(index)}/_refresh")

    def exists(self, index):
        return self.http.http.request("HEAD", f"{self.http.url}/{quote(index)}").status == 200

    def exists_alias(self, name):
        return self.http.http.request("HEAD", f"{self.http.url}/_alias/{quote(name)}").status == 200

    def get_alias(self, name):
        return self.http.request("GET", f"/_alias/{quote(name)}")

    def put_alias(self, name, index):
        self.http.request("PUT", f"/{quote(index)}/_alias/{quote(name)}")

    def put_mapping(self, index, body=None, **mapping):
        self.http.request("PUT", f"/{quote(index)}/_mapping", body if body is not None else mapping)


class NodeClient:
    def __init__(self, hosts, **options):
        host = hosts[0]
        self.http = HttpEngine(f"{host['scheme']}://{host['host']}:{host['port']}{host.get('path_prefix', '')}",
                               timeout=float(options.get("request_timeout") or 10))
        self.indices = _Indices(self.http)

    def index(self, index, document, id):
        self.http.request("PUT", f"/{quote(index)}/_doc/{quote(str(id))}", document)

    def delete(self, index, id):
        try:
            self.http.request("DELETE", f"/{quote(index)}/_doc/{quote(str(id))}")
        except EngineError as exc:
            if exc.status == 404:
                raise NotFoundError(id) from exc
            raise

    def search(self, index, **body):
        params = {key: body.pop(key) for key in list(body) if key in URL_PARAMS}
        if "from_" in body:
            body["from"] = body.pop("from_")
        params.pop("request_timeout", None)
        query = f"?{urlencode(params)}" if params else ""
        return self.http.request("POST", f"/{quote(index)}/_search{query}", body)

    def scroll(self, scroll_id, scroll):
        return self.http.request("POST", "/_search/scroll", {"scroll_id": scroll_id, "scroll": scroll})

    def clear_scroll(self, scroll_id):
        self.http.request("DELETE", "/_search/scroll", {"scroll_id": scroll_id})

    def count(self, index, body):
        return self.http.request("POST", f"/{quote(index)}/_count", body)


class SearchBackend(Elasticsearch8SearchBackend):
    client_class = NodeClient
    NotFoundError = NotFoundError

    def bulk(self, es, actions, index):
        """What elasticsearch.helpers.bulk sends for these actions: one index operation each."""
        lines = []
        for action in actions:
            action = dict(action)
            lines += [{"index": {"_index": index, "_id": action.pop("_id")}}, action]
        answer = es.http.request("POST", "/_bulk", ndjson=lines)
        if answer["errors"]:
            raise EngineError(400, [item for item in answer["items"] if "error" in item["index"]][:3])
