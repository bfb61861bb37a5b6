"""Community: sites and recurring events, attendance and classes, volunteer hours,
certifications and instrumental help."""

from .attendance import Attendee, AttendeeStatus, ClassEnrolment, ClassStatus, Session
from .people import (
    Certification,
    HelpKind,
    HoursSource,
    HoursStatus,
    InstrumentalHelp,
    Program,
    VolunteerHours,
)
from .schedule import (
    COMMUNITY_ROLES,
    PLANNER_ROLES,
    Event,
    EventChange,
    EventKind,
    EventLanguage,
    LifeSkill,
    Site,
    SiteKind,
    Van,
)

__all__ = [
    "COMMUNITY_ROLES",
    "PLANNER_ROLES",
    "Attendee",
    "AttendeeStatus",
    "Certification",
    "ClassEnrolment",
    "ClassStatus",
    "Event",
    "EventChange",
    "EventKind",
    "EventLanguage",
    "HelpKind",
    "HoursSource",
    "HoursStatus",
    "InstrumentalHelp",
    "LifeSkill",
    "Program",
    "Session",
    "Site",
    "SiteKind",
    "Van",
    "VolunteerHours",
]
