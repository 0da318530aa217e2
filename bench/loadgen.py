"""A small closed-loop HTTP load generator (keep-alive connections, one per client thread).

Loopback only: it refuses any host that is not 127.0.0.1 or localhost. Bounded in time.
"""

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
    parts = urlsplit(url)
    if parts.hostname not in ALLOWED_HOSTS:
        raise ValueError("load is only ever sent to this machine's loopback address")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    result = LoadResult(url=url, seconds=seconds)
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        local, errors = [], 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors += 1
                else:
                    local.append((time.perf_counter() - started) * 1000)
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.close()
        with lock:
            result.latencies_ms.extend(local)
            result.errors += errors

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


def median(values):
    return statistics.median(values) if values else float("nan")
