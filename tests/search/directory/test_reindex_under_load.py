"""``rebuild_directory_index`` while searches run: every search answers from the search node
(none falls back, none fails) and none comes back empty while the alias swaps."""

import threading
import time

import pytest
from django.db import connection

from search.directory import DirectoryQuery, find_services
from search.directory.backends import elasticsearch as es_backend

from .. import factories as f

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEARCHERS = 4
REBUILDS = 3


def test_searches_never_fail_or_come_back_empty_during_rebuilds(engine):
    postcodes = ["CF10 1AE", "CF11 0AE", "CF14 3AE", "CF24 0AE"]
    for i in range(120):
        f.service(f"Service {i:03d}", postcode=postcodes[i % 4], areas=[f.CARDIFF] if i % 3 == 0 else [])
    es_backend.rebuild_index(engine=engine)
    queries = [DirectoryQuery(location="CF10"), DirectoryQuery(location="Cardiff", distance="area"),
               DirectoryQuery(location="CF14 3AE", distance="5", page=3)]
    expected = {i: find_services(DirectoryQuery(**vars(q)), backend="database") for i, q in enumerate(queries)}
    assert all(r.total > 0 for r in expected.values())

    stop = threading.Event()
    outcomes = []  # (ok, detail) per search
    lock = threading.Lock()

    def searcher(offset: int):
        n = offset
        try:
            while not stop.is_set():
                i = n % len(queries)
                n += 1
                try:
                    got = find_services(DirectoryQuery(**vars(queries[i])), backend="elasticsearch", engine=engine)
                    ok = (not got.fell_back and got.total == expected[i].total
                          and got.ids() == expected[i].ids())
                    detail = f"query {i}: fell back={got.fell_back} total={got.total} hits={len(got.hits)}"
                except Exception as exc:  # noqa: BLE001 - any failure is what this test counts
                    ok, detail = False, f"query {i}: {exc!r}"
                with lock:
                    outcomes.append((ok, detail))
        finally:
            connection.close()

    threads = [threading.Thread(target=searcher, args=(k,)) for k in range(SEARCHERS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        before = len(outcomes)
        indexes = []
        for _ in range(REBUILDS):
            name, count = es_backend.rebuild_index(engine=engine, chunk_size=20)
            indexes.append(name)
            assert count == 120
        during = len(outcomes) - before
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    failures = [detail for ok, detail in outcomes if not ok]
    assert during >= REBUILDS * SEARCHERS, "the searches did not overlap the rebuilds"
    assert failures == [], f"{len(failures)} of {len(outcomes)} searches failed: {failures[:5]}"
    assert engine.indices_of(es_backend.alias_name()) == [indexes[-1]]
    print(f"\n{len(outcomes)} searches ({during} during {REBUILDS} rebuilds), 0 failed, 0 empty")
