"""A small closed-loop HTTP load generator (keep-alive connections, one per client thread).

Loopback only: it refuses any host that is not 127.0.0.1 or localhost. Bounded in time.
`run_load` sends one URL; `run_mix` cycles each client through a list of URLs, and records every
response's status by second so fault scenarios can show when errors started and stopped.
"""

import collections
import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class LoadResult:
    url: str
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    # second since the start -> Counter of status codes ("error" for a failed connection)
    timeline: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def line(self, label: str) -> str:
        return (f"{label:<12} {self.rate:8.1f} req/s  p50 {self.percentile(50):7.2f} ms  "
                f"p95 {self.percentile(95):7.2f} ms  p99 {self.percentile(99):7.2f} ms  "
                f"n={self.requests} errors={self.errors}")


def run_load(url: str, *, clients: int = 8, seconds: float = 10.0, headers: dict | None = None) -> LoadResult:
    return run_mix([url], clients=clients, seconds=seconds, headers=headers)


def run_mix(urls: list[str], *, clients: int = 8, seconds: float = 10.0, headers: dict | None = None) -> LoadResult:
    """Each client requests the URLs in turn (starting at a different one) until time is up.

    A response with status >= 400 or a failed connection counts as an error; its latency is not
    counted. Every response is also recorded in `statuses` and in `timeline` by second.
    """
    targets = []
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname not in ALLOWED_HOSTS:
            raise ValueError("load is only ever sent to this machine's loopback address")
        targets.append((parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else "")))
    result = LoadResult(url=urls[0] if len(urls) == 1 else f"{len(urls)} URLs", seconds=seconds)
    lock = threading.Lock()
    started_at = time.perf_counter()
    stop_at = started_at + seconds

    def worker(offset: int):
        host, port, _ = targets[0]
        conn = http.client.HTTPConnection(host, port, timeout=10)
        local, errors, seen = [], 0, []
        turn = offset
        while time.perf_counter() < stop_at:
            path = targets[turn % len(targets)][2]
            turn += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = "error"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
            seen.append((int(started - started_at), status))
            if status == "error" or status >= 400:
                errors += 1
            else:
                local.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            result.latencies_ms.extend(local)
            result.errors += errors
            for second, status in seen:
                result.statuses[status] += 1
                result.timeline[second][status] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


def median(values):
    return statistics.median(values) if values else float("nan")
