"""The whole packet a recipient receives, section by section, word for word: every
heading, label and value they will read, and nothing else."""

from datetime import UTC, date, datetime, time
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.participants.models import StatusChange

pytestmark = pytest.mark.django_db


class PacketParser(HTMLParser):
    """The packet sections of the disclosure page: title, facts, table columns and rows,
    or the sentence shown when a section is empty."""

    def __init__(self):
        super().__init__()
        self.sections, self.section, self.cell, self.row = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("class", "pw-packet-section") in attrs:
            self.section = {"title": "", "facts": [], "columns": [], "rows": [], "empty": ""}
            self.sections.append(self.section)
        elif self.section is not None and tag in {"h2", "dt", "dd", "th", "td", "p"}:
            self.cell = [tag, ""]
        elif self.section is not None and tag == "tr":
            self.row = []
        elif self.cell is not None and tag == "br":
            self.cell[1] += "\n"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag):
        if tag == "section":
            self.section = None
        elif self.cell is not None and tag == self.cell[0]:
            kind, text = self.cell[0], self.cell[1].strip()
            self.cell = None
            if kind == "h2":
                self.section["title"] = text
            elif kind == "dt":
                self.section["facts"].append([text])
            elif kind == "dd":
                self.section["facts"][-1].append(text)
            elif kind == "th":
                self.section["columns"].append(text)
            elif kind == "td":
                self.row.append(text)
            elif kind == "p":
                self.section["empty"] = text
        elif tag == "tr" and self.row:
            self.section["rows"].append(self.row)
            self.row = None


def packet_of(response):
    parser = PacketParser()
    parser.feed(response.content.decode())
    for section in parser.sections:
        section["facts"] = [tuple(fact) for fact in section["facts"]]
        section["rows"] = [tuple(row) for row in section["rows"]]
    return parser.sections


@pytest.fixture
def record(org, peer):
    participant = testing.make_participant(
        org,
        assigned_peer=peer,
        first_name="Maria",
        last_name="Lopez",
        preferred_name="Mari",
        pronouns="she/her",
        date_of_birth=date(1988, 4, 9),
        language="es",
        other_languages="Portuguese",
        email="maria@example.org",
        address="12 Juniper Lane\nApt 4",
        may_call=True,
        may_text=True,
        may_email=True,
        safe_times="Weekday mornings",
        stage="during",
        pathways=["twelve_step", "medication"],
        own_pathway="church group",
        status="discharged",
        discharge_reason="moved",
        created_at=datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
    )
    StatusChange.objects.create(
        organization=org,
        participant=participant,
        from_status="active",
        to_status="discharged",
        reason="moved",
        changed_by=peer,
        changed_at=datetime(2026, 10, 20, 16, 0, tzinfo=UTC),
    )
    StatusChange.objects.create(  # entered later, but happened first
        organization=org,
        participant=participant,
        from_status="inactive",
        to_status="active",
        changed_by=peer,
        changed_at=datetime(2026, 6, 1, 16, 0, tzinfo=UTC),
    )
    # An unanswered call was no service: neither the summary nor the log counts it.
    testing.make_contact(
        participant,
        peer,
        contact_date=date(2026, 10, 6),
        kind="check_in",
        outcome="no_answer",
        emotional=False,
        duration_minutes=None,
        mode="phone",
        notes="No answer at the number on file.",
    )
    # Entered out of order: the log lists them by date, then by time.
    testing.make_contact(
        participant,
        peer,
        contact_date=date(2026, 10, 5),
        start_time=time(14, 0),
        kind="navigation",
        emotional=True,
        informational=True,
        duration_minutes=15,
        mode="phone",
        notes="Asked about the\nhousing list.",
    )
    testing.make_contact(
        participant,
        peer,
        contact_date=date(2026, 10, 5),
        start_time=time(9, 30),
        kind="coaching",
        emotional=True,
        duration_minutes=45,
        mode="in_person",
        notes="Planned the week.",
    )
    testing.make_contact(
        participant,
        peer,
        contact_date=date(2026, 9, 28),
        start_time=time(16, 0),
        kind="check_in",
        emotional=False,
        affiliational=True,
        duration_minutes=30,
        mode="video",
    )
    testing.make_contact(
        participant,
        peer,
        contact_date=date(2026, 10, 7),
        start_time=time(10, 0),
        kind="coaching",
        emotional=False,
        instrumental=True,
        duration_minutes=10,
        mode="phone",
    )
    return participant


def disclose(client, participant, information):
    testing.make_consent(
        participant, witnessed_by=participant.assigned_peer, information=",".join(information)
    )
    return client.post(
        reverse("disclose", args=[participant.pk]),
        {
            "recipient": "Riverside Housing Authority",
            "information": information,
            "purpose": "Housing",
        },
        follow=True,
    )


