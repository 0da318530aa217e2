"""Benchmark the directory CSV import: 100,000 generated rows checked and written.

    .venv/bin/python bench/bench_import.py                 # SQLite (a temporary file)
    .venv/bin/python bench/bench_import.py --postgres      # PostgreSQL (scratch database)
    .venv/bin/python bench/bench_import.py --rows 10000    # a smaller run

The file has one row per service and location: services on real postcodes drawn from the offline
place database (about one in ten with a second location, one in twenty confidential), each
covering its local authority, 1,000 organisations, plus national services. It times a dry run,
the import into an empty directory, and importing the same file again (which must change
nothing), and reports each one's rate and the peak memory of the process. Budget: the import
(checked and written) under 120 s and peak memory under 300 MB, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_import"
BUDGET_SECONDS = 120
BUDGET_MB = 300


def write_file(path: Path, rows: int, seed: int = 5) -> int:
    from bench_directory import PHRASES, sample_postcodes

    from search.directory import facets as v
    from search.directory.importers import COLUMNS

    rng = random.Random(seed)
    places = sample_postcodes(rows, seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        n = 0
        while written < rows:
            national = n % 200 == 199
            org = n % 1000
            service = {
                "external_id": f"svc-{n}", "organisation_external_id": f"org-{org}",
                "organisation_name": f"Organisation {org}",
                "name": f"{rng.choice(PHRASES).split(' (')[0].capitalize()} {n}",
                "description": ". ".join(rng.sample(PHRASES, 3)) + ".\nGroups run in the evening.",
                "status": "active",
                "service_types": ";".join(rng.sample([c for c, _ in v.SERVICE_TYPES], 2)),
                "referral_routes": ";".join(rng.sample([c for c, _ in v.REFERRAL_ROUTES], 2)),
                "risk_levels": "standard;medium", "attending_type": "in_person;phone", "languages": "en",
                "eligibility_description": "Adults who want to change their behaviour.", "minimum_age": "18",
                "maximum_age": "", "application_process": "Call us\nWe book an assessment",
                "fees_description": "", "is_free": "yes", "respect_accredited": rng.choice(["yes", "no"]),
                "assured_date": "2021-04-01", "is_national": "yes" if national else "no",
                "police_force_areas": "", "service_area_codes": "", "phone": f"01632 960{n % 1000:03d}",
                "email": f"team{n}@example.org", "url": f"https://example.org/services/{n}",
                "last_reviewed": "2025-11-01",
            }
            locations = 0 if national else (2 if n % 10 == 0 else 1)
            if locations == 0:
                writer.writerow(service)
                written += 1
            laua = places[written][3] if locations else ""
            service["service_area_codes"] = laua if laua and laua[0] in "EW" else ""
            for i in range(locations):
                if written >= rows:
                    break
                postcode = places[written][0]
                confidential = n % 20 == 0
                writer.writerow(dict(service, location_external_id=f"loc-{n}-{i}", location_name=f"Office {i + 1}",
                                     address_1=f"{n} High Street", city="Example Town", postal_code=postcode,
                                     location_confidential="yes" if confidential else "no"))
                written += 1
            n += 1
    return n


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, path: Path, **kwargs):
    from search.directory.importers import import_services

    started, cpu = time.perf_counter(), time.process_time()
    report = import_services(lambda: path.open("rb"), size=path.stat().st_size, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not report.ok:
        print("\n".join(report.lines()[:20]))
        raise SystemExit(f"{label}: the generated file was refused")
    print(f"  {label:<22} {seconds:6.1f} s  ({report.rows / seconds:,.0f} rows/s, CPU {cpu:.1f} s)  "
          f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
          f"peak memory so far {peak_mb():.0f} MB", flush=True)
    return seconds, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    if args.postgres:
        url = os.environ.get("BENCH_DATABASE_URL", PG_URL)
        server, name = url.rsplit("/", 1)
        subprocess.run(["psql", server + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", server + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        path = Path(tmp.name) / "services.csv"
        services = write_file(path, args.rows)
        print(f"import_services on {connection.vendor}: {args.rows:,} rows for {services:,} services "
              f"({path.stat().st_size / 1e6:.1f} MB)", flush=True)
        timed("dry run (empty)", path, dry_run=True)
        seconds, _report = timed("import (empty)", path)
        timed("import again", path)
        within = seconds < BUDGET_SECONDS and peak_mb() < BUDGET_MB
        print(f"  budget: import < {BUDGET_SECONDS} s and peak memory < {BUDGET_MB} MB: "
              f"{'within' if within else 'OVER'}")
        return 0 if within else 1
    finally:
        connection.close()
        if args.postgres:
            subprocess.run(["psql", server + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
