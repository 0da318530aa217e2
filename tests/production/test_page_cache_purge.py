"""A publish purges the page cache for every gunicorn worker, not only the one that handled it."""

import pytest

from .conftest import Browser, at_once

pytestmark = pytest.mark.django_db(databases=[])

PUBLISH = """
from coalition.models import CallToActionPage
page = CallToActionPage.objects.get()
page.title = {title!r}
page.save_revision().publish()
"""


def titles(stack, path, times):
    start = len(open(stack.access_log).read().splitlines())
    seen = []
    for response in at_once(times, lambda _: Browser(stack.base).get(path)):
        assert response.status == 200
        seen.append((response.body.split(b"<title>", 1)[1].split(b"</title>", 1)[0].decode(),
                     response.getheader("X-Page-Cache")))
    lines = open(stack.access_log).read().splitlines()[start:]
    workers = {line.split()[0] for line in lines if line.split()[-1] == path}
    return seen, workers


def test_every_worker_serves_the_new_page_after_a_publish(stack):
    path = "/coalition/call-to-action/"
    before, workers = titles(stack, path, 24)  # fills the cache, from every worker
    assert len(workers) >= 3
    assert all("Call to Action" in title for title, _ in before)
    stack.manage("shell", "-c", PUBLISH.format(title="Call to Action (revised)"))  # another process entirely
    after, workers = titles(stack, path, 24)
    assert len(workers) >= 3, workers
    assert all("Call to Action (revised)" in title for title, _ in after), after
    assert {header for _, header in before + after} == {None}  # no X-Page-Cache header outside debug
