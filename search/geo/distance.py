"""Great-circle distances and bounding boxes for radius searches."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

EARTH_RADIUS_MILES = 3958.8


class BoundingBox(NamedTuple):
    """Latitude/longitude rectangle, in degrees, for an SQL prefilter."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        """True if the point lies inside the box (edges included)."""
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in miles between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def distances_miles(lat1, lon1, lat2, lon2):
    """`distance_miles` over NumPy arrays of radians (not degrees), broadcast against each other:
    a column of places against a row of points gives every distance between them at once."""
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_miles: float) -> BoundingBox:
    """Smallest lat/lon box containing every point within ``radius_miles`` of (lat, lon).

    Use it as a cheap ``WHERE lat BETWEEN ... AND lon BETWEEN ...`` prefilter, then
    check ``distance_miles`` on the survivors.  (Does not wrap at the 180° meridian;
    irrelevant for Great Britain.)
    """
    angular = max(radius_miles, 0.0) / EARTH_RADIUS_MILES  # radians
    phi = math.radians(lat)
    min_phi, max_phi = phi - angular, phi + angular
    if max_phi >= math.pi / 2 or min_phi <= -math.pi / 2:  # a pole is inside the circle
        return BoundingBox(math.degrees(max(min_phi, -math.pi / 2)),
                           math.degrees(min(max_phi, math.pi / 2)), -180.0, 180.0)
    dlmb = math.asin(min(1.0, math.sin(angular) / math.cos(phi)))
    return BoundingBox(math.degrees(min_phi), math.degrees(max_phi),
                       lon - math.degrees(dlmb), lon + math.degrees(dlmb))
