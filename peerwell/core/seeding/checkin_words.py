"""Words for seeded check-ins: what callers write, and why a task was left."""

SAFETY_NOTES = [
    "Only call the cell phone; their partner must not know about the calls.",
    "Do not leave a voicemail.",
    "Works nights: never call before noon.",
    "Hard of hearing: speak slowly and check they heard you.",
    "Say you are calling from 'the center', nothing more.",
]
SUMMARIES = {
    "en": [
        "Doing well; went to two meetings this week.",
        "Stressed about work but managing. Wants a call at the same time next week.",
        "Had a rough weekend, talked it through. Reminded them of the 988 line.",
        "Celebrating six months. Asked about volunteering at the center.",
        "Looking for a ride to the clinic on Thursday; gave the transport number.",
        "Quiet call, said things are steady. Sleeping better.",
        "Family visit went well. Still going to the Tuesday group.",
        "",
    ],
    "es": [
        "Se siente bien; fue a dos reuniones esta semana.",
        "Estresado por el trabajo pero lo está manejando.",
        "Fin de semana difícil; lo hablamos. Le recordé la línea 988.",
        "Celebra seis meses. Preguntó por el voluntariado en el centro.",
        "Necesita transporte a la clínica el jueves; le di el número.",
        "",
    ],
}
OUTCOMES = [
    "Talked with them the same day; they agreed to see the intake counselor.",
    "Reached them and shared the resource list.",
    "Left word with the clinic; they called back the next morning.",
    "Visited at the drop-in; doing better.",
]
ENDED_REASONS = [
    "Finished the first twelve weeks and feels steady.",
    "Asked to stop the calls.",
    "Moved out of the area.",
    "",
]
REQUEST_NAMES = ["Alex", "Jordan", "Maria", "Luis", "Taylor", "Ana", "Chris", "Rosa", "Sam"]
REQUEST_TIMES = ["Weekday mornings", "After 5pm", "Tuesdays or Thursdays", "Any time", ""]
