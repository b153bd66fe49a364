"""Disguised words read as plain ones before any detector reads them (moderation/unmask.py)."""

import time

import pytest

from moderation import evaluation, safety
from moderation.unmask import unmask


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("i want to k1ll mys3lf", "i want to kill myself"),
        ("thinking about su1c1de", "thinking about suicide"),
        ("p1lls saved", "pills saved"),
        ("$uicidal again", "suicidal again"),
        ("d!e", "die"),
        ("s*icide", "suicide"),
        ("h*ng myself", "hang myself"),
        ("i want to diiiie", "i want to die"),
        ("killll myself", "kill myself"),
        ("s u i c i d e", "suicide"),
        ("k.i.l.l", "kill"),
        ("d-i-e", "die"),
        ("k i l l m y s e l f", "kill myself"),
        ("k\u200bill myself", "kill myself"),
        ("overdo\u00adse", "overdose"),
        ("\uff4b\uff49\uff4c\uff4c \uff4d\uff59\uff53\uff45\uff4c\uff46", "kill myself"),
        ("\U0001d42c\U0001d42e\U0001d422\U0001d41c\U0001d422\U0001d41d\U0001d41e", "suicide"),
        ("k\u0456ll myself", "kill myself"),
        ("\u0455u\u0456c\u0456d\u0435", "suicide"),
        ("k\u0336i\u0336l\u0336l\u0336", "kill"),
        ("thinking about sewer slide", "thinking about suicide"),
        ("I want to commit sudoku", "I want to commit suicide"),
        ("unaliving myself", "killing myself"),
        ("th3 pl4n 1s th3 t0p fl00r 0f th3 c4r p4rk", "the plan is the top floor of the car park"),
        ("call 0 7 7 0 0 9 0 0 1 2 3", "call 07700900123"),
        ("call oh seven seven double oh, nine double oh, one two three", "call 07700 900 123"),
        ("oh-seven-seven-double-oh, nine double-oh, 392", "07700 900 392"),
        ("0-7-7-0-0-9-0-0-8-3-1, each digit", "07700900831, each digit"),
        ("O77OO 9OO 345", "07700 900 345"),
        ("07700\u00a0900\u00a0561", "07700 900 561"),
        ("\u0660\u0667\u0667\u0660\u0660", "07700"),
        ("j o s h . r e e v e s @ e x a m p l e . c o m", "josh.reeves@example.com"),
        ("#iwanttodie", "#i want to die"),
        ("ivegotaplanandaplace", "ive got a plan and a place"),
        ("cutmyselfagain", "cut myself again"),
    ],
)
def test_a_disguised_word_reads_as_the_word(written, read):
    assert unmask(written) == read


@pytest.mark.parametrize(
    "written",
    [
        "b12 at 4am on the m25",
        "2.5mg at 7.40, COVID19",
        "f*ck this rota",
        "www.example.org",
        "hmmm, sooo tired",
        "name@example.com",
        "k*** is a four-letter word",
        "e.g. i.e. U.S.A",
        "a b c d",
        "caf\u00e9 na\u00efve \u00a320",
        "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",
        "**kill** the weeds",
        "a sudoku on the train, the sewer pipes, a slide at the park",
        "took 100mg at 4am, b12 and 2nd dose at 7pm, then 50mg",
        "scores 12 3 4 5 6 7 8 9 0 1 2 3",
        "the O2 arena, go2, Zoo2 and 2o minutes",
        "1.5 2 3 4 5 6 7 8 9 0 1",
        "overdosed, planning, explanation, audience, soldier, killjoy, hangover, himself",
        "one or two, maybe three or four, six of one and half a dozen of the other",
    ],
)
def test_ordinary_writing_is_left_as_written(written):
    assert unmask(written) == written


def test_the_writers_capitals_are_kept():
    assert unmask("I WANT TO K1LL MYS3LF") == "I WANT TO KILL MYSELF"


def test_punctuation_around_a_disguised_word_stays():
    assert unmask("I want to d!e! Then k*ll*") == "I want to die! Then kill*"


def test_a_word_that_could_be_two_risk_words_is_left_as_written():
    assert unmask("no li*e") == "no li*e"  # "life" or "live"


def test_a_word_mostly_starred_out_is_left_as_written():
    assert unmask("d**d") == "d**d"


@pytest.mark.django_db
def test_a_disguised_crisis_is_found_as_urgent():
    screen = safety.screen_text("i w4nt to k\u0456ll mys3lf t0night", phrases=())

    assert screen.crisis.is_firm and screen.crisis.severity == "urgent"


def test_a_phone_number_in_full_width_digits_is_identifying():
    found = safety.confidentiality.find_identifying_details(
        "Her number is \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13."
    )

    assert [finding.text for finding in found] == ["07700 900123"]


def test_a_phone_number_split_by_zero_width_spaces_is_identifying():
    found = safety.confidentiality.find_identifying_details("Ring him on 07700\u200b900\u200b123 tomorrow.")

    assert [finding.kind for finding in found] == [safety.confidentiality.PHONE]


@pytest.mark.parametrize("how", evaluation.DISGUISES)
def test_each_disguise_changes_a_crisis_post(how):
    text = "I want to kill myself tonight, the pills are saved"

    assert evaluation.disguise(text, how) != text


@pytest.mark.django_db
def test_the_held_out_half_disguised_is_screened_as_it_is_plain():
    """Every post of the test half, disguised a way per post in turn, gets the same findings."""
    posts = evaluation.load("test")
    plain = [safety.screen_text(post["text"], phrases=()).as_json() for post in posts]
    disguised = [
        safety.screen_text(post["text"], phrases=()).as_json() for post in evaluation.disguised(posts)
    ]

    def findings(screen: dict) -> tuple:
        return screen["crisis"], screen["severity"], screen["method_detail"], screen["identifying"]

    assert [findings(screen) for screen in disguised] == [findings(screen) for screen in plain]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 30000,
        "a a " * 7500,
        "k1" * 15000,
        "aaab" * 7500,
        "s*" * 15000,
        "x.y." * 7500,
        "aaabbbcccddd" * 2500,
    ],
)
def test_pathological_drafts_are_unmasked_quickly(text):
    """A guard against a quadratic or exponential path, not a speed test (bench/safety_screen.py
    measures speed): such a path takes minutes on these drafts, so a generous bound never flakes."""
    started = time.perf_counter()
    unmask(text)
    assert time.perf_counter() - started < 3
