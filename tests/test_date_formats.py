"""One visible date format per language: every page, in English and in Spanish, shows
its dates as "Nov 29, 2026" or "29 nov 2026" and in no other way (no "11/29/2026", no
"2026-11-29", no "Nov. 29, 2026", no "29 de noviembre de 2026"). Pages come from the URL
resolver, with the rows of the permission matrix's World, as in the every-page sweep."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from peerwell import testing
from tests.browser.test_every_page import fill_the_lists
from tests.test_permission_matrix import ALL_PATTERNS, World, own_page

pytestmark = pytest.mark.django_db

EN_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
ES_MONTHS = "ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic"
ANY_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|abr|"
    r"ago|dic)\.?"
)
# Anything a reader would take for a date, in either language's usual ways of writing one.
DATE_LIKE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    rf"|\b{ANY_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?{ANY_MONTH}\s+(?:de\s+)?\d{{4}}\b",
    re.IGNORECASE,
)
THE_FORMAT = {
    "en": re.compile(rf"(?:{EN_MONTHS}) \d{{1,2}}, \d{{4}}"),
    "es": re.compile(rf"\d{{1,2}} (?:{ES_MONTHS}) \d{{4}}"),
}


class VisibleText(HTMLParser):
    """The text a reader sees: not scripts, styles, templates or form fields' values."""

    HIDDEN = {"script", "style", "template", "textarea", "option"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_the_date_pattern_catches_the_other_ways_of_writing_a_date():
    for other in ["11/29/2026", "29/11/2026", "2026-11-29", "Nov. 29, 2026", "November 29, 2026"]:
        [found] = DATE_LIKE.findall(f"Seen on {other}.")
        assert not THE_FORMAT["en"].fullmatch(found)
    for other in ["29 de noviembre de 2026", "29 Nov 2026", "29/11/2026", "29 nov. 2026"]:
        [found] = DATE_LIKE.findall(f"Visto el {other}.")
        assert not THE_FORMAT["es"].fullmatch(found)
    assert THE_FORMAT["en"].fullmatch(DATE_LIKE.findall("on Nov 29, 2026, 3:05 PM")[0])
    assert THE_FORMAT["es"].fullmatch(DATE_LIKE.findall("el 29 nov 2026, 15:05")[0])


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_shows_dates_one_way_per_language(language):
    world = World()
    fill_the_lists(world)
    clients = {}
    failures, dates = [], 0
    for route, pattern in ALL_PATTERNS:
        url, role = own_page(world, route, pattern)
        if role not in clients:
            clients[role] = Client(headers={"accept-language": language})
            if role:
                testing.sign_in(clients[role], world.users["own"][role])
        response = clients[role].get(url, follow=role is None)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        # A page in another language than the reader's (a plan printed in the
        # participant's language) says so on <html>, and its dates follow it.
        declared = re.search(r'<html lang="([a-z]{2})', html)
        page_language = declared.group(1) if declared else language
        for found in DATE_LIKE.findall(visible_text(html)):
            dates += 1
            if not THE_FORMAT[page_language].fullmatch(found):
                failures.append(f"{url}: {found!r}")
    # The pages with dates (records, timeline, consents, follow-ups, audit) were seen.
    assert dates >= 10, f"only {dates} dates were found"
    assert not failures, "dates in another format:\n" + "\n".join(failures)
