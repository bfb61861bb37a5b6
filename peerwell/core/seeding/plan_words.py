"""Words for seeded Recovery Wellness Plans, in English and Spanish: what a participant
says about their strengths and where they are in each of SAMHSA's four dimensions, the
goals and steps they set with their peer, and their plan for a recurrence of symptoms.
About nobody real; phone numbers are in the 555 range."""

DIMENSIONS = ("health", "home", "community", "purpose")

STRENGTHS = {
    "en": [
        "Honest about what is hard. Shows up when they say they will.",
        "Good with their hands; fixed half the chairs at the center.",
        "Close to their daughter, who wants them well.",
        "Six months without using once before; knows what worked.",
        "Funny, and people open up to them in group.",
        "Keeps a journal and reads it back when things get rough.",
        "Faith community that has stood by them.",
        "Stubborn in a good way: finishes what they start.",
        "Has a sponsor they trust and calls them most days.",
        "Cooks for the neighbours; likes being useful.",
    ],
    "es": [
        "Es honesto sobre lo que le cuesta. Cumple cuando dice que va a venir.",
        "Muy hábil con las manos; arregló la mitad de las sillas del centro.",
        "Tiene una relación cercana con su hija, que quiere verlo bien.",
        "Ya estuvo seis meses sin consumir; sabe lo que le funcionó.",
        "Tiene buen humor y la gente se abre con él en el grupo.",
        "Escribe un diario y lo relee cuando las cosas se ponen difíciles.",
        "Su comunidad de fe lo ha apoyado siempre.",
        "Es constante: termina lo que empieza.",
    ],
}

# Where they are now, in their words, by dimension.
NOW = {
    "en": {
        "health": [
            "Sleeping badly and skipping meals. Want to see a doctor again.",
            "On medication for opioid use; it is helping. Teeth need work.",
            "Feeling stronger since I started walking. Anxiety is still high.",
            "Haven't had a check-up in years.",
        ],
        "home": [
            "Staying on a friend's couch; it's not a safe place to stay sober.",
            "In a recovery house since spring. I like it but it ends in the summer.",
            "Have my own apartment. Behind on the electric bill.",
            "Living with my mother. We argue, but it's stable.",
        ],
        "community": [
            "Lost most of my friends when I stopped using. Lonely on weekends.",
            "Go to the Tuesday meeting. Want somewhere to go on Saturdays.",
            "Reconnecting with my brother. Church is a good place for me.",
            "Don't know anyone in recovery near the new place.",
        ],
        "purpose": [
            "Out of work since the injury. Want to work with my hands again.",
            "Working part time at the warehouse; want more hours.",
            "Thinking about finishing my GED.",
            "Would like to volunteer and give back to the center.",
        ],
    },
    "es": {
        "health": [
            "Duermo mal y me salto comidas. Quiero volver a ver a un médico.",
            "Tomo medicamento para el uso de opioides y me está ayudando.",
            "Me siento más fuerte desde que camino. La ansiedad sigue alta.",
            "Hace años que no me hago un chequeo.",
        ],
        "home": [
            "Duermo en el sofá de un amigo; no es un lugar seguro para mantenerme sobrio.",
            "Vivo en una casa de recuperación desde la primavera.",
            "Tengo mi propio apartamento. Debo la cuenta de la luz.",
            "Vivo con mi mamá. Discutimos, pero es estable.",
        ],
        "community": [
            "Perdí a casi todos mis amigos cuando dejé de consumir. Me siento solo los sábados.",
            "Voy a la reunión del martes. Quiero un lugar adonde ir los sábados.",
            "Me estoy reconectando con mi hermano. La iglesia me hace bien.",
        ],
        "purpose": [
            "Sin trabajo desde la lesión. Quiero volver a trabajar con las manos.",
            "Trabajo medio tiempo en el almacén; quiero más horas.",
            "Estoy pensando en terminar la preparatoria (GED).",
            "Me gustaría ser voluntario en el centro.",
        ],
    },
}

