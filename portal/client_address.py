"""The address a request came from, for rate limits: the proxy's word only when it is a proxy we trust.

Behind a TLS proxy every request reaches the portal from the proxy's address, so rate limits by
`REMOTE_ADDR` would put every visitor in one bucket. The proxy names the real client in
`X-Forwarded-For`; anyone else could write that header too, so it is read only when the request
came from an address in `TRUSTED_PROXIES` (addresses or networks). Reading the header from the
right, the first address that is not itself a trusted proxy is the client.

The same holds for `X-Forwarded-Proto` (which `SECURE_PROXY_SSL_HEADER` reads to decide that a
request came over HTTPS) and the other forwarding headers: `ForwardedHeadersMiddleware` removes
them from any request that did not come from a trusted proxy, before anything reads them.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                      "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


def from_trusted_proxy(request) -> bool:
    return _trusted(_parse(request.META.get("REMOTE_ADDR", "")), _networks(tuple(settings.TRUSTED_PROXIES)))


class ForwardedHeadersMiddleware:
    """Drop the forwarding headers a client wrote itself: only a trusted proxy may set them.

    Without this, any client reaching the server directly could send `X-Forwarded-Proto: https`
    and be treated as secure (no HTTPS redirect, secure-only behaviour on plain HTTP).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def client_address(request) -> str:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a malformed entry: nothing further left can be trusted
        if not _trusted(address, networks):
            return str(address)
    return str(remote)
