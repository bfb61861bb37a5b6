"""US ZIP code centroids, from the `zipcodes` package (its data ships inside it: no
download at run time), and the distances search shows."""

import math
import re
from functools import cache

import zipcodes as zipcode_data

ZIP = re.compile(r"^\s*([0-9]{5})(?:-[0-9]{4})?\s*$")
# An address's ZIP: five digits standing alone, after the street number (the last such).
ZIP_IN_TEXT = re.compile(r"(?<![0-9-])([0-9]{5})(?:-[0-9]{4})?(?![0-9])")
EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = 69.09  # of latitude, and of longitude at the equator


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    """Every ZIP code's centroid, read once per process (the package scans a list)."""
    return {
        z["zip_code"]: (float(z["lat"]), float(z["long"]))
        for z in zipcode_data.list_all()
        if z.get("lat") and z.get("long")
    }


def centroid(zip_code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a 5-digit ZIP code, or None when there is no such ZIP."""
    return _centroids().get(zip_code)


def find_zip(text: str) -> str | None:
    """The ZIP code in what was typed: a ZIP alone, or the last 5-digit number of an
    address ("12 Main St, Trenton, NJ 08608"). None when there is none."""
    whole = ZIP.match(text)
    if whole:
        return whole.group(1)
    found = list(ZIP_IN_TEXT.finditer(text))
    # A 5-digit number that opens an address is its house number, not its ZIP.
    found = [m for m in found if m.start() != len(text) - len(text.lstrip())]
    return found[-1].group(1) if found else None


def nj_centroids() -> list[tuple[str, str, float, float]]:
    """(zip, city, latitude, longitude) of every New Jersey ZIP with a centroid, by ZIP."""
    return sorted(
        (z["zip_code"], z["city"], float(z["lat"]), float(z["long"]))
        for z in zipcode_data.filter_by(state="NJ")
        if z.get("lat") and z.get("long") and z.get("zip_code_type") == "STANDARD"
    )


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (haversine): what the page shows."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def bounding_box(origin: tuple[float, float], miles: float):
    """(south, north, west, east) in degrees around `origin`, a little wider than
    `miles` so that nothing inside the circle is left out."""
    lat, lon = origin
    dlat = miles / MILES_PER_DEGREE
    dlon = miles / (MILES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
