"""Benchmark the services directory: find_services with 50,000 generated services.

    .venv/bin/python bench/bench_directory.py                 # SQLite (a temporary file)
    .venv/bin/python bench/bench_directory.py --postgres       # PostgreSQL (scratch database)
    .venv/bin/python bench/bench_directory.py --services 5000  # a smaller run

Services sit on real postcodes drawn from the offline place database, each covering its own
local authority, plus 20 national services. Queries are postcode + filters + keyword, for random
real postcodes. Prints p50/p95 of find_services after a warm-up. Budgets: p95 < 120 ms on SQLite
and < 60 ms on PostgreSQL. Then it serves the same database with gunicorn (production settings,
page cache off, 2 workers) and reports the results page's rate and p50/p95 for 4 clients over
random postcode searches (`--no-page` skips this). (Place lookup latency and memory are measured by
bench_geo.py.)

    .venv/bin/python bench/bench_directory.py --postgres --elasticsearch http://127.0.0.1:9200

also indexes the services into the search node (`make elasticsearch`) with the backend's own
rebuild, times it, compares both backends on the same random queries (services, order,
distances within 0.05%, totals, national section, facet counts) and reports the node's p50/p95.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_directory"
BUDGET_MS = {"sqlite": 120, "postgresql": 60}

PHRASES = [
    "behaviour-change programme for men who use abuse", "one-to-one work on anger and jealousy",
    "housing support for perpetrators", "independent domestic violence advisors (Idva)",
    "domestic violence perpetrator programme (DVPP)", "young people who harm a parent",
    "early intervention after a first police call-out", "Drive case management for high-harm cases",
    "controlling behaviour and respect in relationships", "support with substance misuse and employment",
    "MATAC and Marac referrals", "group sessions in the evening", "webchat and phone support",
]
KEYWORDS = ["anger", "housing", "dvpp", "idva", "perpatrator", "young people", "", "", "behaviour change"]


def sample_postcodes(n: int, seed: int) -> list[tuple[str, float, float, str]]:
    from search.geo import default_database_path

    db = sqlite3.connect(f"{default_database_path().as_uri()}?mode=ro&immutable=1", uri=True)
    total = db.execute("SELECT count(*) FROM postcodes").fetchone()[0]
    rng = random.Random(seed)
    offsets = sorted(rng.sample(range(total), n))
    rows = []
    # Walk the primary key in order, picking the sampled offsets (one pass, no ORDER BY random()).
    wanted = iter(offsets)
    target = next(wanted)
    for i, row in enumerate(db.execute("SELECT pcd, lat, lon, laua FROM postcodes")):
        if i == target:
            rows.append(row)
            target = next(wanted, None)
            if target is None:
                break
    rng.shuffle(rows)
    return rows


def generate(count: int, seed: int = 7) -> None:
    from django.db import transaction

    from search.directory import facets as v
    from search.directory.areas import authorities
    from search.models import Location, Organisation, Service, ServiceArea, ServiceAtLocation
    from search.models.directory import rebuild_all_points, update_search_vectors

    rng = random.Random(seed)
    names = authorities()
    postcodes = sample_postcodes(count, seed)
    started = time.perf_counter()
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"Bench organisation {i}", external_id=f"bench-org-{i}") for i in range(500)])
        batch_services, batch_locations, batch_links, batch_areas = [], [], [], []

        def pick(vocab, most=2):
            return rng.sample([c for c, _ in vocab], rng.randint(1, most))

        def flush():
            Service.objects.bulk_create(batch_services)
            Location.objects.bulk_create(batch_locations)
            ServiceAtLocation.objects.bulk_create(batch_links)
            ServiceArea.objects.bulk_create(batch_areas)
            for batch in (batch_services, batch_locations, batch_links, batch_areas):
                batch.clear()

        for i in range(count + 20):
            national = i >= count
            org = orgs[i % len(orgs)]
            s = Service(
                organization=org, name=f"{rng.choice(PHRASES).split(' (')[0].capitalize()} {i}", slug=f"bench-{i}",
                description=". ".join(rng.sample(PHRASES, 3)), service_types=pick(v.SERVICE_TYPES),
                referral_routes=pick(v.REFERRAL_ROUTES), risk_levels=pick(v.RISK_LEVELS, 3),
                attending_type=pick(v.ATTENDING_TYPES, 3), languages=["en"] + pick(v.LANGUAGES[1:], 1),
                is_free=rng.random() < 0.8, respect_accredited=rng.random() < 0.3, is_national=national,
                external_id=f"bench-{i}")
            s.set_derived_text()
            batch_services.append(s)
            if not national:
                pcd, lat, lon, laua = postcodes[i]
                loc = Location(organization=org, name=s.name, city="Bench town", postal_code=pcd, latitude=lat,
                               longitude=lon, la_code=laua, search_latitude=lat, search_longitude=lon,
                               external_id=f"bench-loc-{i}")
                batch_locations.append(loc)
                batch_links.append(ServiceAtLocation(service=s, location=loc))
                batch_areas.append(ServiceArea(service=s, la_code=laua, name=names.get(laua, laua)))
            if len(batch_services) >= 2000:
                flush()
                done = i + 1
                print(f"  generated {done} of {count} ({done * 100 // count}%)", flush=True)
        flush()
        update_search_vectors(Service.objects.all())
        rebuild_all_points()
    print(f"generated {count} services in {time.perf_counter() - started:.1f} s")


def random_queries(queries: int, seed: int = 11):
    """The benchmark's queries: 20 warm-up ones, then ``queries`` measured ones."""
    from search.directory import DirectoryQuery

    rng = random.Random(seed)
    places = [row[0] for row in sample_postcodes(queries + 20, seed)]
    facets = [("referral", ["self"]), ("referral", ["professional", "panel"]), ("risk", ["high"]),
              ("delivery", ["online"]), ("service_type", ["behaviour-change-group", "behaviour-change-121"])]

    def query(place):
        kwargs = dict(location=place, keywords=rng.choice(KEYWORDS), distance=rng.choice(["5", "10", "25", "25"]))
        for name, values in rng.sample(facets, rng.randint(0, 2)):
            kwargs[name] = values
        kwargs["free"] = rng.random() < 0.2
        return DirectoryQuery(**kwargs)

    return [query(place) for place in places]


