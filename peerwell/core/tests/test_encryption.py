import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from peerwell import testing
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

NOTE = "Relapsed last week; wants help finding a detox bed."


def stored_notes(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM participants_participant WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_notes_column_holds_no_plaintext(org):
    participant = testing.make_participant(org, notes=NOTE)
    raw = stored_notes(participant.pk)
    assert NOTE not in raw and "detox" not in raw
    assert Participant.objects.get(pk=participant.pk).notes == NOTE


def test_rotation_reencrypts_with_the_newest_key(org, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    participant = testing.make_participant(org, notes=NOTE)
    before = stored_notes(participant.pk)

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))
    after = stored_notes(participant.pk)
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()).decode() == NOTE

    # Once rotated, the old key can be dropped and the note still reads.
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Participant.objects.get(pk=participant.pk).notes == NOTE


def test_a_missing_key_is_a_clear_configuration_error(org, settings):
    participant = testing.make_participant(org, notes=NOTE)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS"):
        Participant.objects.get(pk=participant.pk)


def test_rotation_reencrypts_the_accounting_of_disclosures_and_keeps_it_append_only(org, settings):
    from django.db import DatabaseError, transaction

    from peerwell.consents.models import Disclosure

    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(org)
    disclosure = Disclosure.objects.create(
        organization=org,
        participant=participant,
        recipient="Riverside Housing Authority",
        information="contact",
        purpose="Housing application",
        disclosed_by=peer,
    )
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Disclosure.objects.get(pk=disclosure.pk).purpose == "Housing application"
    # The guard is back: the database still refuses to change the row.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE consents_disclosure SET recipient = 'x' WHERE id = %s", [disclosure.pk]
            )
