"""Words for synthetic records: plausible, varied, and about nobody real.

Notes are put together from fragments, in English or Spanish after the participant's
preferred language, the way peer specialists write them: what happened, what was
offered, what comes next."""

import random

from peerwell.core.fields import encrypt

OPENERS_EN = [
    "Met at the recovery center.",
    "Called as planned.",
    "Checked in by phone after the weekend.",
    "Walked with them to the county office.",
    "Drop-in visit, stayed about an hour.",
    "Met for coffee near the bus station.",
    "Group check-in before the Tuesday meeting.",
    "Returned their call from yesterday.",
    "Video call; connection dropped once.",
    "Sent a reminder text, then talked briefly.",
]
BODIES_EN = [
    "Talked about cravings at work and what helped last time.",
    "Reviewed the wellness plan; wants to add walking three mornings a week.",
    "Celebrated 90 days. Proud and a little nervous about what comes next.",
    "Housing application is still pending; helped call the navigator for an update.",
    "Worried about a court date next month. We went over the questions to ask the lawyer.",
    "Had a hard week after a family argument. Used the phone list and called a friend.",
    "Asked about medication-supported recovery; shared the clinic's walk-in hours.",
    "Job interview at the warehouse went well; waiting to hear back.",
    "Needs a ride to the outpatient appointment on Thursday.",
    "Filled out the SNAP renewal together. Missing one pay stub.",
    "Sleeping better since changing shifts. Says the morning meeting helps.",
    "Reconnected with their sister; planning a visit for the holidays.",
    "Talked through a slip last weekend without judgment; made a plan for Friday nights.",
    "Got their ID replaced. Next step is the bank account.",
    "Interested in the volunteer training at the center.",
    "Shared that the new sponsor is a good fit.",
    "Feeling isolated since moving. Looked at meetings close to the new place.",
    "Brought the resume draft; we fixed the dates and added the forklift certificate.",
]
NEXT_EN = [
    "Will call again Friday.",
    "Follow up after the appointment.",
    "Plans to attend the Thursday group.",
    "Will bring the paperwork next time.",
    "Agreed to text if things get hard before then.",
    "Next visit in two weeks.",
    "",
]
OPENERS_ES = [
    "Nos reunimos en el centro de recuperación.",
    "Llamada según lo acordado.",
    "Llamada de seguimiento después del fin de semana.",
    "Lo acompañé a la oficina del condado.",
    "Visita sin cita; se quedó como una hora.",
    "Videollamada; la conexión se cortó una vez.",
    "Le devolví la llamada de ayer.",
]
BODIES_ES = [
    "Hablamos de los antojos en el trabajo y de lo que le ayudó la última vez.",
    "Revisamos el plan de bienestar; quiere caminar tres mañanas por semana.",
    "Celebramos 90 días. Se siente orgulloso y un poco nervioso.",
    "La solicitud de vivienda sigue pendiente; llamamos juntos a la navegadora.",
    "Le preocupa la cita en la corte el mes que viene; repasamos las preguntas para el abogado.",
    "Semana difícil después de una discusión familiar. Llamó a una amiga de su lista.",
    "Preguntó por el tratamiento con medicamentos; le di el horario de la clínica.",
    "La entrevista de trabajo salió bien; espera respuesta.",
    "Necesita transporte para la cita del jueves.",
    "Llenamos juntos la renovación de beneficios. Falta un talón de pago.",
    "Se reconectó con su hermana; planean verse en las fiestas.",
    "Busca un grupo de apoyo en español cerca de su casa nueva.",
    "Consiguió su identificación nueva. Lo siguiente es abrir una cuenta de banco.",
]
NEXT_ES = [
    "Llamaré otra vez el viernes.",
    "Seguimiento después de la cita.",
    "Piensa ir al grupo del jueves.",
    "Traerá los papeles la próxima vez.",
    "Próxima visita en dos semanas.",
    "",
]
PURPOSES = [
    "Coordinate care with the outpatient program.",
    "Verify attendance for the court's treatment requirement.",
    "Referral to sober housing.",
    "Share progress with the primary care doctor.",
    "Apply for benefits on the participant's behalf.",
]
RECIPIENTS = [
    "Valley Outpatient Treatment Center",
    "County Probation Department",
    "Harbor Sober Living",
    "Riverside Family Health Clinic",
    "Lakeview Housing Navigation Program",
    "Summit Behavioral Health",
    "State Vocational Rehabilitation Office",
]
EMERGENCY_RECIPIENT = "County Emergency Medical Services"
# Why a peer outside the caseload opened a record (the emergency-access reason).
EMERGENCY_ACCESS_REASONS = [
    "Called the warm line in crisis; their peer is off today.",
    "Walked into the center asking for their peer, who is on leave.",
    "Hospital social worker calling about a discharge tonight.",
    "Texted that they had used again and wanted someone now.",
]
EMERGENCIES = [
    "Unresponsive at the center; information given to the paramedics.",
    "Suspected overdose; the emergency department asked about medications.",
]
PLACES = ["Recovery center", "Library", "Coffee shop", "County office", "Their home", "Park"]
RELATIONSHIPS = ["Mother", "Father", "Spouse", "Partner", "Sister", "Brother", "Daughter", "Son"]
# What a peer writes after an attempt: no answer, a voicemail, a missed meeting.
ATTEMPT_NOTES = {
    "en": [
        "",
        "Called twice, no answer. Will try again tomorrow.",
        "Left a short voicemail with my first name only.",
        "Number is no longer in service; asked the clinic for a new one.",
        "Waited 30 minutes at the library; they did not come.",
    ],
    "es": [
        "",
        "Llamé dos veces, no contestó. Vuelvo a intentar mañana.",
        "Dejé un mensaje breve solo con mi nombre.",
        "No llegó a la cita en la biblioteca; esperé 30 minutos.",
    ],
}
# Why a follow-up was set, in the peer's words (encrypted, as the notes are).
FOLLOW_UP_REASONS = {
    "en": [
        "Check that the intake appointment happened.",
        "Bring the housing application and help fill it in.",
        "Call after the court date to see how it went.",
        "Ask whether the ride to the clinic worked out.",
        "Was struggling this week; check in by phone.",
        "Follow up on the referral to the support group.",
        "",
    ],
    "es": [
        "Confirmar que fue a la cita de admisión.",
        "Llevar la solicitud de vivienda y ayudar a llenarla.",
        "Llamar después de la cita en el tribunal.",
        "Preguntar si consiguió transporte a la clínica.",
        "",
    ],
}
FAMILY_NOTES = [
    "Attends the family support group on Mondays.",
    "Would like information on naloxone training.",
    "Prefers calls in the evening.",
    "",
]


