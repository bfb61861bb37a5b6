"""What is sent with a disclosure: exactly the information it names, and nothing more.

`build_packet` only takes a recorded `Disclosure`, and only `actions.disclose` and
`actions.disclose_in_emergency` create those: a packet cannot exist without the consent
check, the redisclosure notice and the audit entry. Queries are fixed in number however
long the participant's history is; the service log summary is counted in SQL."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from peerwell.assessments.actions import answers_of
from peerwell.assessments.instruments import get as get_instrument
from peerwell.assessments.models import Administration
from peerwell.contacts.models import SUPPORT_KINDS, Contact, ContactKind
from peerwell.participants.models import Participant, StatusChange

from .models import Disclosure, Information


@dataclass
class Section:
    title: str
    # (label, value) pairs shown as a definition list.
    facts: list = field(default_factory=list)
    # Rows of a table, with its column headings.
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    # Shown when the section has nothing to send.
    empty: str = ""

    @property
    def labelled_rows(self):
        """Each cell with its column heading, for tables that stack on a phone."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


def _d(value):
    return date_format(value, "DATE_FORMAT") if value else ""


def _contact_details(p: Participant) -> Section:
    not_recorded = _("Not recorded")
    languages = [p.get_language_display()] + ([p.other_languages] if p.other_languages else [])
    ways = [
        label
        for allowed, label in (
            (p.may_call, _("Phone call")),
            (p.may_text, _("Text message")),
            (p.may_email, _("Email")),
        )
        if allowed
    ]
    facts = [
        (_("Name"), p.full_name),
        (_("Preferred name"), p.preferred_name or not_recorded),
        (_("Pronouns"), p.pronouns or not_recorded),
        (_("Date of birth"), _d(p.date_of_birth)),
        (_("Languages"), ", ".join(str(x) for x in languages)),
        (_("Phone"), p.phone.as_national if p.phone else not_recorded),
        (_("Email"), p.email or not_recorded),
        (_("Address"), p.address or not_recorded),
        (_("May be contacted by"), ", ".join(str(w) for w in ways) or not_recorded),
        (_("Safe times to call"), p.safe_times or not_recorded),
    ]
    return Section(title=_("Contact details"), facts=facts)


def _service_summary(p: Participant, contacts) -> Section:
    """Counts and time by kind of contact; dates, no notes."""
    totals = contacts.aggregate(
        contacts=Count("id"),
        minutes=Sum("duration_minutes"),
        first=Min("contact_date"),
        last=Max("contact_date"),
        **{name: Count("id", filter=Q(**{name: True})) for name, _label in SUPPORT_KINDS},
    )
    if not totals["contacts"]:
        return Section(title=_("Service log summary"), empty=_("No services recorded."))
    by_kind = (
        contacts.values("kind")
        .annotate(contacts=Count("id"), minutes=Sum("duration_minutes"))
        .order_by("-contacts", "kind")
    )
    kinds = dict(ContactKind.choices)
    supports = ", ".join(
        f"{label}: {totals[name]}" for name, label in SUPPORT_KINDS if totals[name]
    )
    return Section(
        title=_("Service log summary"),
        facts=[
            (_("Services"), totals["contacts"]),
            (_("Hours"), round(totals["minutes"] / 60, 1)),
            (_("First service"), _d(totals["first"])),
            (_("Latest service"), _d(totals["last"])),
            (_("Kinds of support given"), supports),
        ],
        columns=[_("Kind of contact"), _("Services"), _("Minutes")],
        rows=[
            (kinds.get(row["kind"], row["kind"]), row["contacts"], row["minutes"])
            for row in by_kind
        ],
    )


def _status(p: Participant, user) -> Section:
    changes = (
        StatusChange.objects.visible_to(user).filter(participant=p).order_by("changed_at", "id")
    )
    return Section(
        title=_("Enrollment and status"),
        facts=[
            (_("Enrolled"), _d(timezone.localtime(p.created_at).date())),
            (_("Status"), p.get_status_display()),
            (_("Stage relative to treatment"), p.get_stage_display() or _("Not recorded")),
            (
                _("Recovery pathways"),
                ", ".join(p.get_pathway_labels()) + (f" ({p.own_pathway})" if p.own_pathway else "")
                or _("Not recorded"),
            ),
        ],
        columns=[_("Date"), _("From"), _("To"), _("Reason")],
        rows=[
            (
                _d(timezone.localtime(c.changed_at).date()),
                c.get_from_status_display(),
                c.get_to_status_display(),
                c.get_reason_display(),
            )
            for c in changes
        ],
    )


def _service_log(contacts) -> Section:
    contacts = contacts.order_by("contact_date", "start_time", "id")
    return Section(
        title=_("Service log"),
        columns=[
            _("Date"),
            _("Kind of contact"),
            _("Support given"),
            _("Minutes"),
            _("How"),
            _("Notes"),
        ],
        rows=[
            (
                _d(c.contact_date),
                c.get_kind_display(),
                ", ".join(c.support_labels),
                c.duration_minutes,
                c.get_mode_display(),
                c.notes,
            )
            for c in contacts
        ],
        empty=_("No services recorded."),
    )