def measure(queries: int, seed: int = 11, engine=None) -> dict:
    from django.db import connection

    from search.directory import find_services

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    backend = "elasticsearch" if engine else "database"
    batch = random_queries(queries, seed)
    for q in batch[:20]:  # warm-up: vocabulary, place database, query plans
        find_services(q, backend=backend, engine=engine)
    timings, totals = [], []
    for q in batch[20:]:
        started = time.perf_counter()
        results = find_services(q, backend=backend, engine=engine)
        assert not results.fell_back, "the search node did not answer"
        timings.append((time.perf_counter() - started) * 1000)
        totals.append(results.total)
    timings.sort()
    return {
        "queries": len(timings), "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1], "max": timings[-1],
        "mean_results": statistics.mean(totals),
    }


def compare(queries: int, engine, seed: int = 11) -> list[str]:
    """Both backends on the same queries: a line for each difference (none expected)."""
    from search.directory import DirectoryQuery, find_services

    differences = []
    for q in random_queries(queries, seed)[20:]:
        db = find_services(DirectoryQuery(**vars(q)), backend="database")
        es = find_services(DirectoryQuery(**vars(q)), backend="elasticsearch", engine=engine)
        where = f"{q.location} {q.keywords!r} {q.distance} mi"
        if es.fell_back:
            differences.append(f"{where}: the node did not answer")
            continue
        for what, a, b in [("total", es.total, db.total), ("services or order", es.ids(), db.ids()),
                           ("national", es.national_ids(), db.national_ids()), ("facets", es.facets, db.facets)]:
            if a != b:
                differences.append(f"{where}: {what} differ")
        for a, b in zip(es.hits, db.hits):
            if (a.distance_miles is None) != (b.distance_miles is None) or (
                    a.distance_miles is not None and abs(a.distance_miles - b.distance_miles)
                    > max(1e-3, 5e-4 * b.distance_miles)):
                differences.append(f"{where}: distance {a.distance_miles} against {b.distance_miles}")
    return differences