NONE_KEPT = "Peerwell holds none for this participant."


def section(title, facts=(), columns=(), rows=(), empty=""):
    return {
        "title": title,
        "facts": list(facts),
        "columns": list(columns),
        "rows": list(rows),
        "empty": empty,
    }


def test_the_whole_record_packet(as_user, peer, record):
    packet = packet_of(disclose(as_user(peer), record, ["whole_record"]))
    assert packet == [
        section(
            "Contact details",
            facts=[
                ("Name", "Maria Lopez"),
                ("Preferred name", "Mari"),
                ("Pronouns", "she/her"),
                ("Date of birth", "Apr 9, 1988"),
                ("Languages", "Spanish, Portuguese"),
                ("Phone", "(215) 555-0123"),
                ("Email", "maria@example.org"),
                ("Address", "12 Juniper Lane\nApt 4"),
                ("May be contacted by", "Phone call, Text message, Email"),
                ("Safe times to call", "Weekday mornings"),
            ],
        ),
        section(
            "Enrollment and status",
            facts=[
                ("Enrolled", "Mar 2, 2026"),
                ("Status", "Discharged"),
                ("Stage relative to treatment", "During treatment"),
                ("Recovery pathways", "12-step, Medication-supported (church group)"),
            ],
            columns=["Date", "From", "To", "Reason"],
            rows=[
                ("Jun 1, 2026", "Inactive", "Active", ""),
                ("Oct 20, 2026", "Active", "Discharged", "Moved away"),
            ],
        ),
        section(
            "Service log summary",
            facts=[
                ("Services", "4"),
                ("Hours", "1.7"),  # 100 minutes
                ("First service", "Sep 28, 2026"),
                ("Latest service", "Oct 7, 2026"),
                (
                    "Kinds of support given",
                    "Emotional: 2, Informational: 1, Instrumental: 1, Affiliational: 1",
                ),
            ],
            columns=["Kind of contact", "Services", "Minutes"],
            rows=[
                ("Recovery coaching", "2", "55"),
                ("Check-in call", "1", "30"),
                ("Navigation / case management", "1", "15"),
            ],
        ),
        section(
            "Service log",
            columns=["Date", "Kind of contact", "Support given", "Minutes", "How", "Notes"],
            rows=[
                ("Sep 28, 2026", "Check-in call", "Affiliational", "30", "Video", ""),
                (
                    "Oct 5, 2026",
                    "Recovery coaching",
                    "Emotional",
                    "45",
                    "In person",
                    "Planned the week.",
                ),
                (
                    "Oct 5, 2026",
                    "Navigation / case management",
                    "Emotional, Informational",
                    "15",
                    "Phone",
                    "Asked about the\nhousing list.",
                ),
                ("Oct 7, 2026", "Recovery coaching", "Instrumental", "10", "Phone", ""),
            ],
        ),
        section("Wellness plan", empty="No wellness plan recorded."),
        section("Assessments", empty=NONE_KEPT),
        section("Referral details", empty=NONE_KEPT),
    ]


def test_what_was_never_recorded_says_so(as_user, org, peer):
    bare = testing.make_participant(
        org, assigned_peer=peer, first_name="Jo", last_name="Reyes", phone="", may_call=False
    )
    packet = packet_of(disclose(as_user(peer), bare, ["whole_record"]))
    not_recorded = "Not recorded"
    assert packet[0]["facts"] == [
        ("Name", "Jo Reyes"),
        ("Preferred name", not_recorded),
        ("Pronouns", not_recorded),
        ("Date of birth", "May 17, 1990"),
        ("Languages", "English"),
        ("Phone", not_recorded),
        ("Email", not_recorded),
        ("Address", not_recorded),
        ("May be contacted by", not_recorded),
        ("Safe times to call", not_recorded),
    ]
    assert packet[1]["facts"][2:] == [
        ("Stage relative to treatment", not_recorded),
        ("Recovery pathways", not_recorded),
    ]
    assert packet[1]["rows"] == []
    assert packet[2] == section("Service log summary", empty="No services recorded.")
    assert packet[3] == section("Service log", empty="No services recorded.")


@pytest.mark.parametrize(
    "information, titles",
    [
        (["service_log"], ["Service log summary"]),
        (["contact"], ["Contact details"]),
        (["contact", "service_log"], ["Contact details", "Service log summary"]),
    ],
)
def test_only_the_sections_named_go(as_user, peer, record, information, titles):
    packet = packet_of(disclose(as_user(peer), record, information))
    assert [s["title"] for s in packet] == titles
