"""A tile map of England and Wales: one square per local authority, placed from its centre.

Each authority's centre (``search.directory.areas.authority_centres``) is projected (longitude
scaled by the cosine of 52.5°, so a degree east is as long as on the ground there) onto a grid of
``CELL_DEGREES`` squares; an authority whose square is taken moves to the nearest free one, the
most crowded squares (London, the metropolitan boroughs) settling last, so the shape of the two
countries stays recognisable while every authority gets a square of the same size to name and to
click. Plain Python: the template draws the SVG.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from search.directory.areas import authority_centres

CELL_DEGREES = 0.16  # about 11 miles
TILE = 12  # SVG units per square
GAP = 1.5
_COS = math.cos(math.radians(52.5))


@dataclass(frozen=True)
class Tile:
    code: str
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    tiles: dict[str, Tile]
    width: float
    height: float


def _ring(radius: int):
    if radius == 0:
        yield 0, 0
        return
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            if max(abs(dx), abs(dy)) == radius:
                yield dx, dy


def _free_cell(col: float, row: float, taken: set) -> tuple[int, int]:
    """The free grid square nearest to (col, row)."""
    base = (round(col), round(row))
    for radius in range(0, 40):
        free = [(base[0] + dx, base[1] + dy) for dx, dy in _ring(radius) if (base[0] + dx, base[1] + dy) not in taken]
        if free:
            return min(free, key=lambda c: ((c[0] - col) ** 2 + (c[1] - row) ** 2, c))
    raise ValueError("no free square")  # pragma: no cover - 40 rings hold far more than 318 squares


def layout(centres: dict[str, tuple[float, float]]) -> Layout:
    """Grid squares for {code: (latitude, longitude)}, as SVG coordinates (top left of each tile)."""
    if not centres:
        return Layout({}, 0, 0)
    points = {code: (lon * _COS / CELL_DEGREES, -lat / CELL_DEGREES) for code, (lat, lon) in centres.items()}
    crowd: dict[tuple[int, int], int] = {}
    for col, row in points.values():
        crowd[(round(col), round(row))] = crowd.get((round(col), round(row)), 0) + 1
    order = sorted(points, key=lambda code: (crowd[(round(points[code][0]), round(points[code][1]))], code))
    taken: set = set()
    cells = {}
    for code in order:
        cells[code] = _free_cell(*points[code], taken)
        taken.add(cells[code])
    min_col = min(c for c, _ in cells.values())
    min_row = min(r for _, r in cells.values())
    tiles = {code: Tile(code, (col - min_col) * TILE + GAP, (row - min_row) * TILE + GAP)
             for code, (col, row) in cells.items()}
    width = (max(c for c, _ in cells.values()) - min_col + 1) * TILE + 2 * GAP
    height = (max(r for _, r in cells.values()) - min_row + 1) * TILE + 2 * GAP
    return Layout(tiles, width, height)


@functools.lru_cache(maxsize=1)
def authority_layout() -> Layout:

    return layout(authority_centres())