# Goals by dimension, each with the steps that usually go with it: (who, what).
# who: "participant", "peer" or the name of someone else.
GOALS = {
    "en": {
        "health": [
            (
                "See a primary care doctor this season.",
                [
                    ("participant", "Call the clinic and book a new-patient visit."),
                    ("peer", "Help fill in the Medicaid renewal."),
                    ("participant", "Write down questions for the doctor."),
                ],
            ),
            (
                "Sleep at least six hours most nights.",
                [
                    ("participant", "No phone in bed after 11."),
                    ("peer", "Share the sleep hygiene handout."),
                ],
            ),
            (
                "Walk three mornings a week.",
                [("participant", "Walk to the park with the dog on Mon, Wed and Fri.")],
            ),
        ],
        "home": [
            (
                "Move into stable housing before winter.",
                [
                    ("peer", "Refer to the county housing navigator."),
                    ("Housing navigator", "Check the waiting list status."),
                    ("participant", "Gather ID, pay stubs and the benefits letter."),
                ],
            ),
            (
                "Catch up on the electric bill.",
                [
                    ("peer", "Apply together for utility assistance."),
                    ("participant", "Set up a payment plan with the company."),
                ],
            ),
        ],
        "community": [
            (
                "Have somewhere to go on weekends.",
                [
                    ("peer", "Find a Saturday All Recovery Meeting nearby."),
                    ("participant", "Try the Saturday meeting twice this month."),
                ],
            ),
            (
                "Reconnect with family.",
                [
                    ("participant", "Call my brother on Sundays."),
                    ("Family counselor", "Family session at the clinic."),
                ],
            ),
            (
                "Join a recovery community activity.",
                [("participant", "Go to the center's cookout and bring a friend.")],
            ),
        ],
        "purpose": [
            (
                "Find steady work.",
                [
                    ("peer", "Go over the resume together."),
                    ("participant", "Apply to three jobs a week."),
                    ("Vocational rehab counselor", "Intake appointment for job training."),
                ],
            ),
            (
                "Finish the GED.",
                [
                    ("participant", "Sign up for the evening class at the library."),
                    ("peer", "Find out about the fee waiver."),
                ],
            ),
            (
                "Volunteer at the center.",
                [("participant", "Do the volunteer orientation.")],
            ),
        ],
    },
    "es": {
        "health": [
            (
                "Ver a un médico de cabecera esta temporada.",
                [
                    ("participant", "Llamar a la clínica para pedir una cita de paciente nuevo."),
                    ("peer", "Ayudar a llenar la renovación de Medicaid."),
                ],
            ),
            (
                "Dormir al menos seis horas casi todas las noches.",
                [("participant", "Dejar el teléfono fuera de la cama después de las 11.")],
            ),
        ],
        "home": [
            (
                "Tener vivienda estable antes del invierno.",
                [
                    ("peer", "Referir a la navegadora de vivienda del condado."),
                    ("Navegadora de vivienda", "Revisar la lista de espera."),
                    ("participant", "Juntar identificación y talones de pago."),
                ],
            ),
            (
                "Ponerme al día con la cuenta de la luz.",
                [("peer", "Solicitar juntos la ayuda para servicios públicos.")],
            ),
        ],
        "community": [
            (
                "Tener adónde ir los fines de semana.",
                [
                    ("peer", "Buscar un grupo de apoyo en español los sábados."),
                    ("participant", "Ir dos veces este mes a la reunión del sábado."),
                ],
            ),
            (
                "Reconectarme con mi familia.",
                [("participant", "Llamar a mi hermano los domingos.")],
            ),
        ],
        "purpose": [
            (
                "Encontrar trabajo estable.",
                [
                    ("peer", "Revisar juntos el currículum."),
                    ("participant", "Solicitar tres trabajos por semana."),
                ],
            ),
            (
                "Terminar la preparatoria (GED).",
                [("participant", "Inscribirme en la clase nocturna de la biblioteca.")],
            ),
        ],
    },
}

BARRIERS = {
    "en": [
        "No car; the bus doesn't run on Sundays.",
        "A court date in the spring; a record makes job hunting hard.",
        "Money is tight until the benefits come through.",
        "Old friends still call to hang out.",
        "",
    ],
    "es": [
        "No tengo carro; el autobús no pasa los domingos.",
        "Tengo antecedentes y eso complica buscar trabajo.",
        "El dinero no alcanza hasta que lleguen los beneficios.",
        "",
    ],
}

# The plan for a recurrence of symptoms.
TRIGGERS = {
    "en": [
        "Payday, being alone on Friday nights, arguments with my ex.",
        "Pain flare-ups; seeing the old neighbourhood.",
        "Holidays and my father's birthday.",
        "Stress at work and not sleeping.",
    ],
    "es": [
        "El día de pago, estar solo los viernes en la noche, discutir con mi ex.",
        "Cuando me duele la espalda; pasar por el barrio de antes.",
        "Las fiestas y el cumpleaños de mi papá.",
    ],
}
WARNING_SIGNS = {
    "en": [
        "I stop answering the phone and skip meetings.",
        "Not sleeping, snapping at people, thinking 'just once'.",
        "I stop eating and stay in my room.",
    ],
    "es": [
        "Dejo de contestar el teléfono y falto a las reuniones.",
        "No duermo, me enojo fácil y pienso 'solo una vez'.",
    ],
}
WHAT_HELPS = {
    "en": [
        "Calling my sponsor, a walk, the 10 pm online meeting.",
        "Going to the center, cooking a real meal, prayer.",
        "Talking it through with my peer before I act on it.",
    ],
    "es": [
        "Llamar a mi padrino, salir a caminar, la reunión en línea de las 10.",
        "Ir al centro, cocinar una comida de verdad, rezar.",
    ],
}
# People to call, with their numbers.
PEOPLE = {
    "en": [
        "Sponsor Mike: 215-555-0142. My sister Ana: 610-555-0187.",
        "My peer at the center: 267-555-0110. Cousin Dee: 215-555-0163.",
        "Pastor John: 973-555-0121. 988 if it's a crisis.",
        "Friend from group, Sam: 610-555-0159.",
    ],
    "es": [
        "Mi padrino Luis: 215-555-0148. Mi hermana Rosa: 610-555-0172.",
        "Mi compañera del centro: 267-555-0115. 988 si es una crisis.",
        "Mi prima Carmen: 973-555-0134.",
    ],
}
SUPPORT_WANTED = {
    "en": [
        "Call me the same day if I miss a check-in. Help me get back to the clinic.",
        "Don't give up on me; offer a ride to a meeting.",
        "Talk to me first, not my family.",
    ],
    "es": [
        "Llámenme el mismo día si falto a una llamada. Ayúdenme a volver a la clínica.",
        "No se rindan conmigo; ofrézcanme transporte a una reunión.",
    ],
}

# What a peer writes beside an assessment now and then.
ASSESSMENT_NOTES = {
    "en": [
        "Answered on the phone; took their time over item 6.",
        "Filled it in at the center before group.",
        "Said the housing move explains the change.",
    ],
    "es": [
        "Respondió por teléfono, con calma.",
        "Lo llenó en el centro antes del grupo.",
    ],
}
