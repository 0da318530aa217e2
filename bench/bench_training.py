"""Benchmark the lesson page for a signed-in learner with progress on a 30-lesson course.

    .venv/bin/python bench/bench_training.py [--requests 200]

Builds a fresh SQLite database in a temporary folder (migrations, a home page, one course of
3 modules x 10 lessons with a knowledge check each, a learner who has done 14 lessons and passed
one check), then renders a lesson page through the full middleware stack with Django's test
client and prints p50/p95. Budget: p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUDGET_P95_MS = 50.0


def setup_django(folder: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_course(lessons_per_module: int = 10, modules: int = 3):
    import json

    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from portal.demo.content import _ensure_home
    from portal.demo.helpers import add_child, para
    from training.demo import band, key_point, question, reflect
    from training.models import CoursePage, LessonPage, ModulePage, TrainingIndexPage

    home = _ensure_home(Page.get_first_root_node())
    index, _ = add_child(home, TrainingIndexPage(title="Training", slug="training"))
    course, _ = add_child(index, CoursePage(
        title="Benchmark course", slug="bench-course", intro="A long course.", learning_outcomes="One\nTwo",
    ))
    for m in range(modules):
        module, _ = add_child(course, ModulePage(
            title=f"Module {m + 1}", slug=f"module-{m + 1}", check_mode="assessed",
            questions=json.dumps([question(f"b{m}q{i}", "single", f"Question {i}?",
                                           ("Yes", True, "Right"), ("No", False, "Wrong")) for i in range(5)]),
            score_bands=json.dumps([band(f"b{m}", 0, "Keep going")]),
        ))
        for i in range(lessons_per_module):
            add_child(module, LessonPage(
                title=f"Lesson {m + 1}.{i + 1}", slug=f"lesson-{m + 1}-{i + 1}",
                body=[para("Some text about recognising and responding to perpetrators. " * 20),
                      key_point("Ask about children."), reflect("What would you do?"),
                      para("More text. " * 40)],
            ))
    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "pass-phrase-123")
    return course, user


def measure(client, url: str, requests: int) -> tuple[float, float, float]:
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("Building a database with migrations (this takes a minute)...", flush=True)
        setup_django(folder)
        from django.test import Client

        from training.learning import course_structure, mark_lesson_done
        from training.models import Attempt, LessonPage

        course, user = build_course()
        structure = course_structure(course)
        for lesson in structure.lessons[:14]:
            mark_lesson_done(user, LessonPage.objects.get(pk=lesson.id))
        Attempt.objects.create(user=user, course=course, module_id=structure.modules[0].id, status="submitted",
                               score=100, passed=True, number=1)
        target = structure.lessons[15]
        client = Client()
        client.force_login(user)
        for _ in range(10):  # warm caches and templates
            assert client.get(target.url).status_code == 200
        from django.db import connection, reset_queries

        connection.force_debug_cursor = True
        reset_queries()
        client.get(target.url)
        query_count = len(connection.queries)
        connection.force_debug_cursor = False
        p50, p95, worst = measure(client, target.url, args.requests)
        print(f"lesson page, learner with progress, {len(structure.lessons)}-lesson course, {args.requests} requests, "
              f"{query_count} queries")
        print(f"p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {worst:.1f} ms   budget p95 < {BUDGET_P95_MS:.0f} ms")
        # The kernel's home page for the same signed-in user, as a yardstick for how busy the machine is.
        ref50, ref95, _ = measure(client, "/", args.requests)
        print(f"reference: home page for the same user   p50 {ref50:.1f} ms   p95 {ref95:.1f} ms")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        ok = p95 < BUDGET_P95_MS
        print("within budget" if ok else "OVER BUDGET")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
