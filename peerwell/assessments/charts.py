"""The score trend as an SVG drawn on the server: it works without JavaScript and under
the Content Security Policy (presentation attributes and CSS classes, no style
attributes). The page puts the same numbers in a table as the chart's text alternative;
the SVG itself is an image with a title and a description (`role="img"`)."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .instruments import Instrument

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span / 2 if count == 1 else span * index / (count - 1)), 1)


def _y(value: float, low: int, high: int) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low), 1)


def _ticks(low: int, high: int) -> list[int]:
    step = 10 if high - low > 20 else 5
    first = low + (-low % step)
    return list(range(first, high + 1, step))


def trend_svg(instrument: Instrument, points: list, *, chart_id: str) -> SafeString:
    """`points`: (date, total) pairs, oldest first. Empty when there is nothing to draw."""
    if not points:
        return mark_safe("")
    low, high = instrument.minimum, instrument.maximum
    count = len(points)
    title = _("%(name)s scores over time") % {"name": instrument.name}
    first, last = points[0], points[-1]
    description = _(
        "%(count)s scores from %(first_date)s (%(first)s) to %(last_date)s (%(last)s), "
        "on a scale of %(low)s to %(high)s."
    ) % {
        "count": count,
        "first_date": date_format(first[0], "DATE_FORMAT"),
        "first": first[1],
        "last_date": date_format(last[0], "DATE_FORMAT"),
        "last": last[1],
        "low": low,
        "high": high,
    }
    threshold = instrument.threshold
    if threshold is not None:
        description += " " + _("The line at %(at)s marks the threshold: %(label)s.") % {
            "at": threshold.at_least,
            "label": threshold.label,
        }
    grid = format_html_join(
        "",
        '<line class="pw-chart__grid" stroke="#dfe1e2" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="pw-chart__tick" fill="#3d4551" font-size="13" '
        'x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                _y(t, low, high),
                _y(t, low, high),
                LEFT - 6,
                _y(t, low, high) + 4,
                t,
            )
            for t in _ticks(low, high)
        ),
    )
    limit = ""
    if threshold is not None:
        at = _y(threshold.at_least, low, high)
        limit = format_html(
            '<line class="pw-chart__threshold" stroke="#8b0a03" stroke-width="2" '
            'x1="{}" x2="{}" y1="{}" y2="{}" '
            'stroke-dasharray="6 4"></line>'
            '<text class="pw-chart__threshold-label" fill="#8b0a03" font-size="13" '
            'x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            WIDTH - RIGHT,
            at,
            at,
            WIDTH - RIGHT,
            at - 5,
            threshold.at_least,
        )
    coords = [(_x(i, count), _y(total, low, high)) for i, (_day, total) in enumerate(points)]
    line = format_html(
        '<polyline class="pw-chart__line" fill="none" stroke="#005ea2" stroke-width="3" '
        'points="{}"></polyline>',
        " ".join(f"{x},{y}" for x, y in coords),
    )
    dots = format_html_join(
        "",
        '<circle class="pw-chart__point" fill="#005ea2" cx="{}" cy="{}" r="4"></circle>',
        coords,
    )
    # Dates under the first and last points (and the middle one), not every point.
    shown = sorted({0, count - 1, (count - 1) // 2}) if count > 2 else range(count)
    dates = format_html_join(
        "",
        '<text class="pw-chart__tick" fill="#3d4551" font-size="13" '
        'x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (coords[i][0], HEIGHT - BOTTOM + 18, date_format(points[i][0], "SHORT_DATE_FORMAT"))
            for i in shown
        ),
    )
    return format_html(
        '<svg class="pw-chart" width="100%" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc"'
        ' focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        grid,
        limit,
        line,
        dots,
        dates,
    )
