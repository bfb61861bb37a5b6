"""Telephone Recovery Support: who is enrolled in weekly check-ins, the day's calls, what
each attempt found, and the escalations a call raises.

The call queue is durable work in our own tables (DESIGN.md, "Background work"): a task
only triggers `generate_calls`, and the unique (enrolment, due date) pair makes running it
twice, or again after a crash, harmless."""

from .calls import (
    OPEN_CALL_STATUSES,
    CallAttempt,
    CallAttemptQuerySet,
    CallStatus,
    CheckInCall,
    CheckInCallQuerySet,
    Outcome,
    Recovery,
)
from .enrolment import (
    DAYS_PER_CADENCE,
    WEEK_ZERO,
    WEEKDAYS,
    Cadence,
    CallerPreference,
    CallRequest,
    CallRequestQuerySet,
    Channel,
    Enrolment,
    EnrolmentChange,
    EnrolmentQuerySet,
    EnrolmentStatus,
    week_parity,
)
from .escalations import (
    CheckInRules,
    Escalation,
    EscalationKind,
    EscalationQuerySet,
    rules_for,
)

__all__ = [
    "Cadence",
    "CallAttempt",
    "CallAttemptQuerySet",
    "CallRequest",
    "CallRequestQuerySet",
    "CallStatus",
    "CallerPreference",
    "Channel",
    "CheckInCall",
    "CheckInCallQuerySet",
    "CheckInRules",
    "DAYS_PER_CADENCE",
    "Enrolment",
    "EnrolmentChange",
    "EnrolmentQuerySet",
    "EnrolmentStatus",
    "Escalation",
    "EscalationKind",
    "EscalationQuerySet",
    "OPEN_CALL_STATUSES",
    "Outcome",
    "Recovery",
    "WEEKDAYS",
    "WEEK_ZERO",
    "rules_for",
    "week_parity",
]
