"""The demo's resource pages, topics and example referral entries (seeded by `manage.py seed_demo`).

Written for the demo, not copied from anywhere. The referral entries say plainly that they are
examples for the operator to replace: a real deployment lists its own services.
"""

from datetime import timedelta

from django.utils import timezone

from orgs.models import ReferralEntry
from resources.models import ResourcePage, Topic

TOPICS = [
    ("Secondary traumatic stress", "secondary-traumatic-stress"),
    ("Burnout", "burnout"),
    ("Moral injury", "moral-injury"),
    ("Sleep", "sleep"),
    ("Supervision", "supervision"),
]

# (slug, title, summary, topic slugs, body in Markdown, days since review)
PAGES = [
    (
        "what-is-secondary-traumatic-stress",
        "What is secondary traumatic stress?",
        "Why listening to trauma can leave its own marks, what that can feel like, and why it is not "
        "a sign that you are bad at your job.",
        ["secondary-traumatic-stress"],
        """People who listen to trauma for a living take some of it home. That is not a failing; it is
what happens when you pay close attention to other people's worst moments, day after day.

## What it can feel like

- Images or phrases from a session that come back when you don't want them.
- Feeling on edge, jumpy, or unusually watchful of the people you love.
- Avoiding certain cases, news stories, or conversations.
- A flatness where your warmth used to be, or the opposite: feeling everything too much.

Many people notice it first in their body: tight shoulders, a clenched jaw, tiredness that sleep
doesn't fix.

## What tends to help

- **Naming it.** Saying "this is secondary traumatic stress" to yourself, or to a colleague, often
  takes some of its weight.
- **Supervision that makes room for you**, not only for the case.
- **A boundary between work and home**: a walk, a change of clothes, a song in the car. Small
  rituals tell your nervous system the shift is over.
- **Your own support**: a therapist, your employee assistance programme, or peers who understand.
  You can find some of these on the [crisis and support page](/crisis/).

If what you are carrying feels too heavy to hold right now, please reach out to someone today.
""",
        40,
    ),
    (
        "burnout-and-compassion-fatigue",
        "Burnout and compassion fatigue: telling them apart",
        "They overlap and feed each other, but they have different causes, and knowing which one you are "
        "facing can point to what will help.",
        ["burnout", "secondary-traumatic-stress"],
        """**Burnout** grows out of the conditions of the work: caseloads that never shrink, too little
control, too little recognition, values that clash with what the job asks of you. **Compassion
fatigue** grows out of the content of the work: the suffering you witness and try to ease.

You can have either without the other, and often both at once.

## Some questions to ask yourself

1. Would a lighter caseload, or more say in how you work, change how you feel? That points to
   burnout.
2. Is it particular stories or clients that stay with you? That points to secondary traumatic stress.
3. Have you stopped feeling much at all? Both can end there.

## Where to start

Burnout usually needs something in the job to change, and that is a conversation for a manager,
occupational health or a union, not something to fix alone through more self-care. Compassion
fatigue usually needs space to process what you have heard: supervision, therapy, and time with
people who get it.

Neither is a reason for shame. Both are common among people who care a great deal.
""",
        120,
    ),
    (
        "moral-injury",
        "Moral injury: when the system asks you to act against your values",
        "The distress of being unable to do what you believe is right for the people you serve, and why "
        "it deserves to be taken seriously.",
        ["moral-injury", "burnout"],
        """Moral injury is the lasting distress that can follow doing, witnessing or failing to prevent
something that goes against your deeply held values. In health and social care it often comes from
the system rather than from any one person: discharging someone you know is not ready, turning
people away, rationing time you know they need.

## How it can show up

- Guilt or shame that does not ease with reassurance.
- Anger at leaders or institutions, sometimes at yourself.
- Losing trust in the organisation, or in the meaning of the work.

## What can help

- **Saying what happened out loud** to someone who will not rush to tell you it was fine.
- **Separating what was in your control from what was not.** Writing it down can help.
- **Acting on your values where you can**: raising concerns through the proper route, joining
  others who feel the same, mentoring someone newer.
- **Talking to a professional** if the guilt or anger is colouring everything.
""",
        400,
    ),
    (
        "sleep-after-hard-shifts",
        "Sleep after hard shifts",
        "Practical, gentle ideas for getting some rest when your mind keeps replaying the day.",
        ["sleep"],
        """After a difficult day your body can stay in alert mode long after you have left work. These are
ideas, not rules; take what fits.

- **A wind-down buffer.** Even twenty minutes without screens or case notes between work and bed helps.
- **Write it down, then close the book.** A few lines about what is on your mind, and one thing that
  went well, can stop the loop of rehearsing.
- **Keep the times steady** where shifts allow. On nights, protect your daytime sleep as you would
  a meeting: blackout curtains, phone on silent, people at home in the know.
- **If you wake at 3 a.m.**, get up after twenty minutes or so, do something dull in dim light,
  and go back when you feel sleepy.

If poor sleep goes on for weeks, or you are relying on alcohol or pills to get through, please talk
to your GP or occupational health. You deserve rest too.
""",
        20,
    ),
    (
        "getting-the-most-from-supervision",
        "Getting the most from supervision",
        "How to use supervision for yourself as well as for your cases, and what to do if it isn't working.",
        ["supervision"],
        """Good supervision has room for how the work is affecting you, not only for case management.

## Before a session

Jot down one or two things that stayed with you this week, even if they seem small.

## In the session

It is fine to say "I'd like some time for me today". If that feels hard, try "Something from this
week is still with me".

## If it isn't working

Supervision that only covers caseloads and targets is common, and not your fault. You could ask for
reflective or group supervision, ask about an external supervisor, or raise it with your manager or
professional body. Peers here can share how they found theirs.
""",
        60,
    ),
]

# Deployment-wide examples: clearly placeholders until an operator fills in their own.
REFERRALS = [
    (
        ReferralEntry.Kind.EMPLOYEE_ASSISTANCE,
        "Your employee assistance programme (example)",
        "An example entry: ask your operator to fill in your organisation's EAP here. Most offer free, "
        "confidential counselling, often by phone at any hour.",
    ),
    (
        ReferralEntry.Kind.OCCUPATIONAL_HEALTH,
        "Occupational health (example)",
        "An example entry for your operator to replace with how to reach occupational health where you work.",
    ),
    (
        ReferralEntry.Kind.SUPERVISION,
        "Reflective supervision (example)",
        "An example entry: your operator can list supervision groups or external supervisors here.",
    ),
    (
        ReferralEntry.Kind.THERAPY,
        "Finding a therapist (example)",
        "An example entry for your operator to fill in with a directory of accredited therapists in your country.",
    ),
]


def seed_resources() -> int:
    """The demo topics, pages and deployment referral entries (idempotent). Returns the pages created."""
    topics = {}
    for position, (name, slug) in enumerate(TOPICS):
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    today = timezone.localdate()
    created = 0
    for slug, title, summary, topic_slugs, body, days_since_review in PAGES:
        if ResourcePage.objects.filter(slug=slug).exists():
            continue
        reviewed = today - timedelta(days=days_since_review)
        page = ResourcePage.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            status=ResourcePage.Status.PUBLISHED,
            reviewed_on=reviewed,
            next_review=reviewed + timedelta(days=365),
        )
        page.topics.set([topics[topic] for topic in topic_slugs])
        created += 1
    for position, (kind, name, description) in enumerate(REFERRALS):
        ReferralEntry.objects.get_or_create(
            organisation=None,
            name=name,
            defaults={"kind": kind, "description": description, "position": position},
        )
    return created