def _wellness_plan(p: Participant, user) -> Section:
    """The current plan: strengths, the four dimensions, goals and steps, barriers and the
    plan for a recurrence of symptoms. Three queries (the plan, its goals, their steps)."""
    from peerwell.plans.models import NOW_FIELDS, Dimension, current_plan

    title = _("Wellness plan")
    plan = current_plan(user, p, goals=True)
    if plan is None:
        return Section(title=title, empty=_("No wellness plan recorded."))
    facts = [
        (_("Started"), _d(plan.started_on)),
        (_("Review on"), _d(plan.review_on)),
        (
            _("Agreed"),
            f"{plan.agreed_name}, {_d(plan.agreed_on)}" if plan.agreed_on else _("Not agreed yet"),
        ),
        (_("Strengths"), plan.strengths),
        *(
            (
                format_lazy(_("{dimension}: where they are now"), dimension=d.label),
                getattr(plan, NOW_FIELDS[d]),
            )
            for d in Dimension
        ),
        (_("Barriers"), plan.barriers),
        (_("Triggers"), plan.triggers),
        (_("Early warning signs"), plan.warning_signs),
        (_("What helps"), plan.what_helps),
        (_("People to call, with their numbers"), plan.people_to_call),
        (_("The support they want from the program"), plan.support_wanted),
    ]
    rows = []
    for goal in plan.goals.all():
        steps = list(goal.steps.all()) or [None]
        for step in steps:
            rows.append(
                (
                    goal.get_dimension_display(),
                    goal.text,
                    step.who_label if step else "",
                    step.what if step else "",
                    _d(step.due_on) if step else "",
                    step.get_status_display() if step else "",
                )
            )
    return Section(
        title=title,
        facts=facts,
        columns=[_("Dimension"), _("Goal"), _("Who"), _("Step"), _("By when"), _("Status")],
        rows=rows,
    )


def _assessments(p: Participant, user) -> Section:
    """Each administration: date, instrument, total (or incomplete) and every answer."""
    administrations = (
        Administration.objects.visible_to(user)
        .filter(participant=p)
        .order_by("administered_on", "id")
    )
    rows = []
    for a in administrations:
        instrument, answers = get_instrument(a.instrument), answers_of(a)
        items = instrument.items if instrument else []
        lines = [
            f"{n}. {item.text}: "
            + (
                f"{answers[item.id]} ({instrument.label_for(answers[item.id])})"
                if item.id in answers
                else str(_("No answer"))
            )
            for n, item in enumerate(items, start=1)
        ]
        rows.append(
            (
                _d(a.administered_on),
                instrument.name if instrument else a.instrument,
                a.total if a.complete else _("Incomplete"),
                "\n".join(lines),
            )
        )
    return Section(
        title=_("Assessments"),
        columns=[_("Date"), _("Instrument"), _("Total"), _("Answers")],
        rows=rows,
        empty=_("Peerwell holds none for this participant."),
    )


def _referrals(p: Participant, user) -> Section:
    """Each referral: need, kind, provider, status and its dates, oldest first. The peer's
    note and the reason for a close stay in the record: the program's own working notes,
    not the referral details a consent covers (the FHIR export leaves them out too)."""
    from peerwell.navigation.models import Referral

    referrals = (
        Referral.objects.visible_to(user)
        .filter(participant=p)
        .defer("note", "reason")
        .order_by("proposed_at", "id")
    )
    rows = [
        (
            r.get_need_display(),
            r.get_kind_display(),
            r.provider_name + (f" ({r.provider_contact})" if r.provider_contact else ""),
            r.get_status_display(),
            *(
                _d(timezone.localdate(when)) if when else ""
                for when in (r.proposed_at, r.sent_at, r.closed_at)
            ),
        )
        for r in referrals
    ]
    return Section(
        title=_("Referral details"),
        columns=[
            _("Need"),
            _("Kind"),
            _("Provider"),
            _("Status"),
            _("Made"),
            _("Sent"),
            _("Closed"),
        ],
        rows=rows,
        empty=_("Peerwell holds none for this participant."),
    )


def build_packet(disclosure: Disclosure, user) -> list[Section]:
    """The sections to send, in a fixed order, for the items the disclosure names, read
    as `user` (who made the disclosure) sees them."""
    p = disclosure.participant
    # Services only: an attempt to reach them (no answer, a voicemail) was none.
    contacts = Contact.objects.visible_to(user).reached().filter(participant=p)
    items = set(disclosure.information.split(","))
    whole = Information.WHOLE_RECORD in items
    sections = []
    if whole or Information.CONTACT in items:
        sections.append(_contact_details(p))
    if whole:
        sections.append(_status(p, user))
    if whole or Information.SERVICE_LOG in items:
        sections.append(_service_summary(p, contacts))
    if whole:
        sections.append(_service_log(contacts))
    if whole or Information.WELLNESS_PLAN in items:
        sections.append(_wellness_plan(p, user))
    if whole or Information.ASSESSMENTS in items:
        sections.append(_assessments(p, user))
    if whole or Information.REFERRALS in items:
        sections.append(_referrals(p, user))
    return sections
