"""The demo community: categories, members and conversations written for this audience.

Everything here is fictional. Names are pseudonyms, as real members' would be.
"""

CATEGORIES = [
    (
        "Secondary traumatic stress",
        "secondary-traumatic-stress",
        "What hearing trauma, day after day, does to the listener.",
    ),
    (
        "Burnout & compassion fatigue",
        "burnout-compassion-fatigue",
        "When caring runs low: exhaustion, numbness, cynicism, and finding your way back.",
    ),
    ("Self-care that works", "self-care", "Practical things that actually help, beyond bubble baths."),
    (
        "Supervision & the workplace",
        "supervision-workplace",
        "Caseloads, managers, supervision, and asking for what you need at work.",
    ),
    ("Resources & training", "resources-training", "Books, courses, workshops and research worth your time."),
    ("Introductions", "introductions", "New here? Say hello, as much or as little as you like."),
]

MODERATOR = (
    "moderator@haven.example",
    "Rowan (moderator)",
    "Clinical social worker, Haven moderator",
    "I help look after this space. If something worries you, flag it and I'll see it.",
)

MEMBERS = [
    (
        "maya@haven.example",
        "Maya L",
        "Trauma therapist",
        "Eleven years working with survivors of violence. Learning to leave work at work.",
    ),
    ("tomasz@haven.example", "Tomasz", "Crisis line supervisor", ""),
    ("grace@haven.example", "Grace", "ICU nurse", "Night shifts, two kids, one very patient dog."),
    ("dev@haven.example", "Dev R", "Child protection social worker", ""),
    (
        "anne@haven.example",
        "Anne M",
        "Clinical psychologist, semi-retired",
        "Thirty years in adult mental health. Happy to be a sounding board.",
    ),
]

# Each thread: (category slug, author email, title, opening body, [(author email, body, replies-to index)])
# The index says which earlier post a reply answers: 0 is the opening post, None the thread itself.
THREADS = [
    (
        "secondary-traumatic-stress",
        "maya@haven.example",
        "My struggle with STS as a clinician",
        """I've been a trauma therapist for eleven years and I think I have finally admitted to myself that
the work has changed me. I wanted to write it down somewhere people would understand.

It crept up slowly. I started having **intrusive images** from my clients' stories, especially at night.
I jump at sounds I used to ignore. I feel flat at home, like I've used up my capacity to feel before I
walk through the door, and I get irritable with the people I love most. I've stopped watching the news.
Last month I realised I was scanning a car park for exits, which is something a client described to me
years ago.

I know the name for this: *secondary traumatic stress*. I teach it to students. It's strange how knowing
the theory doesn't stop it happening to you.

What has started to help, a little:

- **Ten minutes of mindfulness** between sessions instead of catching up on notes
- Running three mornings a week, even when I don't feel like it
- Telling my supervisor honestly how I am, not the polished version
- A weekend workshop on vicarious trauma, which mostly helped because the room was full of people nodding

I'm not in crisis. I'm tired, and I miss who I was before. Has anyone else come through this and found
the work sustainable again?""",
        [
            (
                "grace@haven.example",
                """Thank you for writing this. I'm an ICU nurse, not a therapist, but so much of it is familiar:
the flatness at home especially. After the worst of the pandemic years I realised I'd stopped *feeling*
anything at work and then fell apart in the supermarket over nothing.

You're not weak for being affected. You've been a witness to a lot of pain for a long time.""",
                0,
            ),
            (
                "anne@haven.example",
                """I've been in practice for thirty years, and yes, it can become sustainable again, though I had to
change *how* I worked, not just add self-care on top.

For me the turning point was reducing the proportion of trauma cases in my caseload and being honest
with my manager about why. It felt like failure at the time. It wasn't. It was what let me stay in the
profession.

The scanning-for-exits thing: I had almost the same experience. It faded once I started treating my own
symptoms as seriously as I'd treat a client's. Might it be worth seeing someone yourself, outside work?""",
                0,
            ),
            (
                "dev@haven.example",
                """Anne's point about caseload mix really lands. I'm a child protection social worker, early in my
career, and I keep thinking I should just be tougher. Reading this thread is helping me see that being
affected is the normal response, not a sign I'm in the wrong job.""",
                2,
            ),
            (
                "maya@haven.example",
                """Anne, thank you. "Treating my own symptoms as seriously as I'd treat a client's" is going on a
sticky note on my monitor. I've been putting off finding my own therapist because it feels like
admitting defeat, but I think I'll make the call this week.

Dev, you're not in the wrong job. Please look after yourself while you're early in it: the habits you
build now matter.""",
                2,
            ),
        ],
    ),
    (
        "burnout-compassion-fatigue",
        "tomasz@haven.example",
        "Is it burnout or compassion fatigue? Does the difference matter?",
        """I supervise volunteers on a crisis line. Lately I dread every shift, and I've caught myself being
short with callers, which isn't who I want to be.

I've read that *burnout* is about the workload and the system, and *compassion fatigue* is about the
emotional cost of caring. In practice they feel the same from the inside. Does the distinction change
what you'd do about it?""",
        [
            (
                "anne@haven.example",
                """In my experience it matters mostly for what you ask for. Burnout points at the workload and the
organisation: rotas, staffing, breaks, support. Compassion fatigue points at the exposure itself:
debriefing, supervision, limiting back-to-back difficult calls. Most of us have some of both.

The dread before shifts is worth taking seriously either way.""",
                0,
            ),
            (
                "grace@haven.example",
                """Being short with callers and hating that you were is, to me, a sign you still care a lot. The
people I worry about are the ones who've stopped noticing.

Have you got any leave you can take soon? Even a long weekend helped me reset more than I expected.""",
                0,
            ),
            (
                "tomasz@haven.example",
                """Both of these help, thank you. I think it's mostly the rota: six weeks without a proper break.
I've asked for a week off next month and I'm going to raise the debriefing gap at our team meeting.""",
                1,
            ),
        ],
    ),
    (
        "self-care",
        "grace@haven.example",
        "Small things that genuinely help after a hard shift",
        """Not the glossy self-care lists. What do you actually do in the first hour after a hard shift?

Mine: I sit in the car for five minutes before driving home, with no radio, and I name three things
that went okay. Then a shower as soon as I get in, which is my signal that work is over.""",
        [
            (
                "dev@haven.example",
                """I walk the last stop home instead of taking the bus. It's only fifteen minutes but it's the
gap between work-me and home-me.""",
                0,
            ),
            (
                "maya@haven.example",
                """A "closing ritual" at the end of the day: I write down anything I'm worried about for tomorrow,
close the notebook, and say out loud "that's for tomorrow". It feels silly and it works.""",
                0,
            ),
            (
                "anne@haven.example",
                """Cold water on my face and wrists, then a cup of tea I drink sitting down. And I stopped checking
work email at home entirely, which took years and was the single biggest change.""",
                None,
            ),
        ],
    ),
    (
        "introductions",
        "dev@haven.example",
        "Hello from a newly qualified social worker",
        """Hi all. I qualified last year and I'm in child protection. A colleague mentioned this place when I
admitted I'd been struggling to sleep after home visits. Mostly here to read and learn, but it's
good to know you're here.""",
        [
            (
                "anne@haven.example",
                """Welcome, Dev. Struggling to sleep after some of those visits is an entirely human response.
Reading and learning is a fine way to start.""",
                0,
            ),
            (
                "tomasz@haven.example",
                """Welcome! The first couple of years are the hardest. Make sure you're getting real supervision,
not just case management, and don't be shy about asking for it.""",
                0,
            ),
        ],
    ),
]

