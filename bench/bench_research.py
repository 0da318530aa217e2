"""Benchmark research and site search with generated content.

    .venv/bin/python bench/bench_research.py                      # fresh SQLite database in a temp dir
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_research.py --skip-build  # measure again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_research .venv/bin/python bench/bench_research.py

Builds an empty database (migrations), the research demo pages, then `--pages` generated
publications (default 5,000) spread over the four priority gaps, five types, twelve topics and ten
years, each indexed by Wagtail's database search backend. Then it reports:

- site search latency (p50/p95/max over `--queries` searches through `search.site.search`), and
- the number of database queries the publication listing needs, unfiltered and with filters.

The database must be empty (a new SQLite file, or a new PostgreSQL database). Ctrl-C stops safely
between batches; the partial content is then measured as it is.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "perpetrator housing children safeguarding risk victim survivor evaluation multi agency panel "
    "marac idva disruption support behaviour change police probation health substance alcohol mental "
    "employment accommodation tenancy refuge community racialised lgbt relationship coercive control "
    "stalking harassment physical sexual economic abuse outcomes sample cohort interview practitioner"
).split()
TOPICS = ["Evaluation", "Housing", "Children", "Risk", "Policy", "Practice", "Training", "Health",
          "Criminal justice", "Lived experience", "Commissioning", "Data"]
QUERIES = ["housing", "perpetrator risk", "children safeguarding", "evaluation", "idva", "coercive control",
           "drive", "lgbt relationship", "tenancy support", "mental health", "nothingmatcheshere",
           '"unclosed quote', "police AND probation"]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def build(count: int, seed: int) -> float:
    import datetime
    import io

    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Page, Site

    from portal.models import HomePage
    from research.demo import load_research_demo
    from research.models import PriorityGapPage, PublicationPage, PublicationType, ResearchIndexPage

    print("Migrating …", flush=True)
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="home-bench", intro="Benchmark home page.")
    root.add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    load_research_demo({"home": home}, io.StringIO())
    index = ResearchIndexPage.objects.get()
    gaps = list(PriorityGapPage.objects.all())
    types = [value for value, _label in PublicationType.choices]
    rng = random.Random(seed)
    started = time.perf_counter()
    batch = 250
    try:
        for first in range(0, count, batch):
            with transaction.atomic():
                for number in range(first, min(first + batch, count)):
                    words = rng.sample(WORDS, 12)
                    page = PublicationPage(
                        title=f"{' '.join(words[:4]).capitalize()} study {number}",
                        slug=f"generated-{number}",
                        organisations="Drive Partnership",
                        summary=" ".join(words).capitalize() + ".",
                        publication_type=rng.choice(types),
                        publication_date=datetime.date(2016 + rng.randrange(10), 1 + rng.randrange(12), 1),
                        body=[("rich_text", "<p>" + " ".join(rng.choices(WORDS, k=80)) + "</p>")],
                    )
                    # Parental relations are saved with the page, so they are set before adding it.
                    page.gaps = rng.sample(gaps, rng.randint(0, 2))
                    page.topics.add(*rng.sample(TOPICS, 2))
                    index.add_child(instance=page)
            done = min(first + batch, count)
            print(f"  {done:,}/{count:,} publications ({done * 100 // count}%)", flush=True)
    except KeyboardInterrupt:
        print("Interrupted: measuring what was built.", flush=True)
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_search(repeats: int) -> dict:
    from django.core.cache import cache

    from search.site.search import site_search

    site_search("warm up")
    timings = []
    for round_number in range(repeats):
        query = QUERIES[round_number % len(QUERIES)]
        cache.clear()  # no help from the vocabulary cache or anything else
        started = time.perf_counter()
        results = site_search(query, page_number=1 + round_number % 3)
        timings.append((time.perf_counter() - started) * 1000)
        assert not results.unavailable, query
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "max": max(timings)}


def measure_listing() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # lets the client see each response's template context
    client = Client()
    figures = {}
    for label, url in [
        ("unfiltered", "/research/publications/"),
        ("gap+type+year, page 3", "/research/publications/?gap=perpetrator-housing&type=evaluation&year=2020&page=3"),
        ("topic", "/research/publications/?topic=housing"),
    ]:
        client.get(url)  # warm
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        figures[label] = (len(ctx.captured_queries), elapsed, response.context["result_count"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-build", action="store_true", help="measure the database DATABASE_URL already holds")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-research-')) / 'bench.sqlite3'}"
    setup_django(database_url)
    from django.db import connection

    print(f"Database: {connection.vendor}")
    from research.models import PublicationPage

    if not args.skip_build:
        build_seconds = build(args.pages, args.seed)
        print(f"Built {PublicationPage.objects.count():,} publications in {build_seconds:.0f} s")
    total = PublicationPage.objects.count()
    search = measure_search(args.queries)
    print(
        f"Site search over {total:,}+ pages, {args.queries} searches: "
        f"p50 {search['p50']:.1f} ms, p95 {search['p95']:.1f} ms, max {search['max']:.1f} ms "
        f"(budget p95 < 150 ms: {'met' if search['p95'] < 150 else 'NOT met'})"
    )
    for label, (queries, elapsed, count) in measure_listing().items():
        print(f"Publication listing ({label}): {queries} queries, {elapsed:.0f} ms, {count:,} results")


if __name__ == "__main__":
    main()
