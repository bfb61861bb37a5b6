"""One administration as HL7 FHIR R4 JSON, for a treatment provider: a Bundle of type
"collection" holding the Questionnaire (the instrument, from its definition file) and the
QuestionnaireResponse (the answers).

Why a Bundle rather than two files: the response's answers mean something only with the
questionnaire that defines them (its items and answer scale), and a provider's system
imports one file; a collection Bundle is FHIR's way to send resources that belong
together without asking the receiver to store them as a transaction. The response
points at the questionnaire by its canonical URL and version, as FHIR expects.

Part 2 travels with the data: the Bundle and the response carry security labels
(restricted; 42 CFR Part 2; no redisclosure without consent) and the response's narrative
is the redisclosure notice of the disclosure it was sent under.

Built only for a recorded `Disclosure` (see `views_schedules.export`): the file never
exists without the consent check, the notice and the audit of `consents.actions.disclose`.
"""

import json
import uuid
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from peerwell.consents import actions as consents
from peerwell.consents.models import Information

from .models import DisclosedAdministration

CANONICAL = "urn:peerwell:questionnaire:"
SECURITY = [
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
        "code": "R",
        "display": "restricted",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "42CFRPart2",
        "display": "42 CFR Part2",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
]
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TOTAL = "total"
INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"


@dataclass(frozen=True)
class _Item:
    id: str
    text: str


@dataclass(frozen=True)
class _Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Definition:
    """What the export reads of an instrument: the shape of `instruments.Instrument`."""

    code: str
    name: str
    title: str
    version: str
    citation: str
    items: tuple
    scale: tuple


def definition_for(code: str) -> Definition:
    """The instrument's definition file (to become `instruments.get` once it lands)."""
    data = json.loads((INSTRUMENT_DIR / f"{code}.json").read_text(encoding="utf-8"))
    return Definition(
        code=data["code"],
        name=data["name"],
        title=data["title"],
        version=str(data["version"]),
        citation=data["citation"],
        items=tuple(_Item(item["id"], item["text"]) for item in data["items"]),
        scale=tuple(_Choice(int(c["value"]), c["label"]) for c in data["scale"]),
    )


def _fhir_name(key: str) -> str:
    """A computer-friendly name as FHIR wants it: a capital letter first, then letters,
    digits and underscores."""
    cleaned = "".join(c if c.isalnum() else "_" for c in key)
    return cleaned[:1].upper() + cleaned[1:] if cleaned[:1].isalpha() else f"I{cleaned}"


def _coding(definition, value: int) -> dict:
    labels = {choice.value: choice.label for choice in definition.scale}
    return {
        "system": f"{CANONICAL}{definition.code}:scale",
        "code": str(value),
        "display": labels.get(value, str(value)),
    }


def questionnaire(definition) -> dict:
    """The instrument as a FHIR Questionnaire: each item a required choice of the answer
    scale (each option with its number as `ordinalValue`), and the total as a read-only
    integer."""
    options = [
        {"valueCoding": _coding(definition, c.value), "extension": [_ordinal(c.value)]}
        for c in definition.scale
    ]
    items = [
        {
            "linkId": item.id,
            "text": item.text,
            "type": "choice",
            "required": True,
            "answerOption": options,
        }
        for item in definition.items
    ]
    items.append({"linkId": TOTAL, "text": "Total score", "type": "integer", "readOnly": True})
    return {
        "resourceType": "Questionnaire",
        "id": definition.code,
        "url": f"{CANONICAL}{definition.code}",
        "version": definition.version,
        "name": _fhir_name(definition.code),
        "title": f"{definition.title} ({definition.name})",
        "status": "active",
        "language": "en",
        "description": definition.citation,
        "item": items,
    }


def _ordinal(value: int) -> dict:
    return {"url": ORDINAL, "valueDecimal": value}


def _narrative(administration, name: str, notice: str, answered: int, asked: int) -> dict:
    summary = (
        f"{name} administered on {administration.administered_on:%Y-%m-%d}"
        f": {answered} of {asked} items answered"
        + (f", total {administration.total}." if administration.complete else ", incomplete.")
    )
    div = f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(summary)}</p>'
    div += f"<p>{escape(notice)}</p></div>"
    return {"status": "additional", "div": div}


def questionnaire_response(administration, definition, *, notice: str) -> dict:
    """The answers: one item per question answered (an unanswered one is left out), the
    total only when every item is answered; "in-progress" when some are missing, so the
    receiver never reads a partial sum as a score."""
    answers = json.loads(administration.answers or "{}")
    items = []
    for item in definition.items:
        value = answers.get(item.id)
        if value is None:
            continue
        items.append(
            {
                "linkId": item.id,
                "text": item.text,
                "answer": [{"valueCoding": _coding(definition, int(value))}],
            }
        )
    answered = len(items)
    if administration.complete and administration.total is not None:
        items.append(
            {
                "linkId": TOTAL,
                "text": "Total score",
                "answer": [{"valueInteger": administration.total}],
            }
        )
    participant, staff = administration.participant, administration.administered_by
    response = {
        "resourceType": "QuestionnaireResponse",
        "id": f"administration-{administration.pk}",
        "meta": {"security": SECURITY},
        "text": _narrative(
            administration, definition.name, notice, answered, len(definition.items)
        ),
        "questionnaire": f"{CANONICAL}{definition.code}|{definition.version}",
        "status": "completed" if administration.complete else "in-progress",
        "subject": {"display": participant.full_name},
        "authored": administration.administered_on.isoformat(),
        "author": {"display": staff.full_name},
    }
    if items:
        response["item"] = items
    return response


def bundle(administration, *, notice: str) -> dict:
    """The Bundle a provider imports: Questionnaire, then QuestionnaireResponse."""
    definition = definition_for(administration.instrument)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"security": SECURITY},
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [
            {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": questionnaire(definition)},
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": questionnaire_response(administration, definition, notice=notice),
            },
        ],
    }


@transaction.atomic
def disclose_administration(
    *, request, participant, administration, recipient: str, purpose: str
) -> DisclosedAdministration:
    """Records the disclosure of the administration to `recipient` under a valid consent
    that names them and covers assessments (the accounting of disclosures lists it), and
    which administration it sent. Raises `consents.DisclosureRefused` otherwise, with
    nothing recorded."""
    disclosure = consents.disclose(
        request=request,
        participant=participant,
        recipient=recipient,
        information=[Information.ASSESSMENTS],
        purpose=purpose,
    )
    return DisclosedAdministration.objects.create(
        organization_id=participant.organization_id,
        disclosure=disclosure,
        administration=administration,
    )
