"""The shape of synthetic conversations for benchmarks, without Django.

`seed_demo --scale` (forum/demo/scale.py) and the Spirit comparison seed (bench/spirit/seed.py)
both draw from here, so the two forums hold the same conversations: the same number of threads and
posts, the same one 300-reply thread, the same authors and the same Markdown bodies. Each thread's
plan depends only on the seed and its number, whatever batches or connections load it.
"""

import random
from dataclasses import dataclass

LONG_THREAD_REPLIES = 300
# Words the benchmark searches for: one in most posts, one in about one post in 2,000.
COMMON_WORD = "supervision"
RARE_WORD = "kintsugi"
RARE_BODY_CHANCE = 1 / 2000

PARAGRAPHS = [
    "Some weeks the stories follow me home. I notice it first in my body: a tight jaw, shallow breathing, "
    "a kind of alertness that doesn't switch off when I close the laptop.",
    "What helped most was **supervision that was about me**, not just about the cases. My supervisor asked "
    "how I was sleeping, and I realised nobody had asked that in months.",
    "I've started protecting the first ten minutes after a difficult session: a walk around the block, "
    "water, and a few slow breaths before the next person comes in.",
    "Exercise isn't a cure, but running three mornings a week gives the adrenaline somewhere to go. On the "
    "days I skip it I'm noticeably more irritable with my family.",
    "It took me a long time to accept that being affected by this work is *normal*. It's not a sign that "
    "I'm in the wrong profession; it's a sign that I'm paying attention.",
    "Our team started a monthly reflective practice group. Nobody presents cases; we just talk about what "
    "the work is doing to us. It has changed the culture of the whole office.",
    "If you're early in your career: build the habits now. Leave work at work, take your leave, and find "
    "your own therapist before you think you need one.",
    "I keep a short list on my phone of things that restore me: the allotment, choir, my sister's kitchen. "
    "When I'm depleted I can't remember them, so the list does the remembering.",
    "Reading about vicarious resilience was a revelation. The same work that wounds us can also teach us "
    "about courage and recovery, if we give ourselves room to notice it.",
    "Please be gentle with yourself this week. You're carrying a lot, and you don't have to carry it alone.",
    "> It's not the hard cases that wear you down, it's never being allowed to put them down.\n\n"
    "My first supervisor said that to me fifteen years ago and I still think about it.",
    "What my week looks like when it's working:\n\n- two clinical days, then an admin day\n"
    "- one lunch away from my desk, every day\n- peer supervision on Thursdays\n"
    "- no case notes after 7pm",
    "There's a good summary of the research on [secondary traumatic stress](https://www.nctsn.org/) that "
    "our trust shared. The checklist at the end was the first time I recognised myself on paper.",
]
RARE_PARAGRAPHS = [
    f"A colleague told me about {RARE_WORD}, mending broken pottery with gold so the cracks stay visible. "
    "I think about it when I notice what this work has changed in me.",
    f"We used {RARE_WORD} as the theme of our team away-day: what has been broken and repaired in us, and "
    "what the repair made stronger.",
]
TITLE_STARTS = [
    "How do you cope with",
    "Struggling with",
    "Finally talking about",
    "Anyone else noticing",
    "What helped me with",
    "Questions about",
    "A year of",
    "Learning to live with",
]
TITLE_ENDS = [
    "secondary traumatic stress",
    "compassion fatigue",
    "night shifts",
    "intrusive memories",
    "supervision that doesn't help",
    "leaving work at work",
    "a heavy caseload",
    "going back after leave",
    "the first year in practice",
    "sleep after difficult visits",
]


def body(rng: random.Random, *, rare: bool = False) -> str:
    """About 1,500 characters of Markdown in the voice of the forum (emphasis, a quote, a list, a link)."""
    parts = [rng.choice(RARE_PARAGRAPHS)] if rare else []
    for paragraph in rng.sample(PARAGRAPHS, len(PARAGRAPHS)):  # each paragraph at most once
        if sum(len(part) + 2 for part in parts) >= 1400:
            break
        parts.append(paragraph)
    return "\n\n".join(parts)


def body_pool(seed: int = 1, size: int = 40) -> tuple[list[str], list[str]]:
    """Bodies to draw posts from (rendering each only once is what makes bulk seeding fast):
    SIZE ordinary ones, and a few that mention RARE_WORD."""
    rng = random.Random(f"{seed}:bodies")
    return [body(rng) for _ in range(size)], [body(rng, rare=True) for _ in range(4)]


@dataclass(frozen=True)
class PostPlan:
    author: int  # index into the members
    parent: int | None  # index of an earlier post of the same thread
    body: int  # index into the pool; negative indexes the rare bodies (-1 is the first)
    minutes_after_start: int


@dataclass(frozen=True)
class ThreadPlan:
    title: str
    category: int  # index into the categories
    minutes_ago: int  # when its opening post was written
    posts: list[PostPlan]


def plan_threads(
    start: int, stop: int, *, seed: int, posts_per_thread: int, members: int, categories: int, pool: int
) -> list[ThreadPlan]:
    """Threads START..STOP-1 of a seed; thread 0 is the long one (LONG_THREAD_REPLIES replies)."""
    plans = []
    for number in range(start, stop):
        rng = random.Random(f"{seed}:{number}")  # each thread its own: the same whatever the batches
        size = LONG_THREAD_REPLIES + 1 if number == 0 else max(1, rng.randint(1, 2 * posts_per_thread - 1))
        posts, minutes = [], 0
        for position in range(size):
            parent = rng.randrange(position) if position and rng.random() < 0.3 else None
            chosen = -1 - rng.randrange(4) if rng.random() < RARE_BODY_CHANCE else rng.randrange(pool)
            posts.append(PostPlan(rng.randrange(members), parent, chosen, minutes))
            minutes += rng.randint(1, 240)
        plans.append(
            ThreadPlan(
                title=f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_ENDS)}",
                category=rng.randrange(categories),
                # Every post in the past, the newest at least an hour ago.
                minutes_ago=minutes + rng.randint(60, 60 * 24 * 730),
                posts=posts,
            )
        )
    return plans
