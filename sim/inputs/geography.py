"""Districts, locations and travel times.

Travel time is the great-circle distance times a detour factor, divided by the speed
of the travel mode, plus a fixed time to park and reach the door.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

# A generous box around the municipality: coordinates outside it are typing errors.
CPH_LAT = (55.60, 55.74)
CPH_LON = (12.43, 12.70)

EARTH_RADIUS_KM = 6371.0088

# Default speeds (km/h) and minutes to park per trip. Reasoning in data/README.md.
MODE_SPEED_KMH = {"walk": 5.0, "bike": 15.0, "ebike": 18.0, "car": 20.0, "none": math.inf}
MODE_PARKING_MIN = {"walk": 0.0, "bike": 1.0, "ebike": 1.0, "car": 4.0, "none": 0.0}


# Distances inside the municipality are computed in a local equirectangular projection
# around the city centre: within Copenhagen's ~15 km the difference from the
# great-circle distance is below 0.2 % (tested; the detour factor is far less certain),
# and it makes a distance one hypot.
LAT0, LON0 = 55.68, 12.55
KM_PER_DEG_LAT = math.pi / 180 * EARTH_RADIUS_KM
KM_PER_DEG_LON = KM_PER_DEG_LAT * math.cos(math.radians(LAT0))


def to_xy_km(lat, lon):
    """Project degrees to km east (x) and north (y) of the city centre."""
    return (np.asarray(lon) - LON0) * KM_PER_DEG_LON, (np.asarray(lat) - LAT0) * KM_PER_DEG_LAT


@dataclass(frozen=True)
class Travel:
    """Travel model: minutes = km * detour / speed * 60 + parking (0 between identical points)."""

    minutes_per_km: float
    parking_minutes: float

    @classmethod
    def from_parameters(
        cls, mode: str, speed_kmh: float | None, detour: float, parking: float | None
    ) -> Travel:
        if mode == "none":
            return cls(0.0, 0.0)
        speed = MODE_SPEED_KMH[mode] if speed_kmh is None else speed_kmh
        park = MODE_PARKING_MIN[mode] if parking is None else parking
        return cls(detour * 60.0 / speed, park)


def haversine_km_array(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Vectorised great-circle distance in km."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


@dataclass(frozen=True)
class Districts:
    """The city's districts (bydele) as polygons, keyed by district number."""

    names: dict[int, str]
    polygons: dict[int, shapely.Geometry]

    @classmethod
    def from_geojson(cls, path: Path) -> Districts:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        names, polygons = {}, {}
        for feature in features:
            number = int(feature["properties"]["bydel_nr"])
            names[number] = str(feature["properties"]["navn"])
            polygons[number] = shape(feature["geometry"])
        return cls(names, polygons)

    def sample_points(self, district: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` points uniform (in degrees) inside the district: array of (lat, lon)."""
        polygon = self.polygons[district]
        min_lon, min_lat, max_lon, max_lat = polygon.bounds
        found = np.empty((0, 2))
        while len(found) < n:
            batch = max(64, 3 * (n - len(found)))
            lon = rng.uniform(min_lon, max_lon, batch)
            lat = rng.uniform(min_lat, max_lat, batch)
            inside = shapely.contains_xy(polygon, lon, lat)
            found = np.vstack([found, np.column_stack([lat[inside], lon[inside]])])
        return found[:n]