def index_into(url: str):
    """The search node's engine, with the benchmark's services indexed by the backend's rebuild."""
    from django.conf import settings

    from search.directory.backends import elasticsearch as es_backend
    from tests.search.engine import HttpEngine

    engine = HttpEngine(url, timeout=120)
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{os.getpid()}"
    started = time.perf_counter()
    name, count = es_backend.rebuild_index(engine=engine, chunk_size=1000)
    print(f"indexed {count} services into {name} in {time.perf_counter() - started:.1f} s "
          f"({engine.product()[0]} {engine.product()[1]})")
    return engine


def measure_page(database_url: str, seconds: float, seed: int = 13) -> str:
    """The results page under gunicorn with production settings, the page cache off."""
    from loadgen import run_mix
    from stack import Stack

    with Stack(database_url=database_url, redis=False) as stack:
        stack.collect_static()
        base = stack.start_server(workers=2, PAGE_CACHE_SECONDS="0")
        rng = random.Random(seed)
        urls = []
        for pcd, *_ in sample_postcodes(200, seed):
            query = f"location={pcd.replace(' ', '+')}&distance={rng.choice(['5', '10', '25'])}"
            if rng.random() < 0.5:
                query += "&refer=self"
            if rng.random() < 0.3:
                query += "&q=" + rng.choice(["anger", "housing", "dvpp"])
            urls.append(f"{base}/find-a-service/?{query}")
        run_mix(urls, clients=2, seconds=3)  # warm up both workers
        return run_mix(urls, clients=4, seconds=seconds).line("results page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-page", dest="page", action="store_false", help="skip the gunicorn results page run")
    parser.add_argument("--page-seconds", type=float, default=15)
    parser.add_argument("--elasticsearch", metavar="URL", default="",
                        help="also index into the search node at URL, compare the backends and time it")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    if args.postgres:
        url = os.environ.get("BENCH_DATABASE_URL", PG_URL)
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
                       check=True)
        subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ.setdefault("ELASTICSEARCH_URL", "")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        generate(args.services)
        figures = measure(args.queries)
        vendor = connection.vendor
        budget = BUDGET_MS[vendor]
        print(f"\nfind_services on {vendor}, {args.services} services, {figures['queries']} queries "
              f"(postcode + filters + keyword, mean {figures['mean_results']:.0f} local results):")
        print(f"  p50 {figures['p50']:.1f} ms   p95 {figures['p95']:.1f} ms   max {figures['max']:.1f} ms")
        verdict = "within" if figures["p95"] < budget else "OVER"
        print(f"  budget p95 < {budget} ms: {verdict}")
        agree = True
        if args.elasticsearch:
            engine = index_into(args.elasticsearch)
            try:
                differences = compare(args.queries, engine)
                agree = not differences
                print(f"\nboth backends on {args.queries} random queries: {len(differences)} differences")
                for line in differences[:10]:
                    print("  " + line)
                node = measure(args.queries, engine=engine)
                print(f"find_services on the search node ({vendor} for the records), {args.services} services:")
                print(f"  p50 {node['p50']:.1f} ms   p95 {node['p95']:.1f} ms   max {node['max']:.1f} ms")
            finally:
                engine.delete_matching(f"bench-{os.getpid()}-*")
        if args.page:
            connection.close()
            print("\nresults page under gunicorn (production settings, page cache off, 2 workers, 4 clients):")
            print("  " + measure_page(url, args.page_seconds), flush=True)
        return 0 if figures["p95"] < budget and agree else 1
    finally:
        connection.close()
        if args.postgres:
            subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc",
                            f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}"], check=False)
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
