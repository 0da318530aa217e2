"""Feature apps add their own demo content with `register_demo_loader(name, func, order)`.

`func(pages, stdout)` receives the kernel's pages (by slug) and returns a one-line summary. It must
be idempotent. Loaders run in `order`, then name order, inside the loader's transaction.
"""

from collections.abc import Callable

_loaders: dict[str, tuple[int, Callable]] = {}


def register_demo_loader(name: str, func: Callable, order: int = 100) -> None:
    _loaders[name] = (order, func)


def run_app_loaders(pages, stdout):
    for name, (_order, func) in sorted(_loaders.items(), key=lambda item: (item[1][0], item[0])):
        yield name, func(pages, stdout)