DEMO_PASSWORD = "haven-demo-2026"  # noqa: S105 - demo accounts only, printed by seed_demo

# An organisation with a private circle, as a hospital trust might set one up in the admin: Grace
# moderates it, Anne is in it, and Maya has an invitation waiting. Nobody outside sees any of it.
ORGANISATION = ("Riverside Health Trust (demo)", "riverside-demo")
ORGANISATION_CRISIS_LINE = (
    "Riverside staff support line (example)",
    "Your organisation's own line would be here: the operator fills it in.",
)
CIRCLE = (
    "Riverside night staff",
    "For Riverside's night-shift nurses, doctors and support staff: the things that only make sense at 4 a.m.",
)
CIRCLE_CATEGORY = (
    "Night staff room",
    "riverside-night-staff",
    "Only members of the Riverside night staff circle see this.",
)
CIRCLE_MODERATOR = "grace@haven.example"
CIRCLE_MEMBERS = ["anne@haven.example"]
CIRCLE_INVITED = "maya@haven.example"
CIRCLE_THREAD = (
    "anne@haven.example",
    "Handover after a death on the ward",
    """Last night we lost a patient just before handover, and the day team arrived to us still doing the
paperwork. Nobody said anything, and I don't think anyone knew what to say.

I've been doing this a long time and I still don't have a good way to close that kind of shift.
What do your teams do? A minute of quiet, a word at handover, a cup of tea before driving home?""",
    [
        (
            "grace@haven.example",
            'On our unit the nurse in charge asks "who needs five minutes?" before handover starts. '
            "It sounds small, but it means nobody has to ask for it. I still sit in the car for a bit before I drive.",
            0,
        ),
    ],
)
# A peer supporter, trained and granted by the moderator (moderation/peer_services.py).
PEER_SUPPORTER = ("anne@haven.example", "Peer support foundations (demo course)")
