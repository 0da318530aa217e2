"""Benchmark the coalition's hot pages: a meeting page with 20 agenda items and 40 actions (as a
signed-in member) and the public member directory with 500 organisations.

    .venv/bin/python bench/bench_coalition.py [--requests 200] [--profile] [--postgres]

Builds a fresh SQLite database in a temporary folder (migrations, a home page, the coalition's
pages, 500 member organisations, one meeting with 20 agenda items, 40 actions and 20 RSVPs), then
renders each page through the full middleware stack with Django's test client and prints p50/p95.
The directory is measured with the anonymous page cache switched off, so every request renders.
Budget: p95 < 60 ms.

`--postgres` runs the same on a scratch PostgreSQL database (`co_bench_<pid>` on the server in
BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432), created and dropped by the run.
Each figure is wall-clock time; the CPU time this process spent is printed beside it, which stays
meaningful when other work shares the machine (it leaves out the PostgreSQL server's own work).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUDGET_P95_MS = 60.0
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def psql(command: str) -> None:
    env = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    subprocess.run(["psql", f"{POSTGRES_SERVER}/postgres", "-qc", command], check=True, env=env)


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Page

    from coalition.demo import load_demo
    from coalition.models import (
        RSVP,
        ActionItem,
        AgendaItem,
        MeetingPage,
        MemberAreaPage,
        MemberOrganisation,
        OrganisationContact,
        Region,
    )
    from coalition.scheduling import london_datetime
    from portal.accounts import roles
    from portal.demo.content import _ensure_home

    home = _ensure_home(Page.get_first_root_node())
    load_demo({"home": home}, None)
    regions = list(Region.objects.all())
    types = [c for c, _ in MemberOrganisation._meta.get_field("org_type").choices]
    orgs = MemberOrganisation.objects.bulk_create(
        MemberOrganisation(name=f"Benchmark organisation {i:03d}", slug=f"bench-org-{i:03d}",
                           org_type=types[i % len(types)],
                           status="member", description="A generated organisation for the benchmark. " * 3,
                           website=f"https://bench-{i}.example.org", joined=datetime.date(2021, 1, 1))
        for i in range(500 - MemberOrganisation.objects.count()))
    through = MemberOrganisation.regions.through
    through.objects.bulk_create(through(memberorganisation=o, region=regions[i % len(regions)])
                                for i, o in enumerate(orgs))
    area = MemberAreaPage.objects.get()
    meeting = MeetingPage(title="Benchmark meeting", slug="bench-meeting", duration_minutes=180,
                          start=london_datetime(timezone.localdate() + datetime.timedelta(days=7), datetime.time(10)),
                          joining_details="https://meet.example.org/bench")
    area.add_child(instance=meeting)
    for i in range(20):
        AgendaItem.objects.create(page=meeting, title=f"Agenda item {i + 1}", is_sub_item=i % 3 != 0,
                                  duration_minutes=8, lead_organisation=orgs[i], sort_order=i)
    User = get_user_model()
    members_group = Group.objects.get_or_create(name=roles.COALITION_MEMBERS)[0]
    people = []
    for i in range(20):
        user = User.objects.create_user(f"bench{i}@example.org", f"bench{i}@example.org", "pass-phrase-123")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.groups.add(members_group)
        OrganisationContact.objects.create(organisation=orgs[i], user=user)
        RSVP.objects.create(meeting=meeting, user=user, organisation=orgs[i],
                            response="attending" if i % 4 else "apologies")
        people.append(user)
    for i in range(40):
        ActionItem.objects.create(meeting=meeting, description=f"Benchmark action {i + 1}", owner_organisation=orgs[i],
                                  owner_user=people[i % 20],
                                  due_date=timezone.localdate() + datetime.timedelta(days=i - 10))
    return meeting, people[0]


def measure(client, url: str, requests: int, params=None) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request."""
    for _ in range(5):
        assert client.get(url, params).status_code == 200, url
    wall, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return wall, cpu


def quantiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(sorted(samples), n=100)
    return q[49], q[94]


def report(name: str, samples: tuple[list[float], list[float]]) -> bool:
    (p50, p95), (cpu50, cpu95) = quantiles(samples[0]), quantiles(samples[1])
    ok = p95 < BUDGET_P95_MS
    print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (n={len(samples[0])}, budget p95 < {BUDGET_P95_MS:.0f} ms)"
          f" {'OK' if ok else 'OVER BUDGET'}; CPU p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms")
    return ok


def profile(client, url, params=None) -> None:
    import cProfile
    import pstats

    client.get(url, params)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, params)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def run(args) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the anonymous page cache
    meeting, member = build()
    client = Client()
    client.force_login(member)
    client.get(meeting.url)  # the first request creates the site settings rows
    with CaptureQueriesContext(connection) as queries:
        client.get(meeting.url)
    print(f"Meeting page: {len(queries)} queries (20 agenda items, 40 actions, 20 RSVPs) on {connection.vendor}")
    if args.profile:
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(f"  {q['time']} s  {q['sql'][:160]}")
        profile(client, meeting.url)
        profile(Client(), "/coalition/members/", {"page": "5"})
    ok = report("Meeting page (member)", measure(client, meeting.url, args.requests))
    public = Client()
    baseline = measure(public, "/coalition/join/thank-you/", args.requests)
    (p50, p95), (cpu50, _) = quantiles(baseline[0]), quantiles(baseline[1])
    print(f"Baseline, a plain page with the site layout: p50 {p50:.1f} ms, p95 {p95:.1f} ms, CPU p50 {cpu50:.1f} ms "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    public.get("/coalition/members/", {"page": "5"})
    with CaptureQueriesContext(connection) as queries:
        public.get("/coalition/members/", {"page": "5"})
    print(f"Member directory: {len(queries)} queries (500 organisations, 25 a page)")
    ok &= report("Member directory, page 5", measure(public, "/coalition/members/", args.requests, {"page": "5"}))
    ok &= report("Member directory, filtered", measure(public, "/coalition/members/", args.requests,
                                                       {"type": "police", "region": "london"}))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print where one request of each page spends its time")
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL database, dropped afterwards")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("Building a database with migrations (this takes a minute)...", flush=True)
        database = f"co_bench_{os.getpid()}"
        if args.postgres:
            psql(f"DROP DATABASE IF EXISTS {database}")
            psql(f"CREATE DATABASE {database}")
        try:
            setup_django(f"{POSTGRES_SERVER}/{database}" if args.postgres else f"sqlite:///{folder}/bench.sqlite3")
            return run(args)
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                psql(f"DROP DATABASE IF EXISTS {database}")


if __name__ == "__main__":
    sys.exit(main())
