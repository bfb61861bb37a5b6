"""The door's QR code points at a public form whose address carries a signed token
naming the event, so nobody can guess another event's form from a number."""

from django.core import signing

SALT = "peerwell.community.check-in"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def token_for(event) -> str:
    return _signer().sign(str(event.pk))


def event_id_from(token: str) -> int | None:
    """The event a token names, or None for a token we did not sign."""
    try:
        return int(_signer().unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def door_match(organization, first_name: str, phone):
    """The participant a door check-in names: same organization, first or preferred name
    (any case), and the same phone number (both normalised to E.164 by phonenumbers).
    None unless exactly one matches."""
    from peerwell.participants.models import Participant

    wanted = first_name.strip().casefold()
    # The public form has no user to scope by: the organization comes from its address.
    found = [
        p
        for p in Participant.objects.filter(
            organization=organization, merged_into__isnull=True, phone=phone.as_e164
        ).only("id", "organization", "first_name", "preferred_name", "phone")[:20]
        if wanted in {p.first_name.strip().casefold(), p.preferred_name.strip().casefold()}
    ]
    return found[0] if len(found) == 1 else None