def _note(rng: random.Random, openers, bodies, nexts) -> str:
    parts = [rng.choice(openers)]
    # Most notes are two or three sentences; some are long, as after a hard day.
    for _ in range(rng.choice((1, 1, 1, 2, 2, 4))):
        parts.append(rng.choice(bodies))
    parts.append(rng.choice(nexts))
    return " ".join(p for p in parts if p)


class Pool:
    """Encrypted texts to draw from. Encrypting takes ~50us a value, too slow for ten
    million contacts, so each distinct text is encrypted once (exactly as the app does)
    and its token reused; `plain` keeps the texts for tests."""

    def __init__(self, texts: list[str]):
        self.plain = texts
        self.tokens = [encrypt(t) if t else "" for t in texts]

    def pick(self, rng: random.Random) -> str:
        return self.tokens[int(rng.random() * len(self.tokens))]


def note_pools(rng: random.Random, size: int) -> dict[str, Pool]:
    """Contact notes by language ("es" for Spanish, "en" for everyone else)."""
    size = max(1, size)
    english = [_note(rng, OPENERS_EN, BODIES_EN, NEXT_EN) for _ in range(size)]
    spanish = [_note(rng, OPENERS_ES, BODIES_ES, NEXT_ES) for _ in range(max(1, size // 2))]
    return {"en": Pool(english), "es": Pool(spanish)}
