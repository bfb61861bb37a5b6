"""The audit trail in words: what each row says happened, as a supervisor would put it
("Viewed the record", "Logged a contact", "Refused: outside caseload"), and the names of
the staff members and family members that rows point at, looked up once per page."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

# The page a "view" row was written from (its URL name): what opening it was for.
PAGES = {
    "participant_detail": _("Viewed the record"),
    "participant_edit": _("Opened the record to edit it"),
    "participant_history": _("Viewed the record's earlier versions"),
    "participant_status": _("Opened the record to change the status"),
    "participant_assign": _("Opened the record to assign a peer"),
    "participant_merge": _("Opened the record to merge a duplicate"),
    "participant_emergency": _("Opened the emergency access page"),
    "log_contact": _("Opened the record to log a contact"),
    "contact_edit": _("Opened a contact to edit it"),
    "consent_list": _("Viewed the consents"),
    "consent_new": _("Opened the record to add a consent"),
    "consent_revoke": _("Opened a consent to revoke it"),
    "disclose": _("Opened the record to disclose information"),
    "disclose_emergency": _("Opened the record for an emergency disclosure"),
    "disclosure_accounting": _("Viewed the accounting of disclosures"),
    "family_member": _("Viewed a family member"),
    "family_member_edit": _("Opened a family member to edit"),
    "family_member_add": _("Opened the record to add a family member"),
    "family_member_link": _("Opened the record to link a family member"),
    "family_member_unlink": _("Opened the record to remove a family member's link"),
    "follow_up_done": _("Opened a follow-up to mark it done"),
}
OPENED = _("Opened the record")

# (action, model) -> words, for rows about one kind of row.
CHANGES = {
    ("create", "participants.participant"): _("Enrolled a participant"),
    ("update", "participants.participant"): _("Changed the record"),
    ("create", "contacts.contact"): _("Logged a contact"),
    ("update", "contacts.contact"): _("Changed a contact"),
    ("update", "contacts.followup"): _("Marked a follow-up done"),
    ("create", "consents.consent"): _("Recorded a consent"),
    ("update", "consents.consent"): _("Revoked a consent"),
    ("create", "participants.familymember"): _("Added a family member"),
    ("update", "participants.familymember"): _("Changed a family member"),
    ("create", "participants.familylink"): _("Linked a family member"),
    ("delete", "participants.familylink"): _("Removed a family member's link"),
    ("update", "participants.possibleduplicate"): _("Kept two possible duplicates as two people"),
    ("create", "orgs.invitation"): _("Invited a staff member"),
    ("create", "orgs.user"): _("Set up a staff account"),
    ("update", "orgs.user"): _("Changed a staff member's role or access"),
    ("update", "orgs.organization"): _("Changed the organization's settings"),
}
# A participant's record changed in one particular way (the field named).
RECORD_FIELDS = {
    "status": _("Changed the status"),
    "assigned_peer": _("Assigned a peer specialist"),
    "merged": _("Merged a duplicate record into this one"),
    "merged_into": _("Merged into another record"),
}
# Names a row uses for what is no single column.
FIELD_NAMES = {
    "support": _("kinds of support"),
    "second_factor": _("two-factor sign-in"),
    "merged": _("merged record"),
}
SIMPLE = {
    "emergency": _("Used emergency access"),
    "sign_in": _("Signed in"),
    "sign_in_failed": _("Sign-in failed: wrong email or password"),
    "mfa_failed": _("Sign-in failed: wrong code"),
}
REFUSED = {
    "caseload": _("Refused: outside caseload"),
    "role": _("Refused: not open to this role"),
    "row": _("Refused: not found in this organization"),
}


def _listed(detail: dict) -> str:
    if "search" in detail:
        return _("Searched for participants")
    if "family_search" in detail:
        return _("Searched for family members")
    if "caseload_of" in detail:
        return _("Viewed a peer's caseload to move people")
    if "follow_ups" in detail:
        return _("Viewed the follow-ups")
    if "pairs" in detail:
        return _("Viewed the possible duplicates")
    return _("Viewed the list of participants")


def _refused(entry) -> str:
    detail = entry.detail or {}
    if detail.get("why") == "caseload":
        return REFUSED["caseload"]
    if "view" in detail:
        return REFUSED["role"]
    return REFUSED["row"]


def what_happened(entry) -> str:
    """The row's action in words, in the current language."""
    action, detail = entry.action, entry.detail or {}
    if action == "view":
        return PAGES.get(detail.get("page", ""), OPENED)
    if action == "list":
        return _listed(detail)
    if action == "refused":
        return _refused(entry)
    if action == "sign_out":
        return _("Signed out after a time without activity") if detail else _("Signed out")
    if action == "export":
        if "disclosure" in detail:
            if detail.get("emergency"):
                return _("Disclosed information in a medical emergency")
            return _("Disclosed information under a consent")
        return _("Downloaded the audit trail")
    if action == "update" and "marked_inactive" in detail:
        return _("Marked participants inactive after no contact")
    if action == "update" and entry.model == "participants.participant":
        for field in entry.fields:
            if field in RECORD_FIELDS:
                return RECORD_FIELDS[field]
    if action in SIMPLE:
        return SIMPLE[action]
    return CHANGES.get((action, entry.model), entry.get_action_display())


def fields_changed(entry) -> str:
    """The changed fields' names as the forms label them ("status, phone")."""
    try:
        model = apps.get_model(entry.model) if entry.model else None
    except (LookupError, ValueError):
        model = None
    names = []
    for name in entry.fields:
        try:
            names.append(str(model._meta.get_field(name).verbose_name))
        except (AttributeError, FieldDoesNotExist):
            names.append(str(FIELD_NAMES.get(name, name.replace("_", " "))))
    return ", ".join(names)


def name_the_rows(entries, *, user) -> list:
    """The page's rows, each with `what` (in words) and `subject`: the name of the staff
    member or family member it is about, when it is about one (participants are named by
    the row's own participant). One query per kind of row named, however many rows."""
    from peerwell.orgs.models import User
    from peerwell.participants.models import FamilyMember

    entries = list(entries)
    wanted = {"orgs.user": set(), "participants.familymember": set()}
    for entry in entries:
        if entry.model in wanted and entry.object_id.isdigit():
            wanted[entry.model].add(int(entry.object_id))
    names = {
        "orgs.user": User.objects.names_for(user, wanted["orgs.user"]),
        "participants.familymember": {
            pk: f"{first} {last}"
            for pk, first, last in FamilyMember.objects.visible_to(user)
            .filter(pk__in=wanted["participants.familymember"])
            .values_list("pk", "first_name", "last_name")
        }
        if wanted["participants.familymember"]
        else {},
    }
    for entry in entries:
        entry.what = what_happened(entry)
        entry.changed = fields_changed(entry) if entry.action in {"create", "update"} else ""
        known = names.get(entry.model, {})
        entry.subject = known.get(int(entry.object_id)) if entry.object_id.isdigit() else None
    return entries
