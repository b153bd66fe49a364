"""Crisis-aware safeguards. The phrase list is first-person and specific on purpose: everyday
figures of speech ("this caseload is killing me") and talk about clients' suicidality are part of
this community's ordinary language and must not raise crisis flags (see moderation/crisis.py)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services as forum_services
from forum.markup import quote_as_markdown
from forum.models import Post
from moderation.crisis import ATTEMPT_WHY, CONCERN, URGENT, Category, prepare, screen
from moderation.models import CrisisPhrase, Flag, Priority, QueueEntry

pytestmark = pytest.mark.django_db


def _severity(text: str) -> str | None:
    return screen(text, phrases=()).severity


@pytest.mark.parametrize(
    "text",
    [
        "Some nights I want to kill myself.",
        "I KEEP THINKING ABOUT ENDING MY LIFE",
        "honestly i want to die",
        "I'm suicidal and I don't know who to tell",
        "I\u2019m suicidal",  # curly apostrophe
        "Im sucidal again",  # no apostrophe, a typo
        "some days i want to killmyself",  # run together
        "honestly thinking about sewer slide again",  # words coined to get past filters
        "I keep thinking about unaliving myself",
        "Everyone would be better off without me.",
        "been thinkin abt killin myself",
        "part of me just wants to not wake up tomorrow",
        "Nothing left to live for after this year.",
        "The dark thoughts are back and louder than before.",
        "My client told me her plans and on the drive home I realised I want to die too.",
    ],
)
def test_ideation_is_a_concern(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die. I have enough pills saved in the bathroom cabinet.", Category.PREPARATION),
        ("Ive been stockpiling my sleeping tablets since march", Category.PREPARATION),
        ("I wrote goodbye letters to my sons last night.", Category.PREPARATION),
        ("Sorted out my will and passwords so nobody has to deal with it after.", Category.PREPARATION),
        ("I want to die and I know which bridge I'd use.", Category.PLAN),
        ("I keep wishing I was dead. Tonight feels like the night.", Category.INTENT),
        ("I'm going to end it tonight after my shift.", Category.INTENT),
        ("Cut my arms again last night, first time in years.", Category.SELF_HARM),
        ("I'm going to hurt him when he comes home, I've decided.", Category.HARM_OTHERS),
    ],
)
def test_plans_intent_preparation_and_recent_acts_are_urgent(text, category):
    result = screen(text, phrases=())
    assert result.severity == URGENT
    assert category in {match.category for match in result.matches if match.severity == URGENT}


@pytest.mark.parametrize(
    "text",
    [
        "This caseload is killing me.",
        "I could kill for a week off.",
        "I've been killing myself to finish these discharge summaries.",
        "My client was suicidal last week and I keep thinking about it.",
        "We did a suicide risk assessment training.",
        'She said "I want to die" and I didn\'t know what to say.',
        "He told me he wanted to end his life and we made a safety plan.",
        "I asked whether she had thoughts of killing herself.",
        "Fifteen years ago I tried to take my own life. Now I train crisis volunteers.",
        "I'm not suicidal, just bone tired.",
        "No thoughts of harming myself, I promise, just venting.",
        "I cut myself chopping onions, ouch.",
        "Burnt my hand on the kettle again.",
        "The commute is murder.",
        "I'm dying to get some sleep.",
        "Skillful supervision helped me.",  # "kill" inside a word
        "Self-care that works: running, choir, and supervision.",
        "Suicidal ideation is common in our client group; asking about it doesn't increase risk.",
        "I don't want to die, I want a different job.",
    ],
)
def test_figures_of_speech_clinical_talk_past_and_denials_are_not_crisis(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Picked up my prescription after work and forgot the milk.",
        "Ordered my repeat prescription through the app at last.",
        "Got my sertraline increased last month and the side effects have settled.",
        "I got two boxes of ibuprofen for my bad back.",
        "Bought paracetamol and calpol for the kids, all three have colds.",
        "Counted 40 oxycodone tablets in the CD check with the night nurse.",
        "Bought a new chef's knife in the sale, cooking is my therapy.",
        "Collected my insulin and my inhaler from the pharmacy.",
        "The tablets are counted out for the morning drug round.",
        "My pills are laid out in the organiser for the week.",
    ],
)
def test_everyday_errands_with_a_medicine_or_a_tool_are_not_preparation(text):
    assert Category.PREPARATION not in {match.category for match in screen(text, phrases=()).matches}


@pytest.mark.parametrize(
    "text",
    [
        "I bought two more boxes of paracetamol today and put them in my drawer.",
        "Got enough of my old quetiapine now.",
        "I've been collecting my diazepam instead of taking it.",
        "counted the tablets out and they are ready",
        "picked up extra codeine from a second pharmacy so nobody notices",
        "The tablets are counted out and tonight is the night.",
    ],
)
def test_a_means_put_by_in_an_amount_or_set_apart_is_preparation(text):
    result = screen(text, phrases=())
    assert Category.PREPARATION in {match.category for match in result.matches}
    assert result.severity == URGENT


def test_each_match_says_what_and_why():
    result = screen("I have been saving my tablets for weeks", phrases=())
    assert result.main.category == Category.PREPARATION
    assert "tablets" in result.main.text
    assert result.summary().startswith("Urgent: preparing. Matched:")


def test_phrases_added_in_the_admin_count_on_top_of_the_rules():
    assert _severity("I feel completely hopeless") is None
    CrisisPhrase.objects.create(phrase="completely hopeless", category=CrisisPhrase.Category.SUICIDE)
    assert screen("I feel completely hopeless").severity == CONCERN


def test_an_admin_phrase_is_read_with_the_same_care():
    CrisisPhrase.objects.create(phrase="at the end of my rope", category=CrisisPhrase.Category.SUICIDE)
    assert screen("My client said she was at the end of her rope").severity is None
    assert screen("I'm not at the end of my rope, just tired").severity is None
    assert screen("Honestly I'm at the end of my rope").severity == CONCERN


def test_inactive_admin_phrases_are_ignored():
    CrisisPhrase.objects.create(
        phrase="completely hopeless", category=CrisisPhrase.Category.SUICIDE, is_active=False
    )
    assert screen("I feel completely hopeless").severity is None


def test_word_stem_wildcards_in_admin_phrases_match_endings():
    phrases = (("numb* inside", CrisisPhrase.Category.SUICIDE),)
    assert screen("I keep feeling numbed inside", phrases=phrases).is_crisis
    assert not screen("numberless insides", phrases=phrases).is_crisis


def test_a_crisis_post_is_published_and_flagged_at_the_top_of_the_queue(member, thread):
    post = forum_services.reply(thread=thread, author=member, body="Honestly I want to die some days")
    assert post.state == Post.State.PUBLISHED
    flag = Flag.objects.get(post=post)
    assert flag.is_automatic and flag.reason == "crisis"
    assert "“want to die”" in flag.note
    assert QueueEntry.objects.get(post=post).priority == Priority.CRISIS


def test_an_urgent_crisis_goes_above_everything(member, thread):
    post = forum_services.reply(thread=thread, author=member, body="I've written goodbye letters to my kids.")
    flag = Flag.objects.get(post=post)
    assert flag.note.startswith("Urgent: preparing.")
    assert QueueEntry.objects.get(post=post).priority == Priority.URGENT_CRISIS


def test_the_author_sees_the_resources_panel_at_once(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "I keep thinking about ending my life", "confirm_safe_messaging": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert 'class="crisis-panel"' in page
    assert "988" in page and "116 123" in page and "findahelpline.com" in page


def test_figures_of_speech_get_no_panel_and_no_flag(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "This caseload is killing me, honestly."},
        follow=True,
    )
    assert 'class="crisis-panel"' not in response.content.decode()
    assert not Flag.objects.exists()


def test_edited_posts_are_checked_too(member, thread):
    post = thread.opening_post
    forum_services.edit_post(
        post=post, editor=member, body="Update: I want to kill myself", title=thread.title
    )
    assert Flag.objects.get(post=post).reason == "crisis"


def test_crisis_titles_are_checked(member, category):
    thread = forum_services.create_thread(author=member, category=category, title="I want to die", body="...")
    assert Flag.objects.get(post=thread.opening_post).reason == "crisis"


def test_moderators_are_emailed_when_the_setting_is_on(
    member, thread, settings, moderator, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "want to kill myself" not in mail.outbox[0].body  # no post content in email


def test_no_email_when_the_setting_is_off(member, thread, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert mail.outbox == []


def test_a_crisis_post_gets_the_suicide_and_self_harm_warning(member, thread):
    """Readers who hide suicide and self-harm posts see it collapsed; the author can change it."""
    post = forum_services.reply(thread=thread, author=member, body="Honestly I want to die some days")
    post.refresh_from_db()
    assert post.content_warning == "suicide_self_harm"


def test_an_author_who_removes_the_warning_keeps_their_choice(member, thread):
    post = forum_services.reply(thread=thread, author=member, body="Honestly I want to die some days")
    forum_services.edit_post(
        post=post, editor=member, body="Honestly I want to die some days. Still here.", content_warning=""
    )
    post.refresh_from_db()
    assert post.content_warning == ""


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i'm going to hang myself tonight", Category.INTENT),
        ("I keep thinking about hanging myself in the garage", Category.PLAN),
        ("Some days I want to throw myself in front of the bus on the way in.", Category.PLAN),
        ("Part of me wants to drown myself in the reservoir near the station.", Category.PLAN),
    ],
)
def test_a_method_the_writer_names_for_themselves_is_urgent(text, category):
    result = screen(text, phrases=())
    assert result.severity == URGENT
    assert category in {match.category for match in result.matches}


@pytest.mark.parametrize(
    "text",
    [
        "I could drown myself in this paperwork.",
        "If I have to sit through one more audit I'll shoot myself.",
        "If I have to redo this rota one more time I'm going to kill myself.",
        "He talked about hanging himself and we made a safety plan.",
        "I'd never hang myself, I'm just knackered.",
        "I threw myself into work after the divorce.",
    ],
)
def test_a_method_said_as_a_figure_of_speech_or_of_someone_else_is_not_crisis(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I took an overdose last night and didn't tell anyone.",
        "overdosed on my sleeping tablets on saturday, nobody at work knows",
        "self harmed last night, first time since the summer",
    ],
)
def test_a_recent_overdose_or_self_harm_told_without_a_subject_is_an_urgent_act(text):
    result = screen(text, phrases=())
    assert result.severity == URGENT
    assert Category.SELF_HARM in {match.category for match in result.matches}


@pytest.mark.parametrize(
    "text",
    [
        "Twelve years ago I took an overdose; I'm a peer support worker now.",
        "My client took an overdose last night and I can't stop thinking about her.",
        "He overdosed on Saturday and the family asked me to speak at the funeral.",
        "Self harmed patients wait far too long in our ED.",
    ],
)
def test_someone_elses_or_a_long_past_overdose_is_not_the_writers_crisis(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to take all my tablets after my shift.",
        "going to swallow every pill in the house tonight",
        "Friday is the day I die. I've made my peace with it.",
    ],
)
def test_taking_every_tablet_or_naming_the_day_is_intent(text):
    result = screen(text, phrases=())
    assert result.severity == URGENT
    assert Category.INTENT in {match.category for match in result.matches}


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to take my tablets tonight and get an early night.",
        "Going to take all my annual leave before March.",
        "Friday is the day I finally see the dentist.",
        "I'm going to take all of the pill boxes to the pharmacy return bin.",
    ],
)
def test_ordinary_tablets_and_days_are_not_intent(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Tonight I'm going. I've had enough of all of it.",
        "tomorrow im done",
        "This weekend I'm going to do it.",
    ],
)
def test_a_day_with_nothing_after_going_or_done_is_intent(text):
    result = screen(text, phrases=())
    assert [match.category for match in result.matches] == [Category.INTENT]


@pytest.mark.parametrize(
    "text",
    [
        "tonight im going to the cinema with my sister",
        "Tomorrow I'm going to ring the social worker again.",
        "Today I'm done with the audit, finally.",
        "Tonight I'm going to watch something stupid and go to bed early.",
    ],
)
def test_a_day_with_a_plan_after_going_or_done_is_not_intent(text):
    assert _severity(text) is None


def test_a_full_stop_between_digits_does_not_end_a_sentence():
    prepared = prepare("I'm stepping in front of the 7.40 on Monday. Then 2.5 mg. Done")
    assert prepared.sentences == ["i'm stepping in front of the 7.40 on monday", " then 2.5 mg", " done"]


@pytest.mark.parametrize(
    "text",
    [
        "The thoughts about driving into the wall on the bypass are back",
        "Does anyone else fantasise about crashing the car on the way to work? Like, properly planning it?",
        "Some mornings I think about crashing the car into the barrier",
    ],
)
def test_a_method_in_the_writers_thoughts_is_a_plan(text):
    result = screen(text, phrases=())
    assert result.severity == URGENT
    assert Category.PLAN in {match.category for match in result.matches}


def test_does_anyone_else_tells_what_the_writer_does():
    assert _severity("does anybody else get thoughts of suicide on night shifts") == CONCERN


def test_does_anyone_else_about_someone_elses_client_is_not_the_writer():
    assert _severity("Has anyone else had a client who wants to die?") is None


@pytest.mark.parametrize(
    "text",
    [
        "My client said she wants to die. Truth is, so do I.",
        'She told me "I want to die". Honestly, me too.',
        "A colleague admitted she's been feeling suicidal. Same here, if I'm honest.",
    ],
)
def test_the_writer_saying_the_same_of_themselves_is_their_own_ideation(text):
    result = screen(text, phrases=())
    assert result.severity == CONCERN
    assert [match.why for match in result.matches] == ["says the same of themselves"]


@pytest.mark.parametrize(
    "text",
    [
        "My client wants to go home. Me too lol",
        "He said he wanted to kill himself years ago. Same.",
        "He wants to hurt her. Same.",
        "My client is not suicidal. Me too.",
        "My colleague said she is killing herself to finish the audit. Same.",
    ],
)
def test_saying_the_same_of_a_denial_a_figure_of_speech_history_or_harm_to_others_is_not_crisis(text):
    assert _severity(text) is None


def test_a_quotation_with_apostrophes_inside_is_someone_elses_words():
    text = "Caller last night said 'I know where I'd do it, I just don't know when'. Took ages to settle her."
    assert _severity(text) is None


def test_the_writers_own_quoted_words_without_a_subject_still_count():
    text = "told my GP 'I want to die' and she just nodded"
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "Wrote my will this week now the baby's here. Guardianship, the lot.",
        "Writing letters to my kids for their 18th birthdays, so they'll have my handwriting.",
        "Made my will the same week we bought our first house.",
        "Updated my will before the deployment, the whole unit has to.",
        "Sorted my will and a power of attorney ahead of my surgery in May.",
    ],
)
def test_a_will_or_letters_for_a_life_event_are_not_preparation(text):
    assert _severity(text) is None


def test_letters_for_when_the_writer_will_not_be_there_are_preparation():
    text = "I have written letters to my kids for when they are older, because I will not be there."
    assert _severity(text) == URGENT


def test_years_since_the_last_time_is_history():
    assert (
        _severity("Three years since I last hurt myself. A student asked about my scars and I was calm.")
        is None
    )


def test_a_denial_reaches_across_or():
    assert _severity("I am not having thoughts of suicide or of hurting myself, just flat.") is None


def test_knowing_what_one_would_say_is_not_a_plan():
    assert _severity("I know what I'd ask a client in my position, and I asked myself.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Some nights I'm weighing up whether to keep living.",
        "Hypothetically, if someone found themselves weighing up whether to go on living, who should they tell?",
    ],
)
def test_weighing_whether_to_go_on_living_is_active_ideation(text):
    result = screen(text, phrases=())
    assert [match.category for match in result.matches] == [Category.ACTIVE_IDEATION]


def test_a_client_weighing_whether_to_go_on_living_is_not_the_writers():
    assert _severity("My client is weighing up whether to go on living; we made a safety plan.") is None


def test_asking_for_a_friend_then_saying_the_friend_is_the_writer_is_the_writers_own():
    text = (
        "Asking for a friend. If somebody has been keeping her old prescriptions back, every box, "
        "what should she do? Fine, the friend is me."
    )
    assert _severity(text) == URGENT


def test_asking_for_a_friend_without_saying_it_is_the_writer_stays_someone_elses():
    text = "Asking for a friend who works nights: she has been keeping her old prescriptions back, every box."
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "A resident told me he wants to be dead. We sat with it for a while. Honestly? Same.",
        "My client said she doesn't want to be alive any more. I charted it and rang her GP. Every night lately, same.",
    ],
)
def test_an_echo_a_sentence_or_two_after_what_it_echoes_is_the_writers_own(text):
    result = screen(text, phrases=())
    assert result.severity == CONCERN
    assert "says the same of themselves" in [match.why for match in result.matches]


def test_an_echo_of_an_ordinary_sentence_in_between_is_not_crisis():
    text = "A resident told me he wants to be dead. He also hates the new menu. Same."
    assert _severity(text) is None


def test_reopening_old_scars_is_a_recent_act_of_self_harm():
    result = screen("Long week. Reopened the old scars on my forearm with my thumbnail.", phrases=())
    assert (result.category, result.severity) == (Category.SELF_HARM, URGENT)


@pytest.mark.parametrize(
    "text",
    [
        "I won't be here next week - on leave, back on the 3rd!",
        "Not going to be around after Friday, off to my sister's wedding in Cork.",
    ],
)
def test_not_being_here_for_a_holiday_is_not_intent(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I could kill myself every time the printer jams on a Friday.",
        "killed myself four times on the final level last night, my reflexes are gone after nights",
    ],
)
def test_killing_oneself_every_time_or_several_times_is_a_figure_of_speech(text):
    assert _severity(text) is None


def test_having_tried_to_kill_oneself_several_times_is_still_not_a_figure_of_speech():
    assert (
        _severity("I have tried to kill myself three times and the thoughts are back this week.") is not None
    )


@pytest.mark.parametrize(
    "text",
    [
        "My sister asked, quite gently over dinner, whether I'd had thoughts of ending my life. I could say no.",
        "The GP asked me straight out on Tuesday if I was thinking about killing myself, and I honestly wasn't.",
        "At my appraisal the occupational health nurse asked me, after a long list about sleep, appetite and "
        "alcohol and my caseload, whether I had been having any thoughts of hurting myself. Not for years.",
    ],
)
def test_a_question_someone_asked_with_words_in_between_is_not_the_writers_statement(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Nobody has asked me in months whether I'm coping, and I keep thinking about ending it.",
        "The rota lead asked whether I could cover Saturday and Sunday and the bank holiday on top of "
        "everything and I keep thinking about ending it all.",
    ],
)
def test_a_question_before_the_writers_own_statement_does_not_hide_it(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    ["I've started cutting again.", "I'm cutting again and I can't stop.", "i have been cutting again"],
)
def test_cutting_again_said_of_oneself_is_self_harm(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Started cutting back on sugar again.",
        "I'm cutting again on carbs before the wedding.",
        "The trust is cutting again, three posts gone.",
    ],
)
def test_cutting_back_or_an_employer_cutting_again_is_not_self_harm(text):
    assert _severity(text) is None


def test_a_denial_ends_at_a_colon():
    assert _severity("What I didn't bring to supervision: I've started cutting again.") == URGENT


@pytest.mark.parametrize(
    ("text", "too"),
    [
        ("What I didn't say is that I want to die too.", True),
        ("Some days I want to die as well, honestly.", True),
        ("I want to die, I'm too tired to keep going.", False),
        ("I want to die.", False),
    ],
)
def test_a_thought_said_of_oneself_too_is_marked(text, too):
    (match,) = screen(text, phrases=()).matches
    assert match.of_themselves_too is too


def test_an_act_done_too_is_not_marked_as_said_of_oneself_too():
    (match,) = screen("I've been giving away my things too.", phrases=()).matches
    assert not match.of_themselves_too


@pytest.mark.parametrize(
    "text",
    [
        "The inquest was today for the lad we lost in March. Sat there thinking he had the right idea.",
        "Went to the funeral of a colleague who took her own life. Part of me envies her, if I'm honest.",
        "I envy him, the man who hanged himself on the ward in June.",
    ],
)
def test_envying_someone_who_took_their_life_is_a_wish_to_be_dead(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "Our patient died by suicide in 2019; the review said she had the right idea to ring the crisis team first.",
        "I don't think he had the right idea, he had no idea how loved he was, and the suicide broke his family.",
        "Mum died at 94 in her sleep. She had the right idea.",
        "She had the right idea, leaving nursing for teaching.",
    ],
)
def test_the_right_idea_about_something_else_or_without_a_suicide_is_not_envy(text):
    assert _severity(text) is None


def test_self_harm_years_back_through_a_degree_is_history():
    text = "I self-harmed all through my social work degree, years back. Haven't since 2015."
    assert _severity(text) is None


def test_self_harm_years_back_with_the_urges_back_now_is_not_history():
    assert _severity("I self-harmed years back and the urges are back this week.") is not None


def test_a_screening_items_words_are_not_the_writers_statement():
    text = (
        "Did the PHQ-9 with my GP. I scored zero on the item about being better off dead, the rest was high."
    )
    assert _severity(text) is None


def test_no_part_of_me_wanting_to_be_dead_is_a_denial():
    assert _severity("Flat and teary all week, but there's no part of me that wants to be dead.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Writing goodbye letters to my clients this week because I'm leaving the service in January.",
        "Wrote goodbye messages in the team group chat tonight, my last shift is Friday and I'm moving on.",
        "Giving away most of my records because we're downsizing to a flat.",
        "Wrote a letter to my son for the school time capsule, to open when he's 18.",
        "Giving away my plants because we're moving offices on Monday.",
        "We're emigrating in the spring, so I'm giving most of my books to friends.",
        "Giving my clothes to the charity shop at last, the wardrobe was bursting.",
        "Clearing out the loft for the nursery and giving my records to my brother.",
    ],
)
def test_goodbyes_and_giving_away_for_leaving_a_job_or_moving_are_not_preparation(text):
    assert _severity(text) is None


def test_giving_things_away_for_a_move_with_no_need_of_them_after_is_still_preparation():
    text = "Giving my books away to friends before the move, I won't need them where I'm going."
    assert _severity(text) == URGENT


def test_goodbye_letters_to_family_with_no_such_reason_are_still_preparation():
    assert _severity("I've written goodbye letters to my family and put them in the drawer.") == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I've got two weeks of tablets left and the pharmacy is closed over Christmas.",
        "Bought 20 metres of climbing rope for the bouldering club today.",
    ],
)
def test_running_low_on_tablets_or_buying_climbing_rope_is_not_gathering_a_means(text):
    assert _severity(text) is None


def test_a_relapse_years_ago_that_therapy_got_the_writer_through_is_history():
    text = "I relapsed into self-harm during lockdown for a few months. Therapy and my dog got me through. Two years clear."
    assert _severity(text) is None


def test_tablets_left_over_are_still_a_means_put_by():
    assert (
        _severity("I've got thirty tablets left over from the last prescription, in a tin, ready.") == URGENT
    )


@pytest.mark.parametrize(
    "text",
    [
        "Truthfully I've been thinking about ending myself most nights this month.",
        "I've started to see my own death as an option I'm allowed to choose.",
        "Each morning there's a flat disappointment that I'm still here.",
    ],
)
def test_ideation_said_in_other_words_is_a_concern(text):
    assert _severity(text) == CONCERN


def test_what_the_writer_rehearses_saying_is_their_own_words():
    text = (
        "Been practising what I'll say to my GP: 'I keep thinking about ending my life.' Still sounds unreal."
    )
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "Palliative care makes you think about your own death a lot, in a calm way.",
        "He was disappointed that I'm still here at the weekend instead of visiting him.",
    ],
)
def test_mortality_and_plans_are_not_ideation(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I can't promise I'll be safe tonight.",
        "Honestly not sure I can keep myself safe this weekend.",
    ],
)
def test_not_being_able_to_stay_safe_with_a_time_is_urgent(text):
    assert _severity(text) == URGENT


def test_not_being_able_to_stay_safe_is_a_concern():
    assert _severity("I don't feel safe with myself at the moment.") == CONCERN


def test_a_client_who_cannot_promise_to_stay_safe_is_not_the_writer():
    assert (
        _severity("My client couldn't promise she'd be safe tonight, so we called the crisis team.") is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "Every night I stand on the balcony and think about it.",
        "Sat on the bridge after work looking down and wondering how easy it would be.",
    ],
)
def test_standing_at_a_height_and_thinking_about_it_is_a_plan(text):
    assert _severity(text) == URGENT


def test_standing_on_a_balcony_thinking_about_the_day_is_calm():
    assert _severity("I stand on the balcony with a coffee and think about the day ahead.") is None


@pytest.mark.parametrize(
    "text",
    [
        "I won't be around after Christmas, and I don't mean on holiday.",
        "Not coming back after my days off, and not in the quitting sense.",
    ],
)
def test_not_being_here_with_the_ordinary_reason_denied_is_intent(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I've left a note on the door telling my partner not to come in, just to call someone.",
        "There's an envelope for whoever finds me on the desk.",
    ],
)
def test_a_note_for_whoever_finds_the_writer_is_preparation(text):
    assert _severity(text) == URGENT


def test_a_note_telling_someone_not_to_come_in_for_a_calm_reason_is_not_preparation():
    assert _severity("Left a note on the door telling the kids not to come in, I'm on a work call.") is None


def test_knowing_which_combination_of_medicines_would_work_is_a_plan():
    assert (
        _severity("I work in pharmacy and I know which mix of meds would work. It's all on the shelf.")
        == URGENT
    )


def test_knowing_which_shifts_would_work_is_calm():
    assert _severity("I know which ones would work for the rota, I'll send them to the manager.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Drove to the viaduct after my shift. I didn't jump. Maybe next time.",
        "Stood on the platform edge for ages and nearly stepped off.",
    ],
)
def test_nearly_doing_it_is_a_plan(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I didn't jump at the chance to do nights, funnily enough.",
        "The fire alarm went and I nearly jumped out of my skin.",
    ],
)
def test_not_jumping_at_a_chance_or_out_of_ones_skin_is_calm(text):
    assert _severity(text) is None


def test_tonight_is_the_night_with_thanks_for_everything_is_intent():
    assert _severity("Tonight's the night. Thank you all for everything, you were kind to me.") == URGENT


def test_tonight_is_the_night_for_a_leaving_do_is_calm():
    assert (
        _severity("Leaving do tonight, tonight's the night! Thank you all for everything, best team.") is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "My patient reopened the old wound on his leg scratching it, the district nurse is going in.",
        "I know which combination of shifts would work best for childcare.",
        "So disappointed I'm still here at work at 9pm, again.",
        "Tonight's the night! Thank you all for everything, I passed my driving test!",
    ],
)
def test_calm_posts_in_the_words_of_the_nights_rules_are_calm(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Caught myself hoping the bus would swerve into my lane on the way to the clinic.",
        "part of me wishes a van would plough into me on the ring road",
    ],
)
def test_hoping_a_vehicle_hits_the_writer_is_a_wish_to_be_dead(text):
    assert _severity(text) == CONCERN


def test_hoping_a_bus_comes_is_calm():
    assert _severity("Stood in the rain hoping the bus would come before my shift started.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Dressed a teenager's cuts in A&E this morning. Last night I did the same to myself, first time in years.",
        "She showed me the burns on her forearm in session. I've done the same thing to myself again this week.",
        "Reviewed his self-harm wounds with the GP. Honestly? I did it to myself yesterday too.",
    ],
)
def test_doing_the_same_to_oneself_after_someone_elses_self_harm_is_a_recent_act(text):
    screen_ = screen(text, phrases=())
    assert (screen_.severity, screen_.category) == (URGENT, Category.SELF_HARM)


@pytest.mark.parametrize(
    "text",
    [
        # no self-harm in the sentences before
        "Covered three night shifts for a colleague. Last night I did the same to myself, no sleep at all.",
        # told as history
        "Her cuts were fresh. Years ago I did the same to myself, and I'm ten years clear now.",
        # no time: not said to be recent
        "Dressed a young woman's cuts today. When I was fifteen I did the same to myself.",
        # denied
        "He showed me where he'd burned his arm. I have never done that to myself, and I won't.",
    ],
)
def test_doing_the_same_to_oneself_without_self_harm_nearby_or_now_is_not_an_act(text):
    assert _severity(text) is None


def test_doing_the_same_to_oneself_by_accident_is_not_self_harm():
    text = (
        "Stitched up a lad's hand on nights, he'd cut it on a broken window. "
        "I did the same to myself yesterday with a bread knife, clumsy idiot."
    )
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I couldn't think of a single reason to live this week.",
        "cant come up with one reason to keep going tbh",
        "I don't have any reasons for living left.",
        "What reason do I have to stay alive, really?",
    ],
)
def test_finding_no_reason_to_live_is_a_wish_to_be_dead(text):
    screen_ = screen(text, phrases=())
    assert (screen_.severity, screen_.category) == (CONCERN, Category.PASSIVE_IDEATION)


@pytest.mark.parametrize(
    "text",
    [
        "Did the reasons for living section of a safety plan with a client. I realised I had none of my own.",
        "Safety planning training, we each wrote our own reasons for living. Mine stayed completely blank.",
    ],
)
def test_finding_no_reasons_for_living_of_ones_own_in_a_safety_plan_is_a_wish_to_be_dead(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "My client couldn't think of a single reason to live, so we started with the dog.",
        "We filled in reasons for living as a team exercise; mine were my kids and my allotment.",
        "Her reasons for living box stayed blank for the whole session, which worried me.",
        "I could think of a reason to live in every single one of those dark years: my daughter.",
        "Reasons for living: I had loads of my own, which surprised me.",
    ],
)
def test_reasons_to_live_that_are_someone_elses_or_found_are_not_crisis(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Ligature audit on the ward today. Noticed I was noticing the door hinges for me.",
        "Noticed which fittings would hold weight. Noticed I was noticing it for me.",
        "Third call to the viaduct this month. Driving home I clocked where the railings are lowest. Wasn't clocking it for work.",
        "Means restriction chat with a family about the tablets in the house. I was counting mine for myself after, not as a nurse.",
    ],
)
def test_noting_a_means_or_place_for_oneself_not_for_work_is_a_plan(text):
    screen_ = screen(text, phrases=())
    assert (screen_.severity, screen_.category) == (URGENT, Category.PLAN)


@pytest.mark.parametrize(
    "text",
    [
        "Ligature audit today. I checked the anchor points for myself before signing it off, not trusting the form.",
        "Walked over the bridge at lunch. Noticed the light on the water, that one was for me.",
        "Counted the controlled drugs twice. I wasn't counting for work, I was counting because I'm anxious.",
    ],
)
def test_noting_for_oneself_without_a_means_or_place_nearby_or_as_a_check_is_not_a_plan(text):
    assert screen(text, phrases=()).severity != URGENT


def test_someone_else_counting_tablets_for_the_writer_is_not_a_plan():
    text = "My hands shake since the accident, so my husband was counting the tablets for me into the dosette box."
    assert screen(text, phrases=()).severity != URGENT


@pytest.mark.parametrize(
    "text",
    [
        "My client told me she wants to kill herself. Honestly? Same.",
        "The client said everyone would be better off without her. Same, love. Same.",
        "He keeps thinking about ending his life. Me too, lately.",
    ],
)
def test_an_echo_of_someone_elses_words_about_themselves_is_the_writers_own(text):
    result = screen(text, phrases=())
    assert result.severity == CONCERN
    assert "says the same of themselves" in [match.why for match in result.matches]


@pytest.mark.parametrize(
    "text",
    [
        "My client told me she wants to kill her ex. Same.",
        "She said she would kill herself laughing at the panto. Same!",
        "He said he'd hurt himself lifting the boxes. Same here, my back is wrecked.",
    ],
)
def test_an_echo_of_someone_elses_harm_to_others_or_figure_of_speech_is_not_crisis(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    ["I hurt myself lifting the boxes at the weekend.", "Hurt myself on the stairs again, clumsy as ever."],
)
def test_hurting_oneself_in_an_accident_is_not_self_harm(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "> I've been saving my tablets and I know which night.\n\nPlease ring 116 123 tonight, we're here for you.",
        "> some days I wish I could just vanish\n> and nobody would notice\n\nYou'd be noticed. Sending love.",
    ],
)
def test_a_blockquote_of_another_members_post_is_not_the_writers_crisis(text):
    assert _severity(text) is None


def test_the_writers_own_words_after_a_blockquote_still_count():
    text = "> rough week here, anyone else?\n\nSame. I've been saving my tablets and I know which night."
    assert _severity(text) == URGENT


def test_an_echo_of_a_blockquote_is_the_writers_own():
    text = "> I keep wishing I wouldn't wake up.\n\nsame. every night lately."
    assert _severity(text) == CONCERN


def test_the_writers_own_words_quoted_after_i_wrote_still_count():
    text = "What I wrote in my journal last night:\n> I want to die and I don't know how to stop wanting it."
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "After the cardiac arrest on Saturday I went home and hurt myself, the first time since uni.",
        "Got home from the inquest this afternoon and hurt myself. I'd been doing so well.",
        "I hurt myself, the first time in four years, and I can't tell my team.",
    ],
)
def test_hurting_oneself_on_a_day_named_or_for_the_first_time_in_years_is_a_recent_act(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Writing from the car. I just went back into the flat and hurt myself so the shaking would stop.",
        "Went upstairs and hurt myself, first time since the spring.",
    ],
)
def test_having_just_gone_in_and_hurt_oneself_is_a_recent_act(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "When I said I can't keep doing this I meant the job. I did not mean I want to die.",
        "That doesn't mean I want to die, it means I want a different rota.",
    ],
)
def test_saying_one_did_not_mean_it_is_a_denial(text):
    assert _severity(text) is None


def test_wanting_to_do_to_oneself_what_someone_else_did_is_a_self_harm_urge():
    text = "A teenager showed me her fresh injuries in clinic. I haven't stopped wanting to do it to myself since."
    assert _severity(text) == CONCERN


def test_not_wanting_to_do_to_oneself_what_someone_else_did_is_nothing():
    assert _severity("Dressed a lad's cuts on his forearm. I would never want to do that to myself.") is None


@pytest.mark.parametrize(
    "text",
    [
        "The urge to bang my head off things is back, for what it's worth.",
        "Some days I hope the plane goes down.",
        "Lately my mind keeps offering me one permanent way to switch off.",
        "Her husband had run out of road, she said. I think I've run out of road too.",
    ],
)
def test_a_wish_an_urge_or_hopelessness_said_in_ordinary_words_is_a_concern(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "I want to bang my head against the desk, this rota is a joke.",
        "Found a permanent way to switch off the work email on my phone.",
        "I want a permanent exit from this career.",
        "I've run out of road with this manager, so I'm applying elsewhere.",
        "Sat with a widow whose husband had run out of road.",
    ],
)
def test_the_same_words_about_work_or_someone_else_are_nothing(text):
    assert _severity(text) is None


def test_a_fitting_of_ones_own_home_that_would_hold_after_a_patients_is_a_plan():
    text = (
        "My patient described the top of his wardrobe door in detail. I wrote it up and escalated. "
        "At home I looked at my own wardrobe door for a long time and knew it'd hold."
    )
    assert _severity(text) == URGENT


def test_a_fitting_of_ones_own_home_that_would_hold_something_is_nothing():
    assert _severity("I checked my own banister would hold the baby gate.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Since the assault I keep getting pictures of hitting the patient who bit me.",
        "I get flashes of shaking him when he won't stop crying at 3am.",
    ],
)
def test_pictures_or_flashes_of_harming_someone_are_thoughts_of_harm(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "Worried about hitting the deadline for the audit.",
        "She showed me pictures of hitting the ball at the tennis club.",
        "Scared of hurting my back lifting patients again.",
    ],
)
def test_hitting_a_deadline_or_hurting_ones_back_is_not_harm_to_anyone(text):
    assert _severity(text) is None


def test_answering_a_suicide_screening_question_for_oneself_is_ideation():
    text = (
        "Did a C-SSRS with a new client today and answered each question in my head for myself. Yes to both."
    )
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "Ran the C-SSRS with a client and answered it for myself afterwards. No, thankfully.",
        "Did the burnout inventory at training and answered it for myself: off the charts.",
    ],
)
def test_answering_a_screening_for_oneself_with_a_no_or_about_burnout_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Had a real low patch back in 2019 where I thought about not being here. Therapy got me through.",
        "kms every time I have to use the new EPR system lol",
        "Before before, I don try to kill myself. Now I dey work as counsellor and I dey happy well well.",
    ],
)
def test_a_low_patch_back_in_a_year_named_or_an_exasperated_kms_is_not_a_crisis(text):
    assert _severity(text) is None


def test_thoughts_back_in_ones_head_have_come_back():
    assert (
        _severity("I want to kill myself every time I wake up, and the thoughts are back in my head.")
        == CONCERN
    )


def test_giving_things_away_with_a_cover_story_is_preparation():
    text = "This week I gave away my plants, my coat and the bike, and when people asked, I said I was decluttering."
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Gave away my plants and the bike this week, we're decluttering before the move.",
        "I gave my books to the school library, they needed them more than me.",
        "Five years ago today I gave away my things and wrote the letters. I'm still here and glad of it.",
    ],
)
def test_giving_things_away_for_a_move_to_a_library_or_years_ago_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "What I didn't say in the room is that I've started treating my own death as a decision I'm allowed to make.",
        "What I didn't tell her is that I remind myself I could end my own life if it got worse.",
        "An image came into my head of shaking her, clear as anything, and I walked out into the garden.",
        "Sat in the car asking myself whether I want to go on existing.",
    ],
)
def test_what_one_did_not_say_an_image_or_asking_oneself_is_said_now(text):
    assert _severity(text) == CONCERN


def test_not_having_stopped_thinking_about_it_is_not_a_denial():
    assert _severity("I haven't stopped thinking about killing myself since the inquest.") == CONCERN


def test_just_wanting_to_hurt_oneself_is_an_urge():
    assert _severity("I just want to go back inside and hurt myself.") == CONCERN


def test_hurting_oneself_on_a_day_named_in_an_accident_is_not_an_act():
    assert _severity("Last night I hurt myself falling off the kerb, nothing broken.") is None


def test_medicines_counted_out_for_the_days_of_a_hike_are_not_gathering_a_means():
    text = "Packing list:\n- rope (30m, the guide insisted)\n- my meds counted out for 6 days, plus spares\n- head torch"
    assert _severity(text) is None


def test_a_list_under_a_heading_that_denies_it_is_not_crisis():
    text = (
        "Things I am:\n- tired\n- sad about a client leaving\n\n"
        "Things I'm not:\n- thinking about ending my life\n- hurting myself\n- planning anything but a nap"
    )
    assert _severity(text) is None


@pytest.mark.parametrize(
    "heading",
    [
        "Not sure how to say this:",
        "I don't know what to do anymore:",
        "Things I'm not telling my supervisor:",
    ],
)
def test_a_list_under_a_heading_that_denies_nothing_in_it_still_counts(heading):
    text = f"{heading}\n- thinking about ending my life\n- hurting myself again last night"
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I slipped on the ice last night and hurt myself, nothing broken.",
        "Fell off my bike yesterday and hurt myself.",
        "Yesterday I tripped over the dog and hurt myself.",
    ],
)
def test_hurting_oneself_in_an_accident_on_a_day_named_is_not_self_harm(text):
    assert _severity(text) is None


def test_slipping_alone_is_a_relapse_not_an_accident():
    assert _severity("Slipped last night and hurt myself. Eight months gone.") == URGENT


def test_a_supportive_reply_quoting_a_crisis_post_with_the_quote_button_raises_no_crisis_flag(member, thread):
    body = quote_as_markdown("Sam", "I've written goodbye letters to my kids.") + (
        "Sam, please ring the crisis line now, or text us here. We're staying with you."
    )
    post = forum_services.reply(thread=thread, author=member, body=body)
    assert not Flag.objects.filter(post=post, reason="crisis").exists()


def test_a_reply_quoting_a_post_then_saying_the_same_of_oneself_is_flagged(member, thread):
    body = (
        quote_as_markdown("Sam", "Some nights I wish I wouldn't wake up.") + "Same. Every night this month."
    )
    post = forum_services.reply(thread=thread, author=member, body=body)
    assert Flag.objects.get(post=post, reason="crisis").is_automatic


def test_a_reply_that_says_the_same_as_the_post_it_answers_is_flagged(member, other_member, thread):
    parent = forum_services.reply(
        thread=thread, author=member, body="Some mornings I wish I wouldn't wake up."
    )
    post = forum_services.reply(
        thread=thread, author=other_member, body="Same. Every morning this month.", parent=parent
    )
    flag = Flag.objects.get(post=post, reason="crisis")
    assert "“wish i would not wake up … same”" in flag.note


def test_a_reply_to_the_thread_that_says_the_same_as_its_opening_post_is_flagged(
    member, other_member, category
):
    thread = forum_services.create_thread(
        author=member,
        category=category,
        title="Mornings",
        body="Honestly I don't want to be alive most days.",
    )
    post = forum_services.reply(thread=thread, author=other_member, body="Me too, lately.")
    assert Flag.objects.filter(post=post, reason="crisis").exists()


@pytest.mark.parametrize(
    "answered",
    [
        "My client said she wants to die. How do you all cope with hearing that every week?",
        "I used to wish I wouldn't wake up, years ago. Therapy helped and I'm doing well now.",
        "Had a lovely walk by the sea today.",
    ],
)
def test_a_reply_saying_same_to_a_post_that_is_not_its_writers_crisis_is_not_flagged(
    member, other_member, thread, answered
):
    parent = forum_services.reply(thread=thread, author=member, body=answered)
    post = forum_services.reply(thread=thread, author=other_member, body="Same.", parent=parent)
    assert not Flag.objects.filter(post=post, reason="crisis").exists()


def test_a_reply_that_opens_with_its_own_words_does_not_reach_into_the_post_it_answers(
    member, other_member, thread
):
    parent = forum_services.reply(
        thread=thread, author=member, body="Some mornings I wish I wouldn't wake up."
    )
    body = "Thank you for telling us. I hear you, and I'm glad you posted. Same time tomorrow for a check-in?"
    post = forum_services.reply(thread=thread, author=other_member, body=body, parent=parent)
    assert not Flag.objects.filter(post=post, reason="crisis").exists()


def test_an_ordinary_reply_reads_nothing_more_to_be_screened(member, other_member, thread):
    forum_services.reply(thread=thread, author=other_member, body="Warm-up: following the thread.")
    with CaptureQueriesContext(connection) as ordinary:
        forum_services.reply(thread=thread, author=other_member, body="Thank you all, this helped.")
    with CaptureQueriesContext(connection) as echo:
        forum_services.reply(thread=thread, author=other_member, body="Same here, thank you all.")
    assert len(echo) == len(ordinary) + 1  # the opening post, read only for a reply that opens with an echo


@pytest.mark.parametrize(
    "text",
    [
        "Been stashing the Valium from my mum's cupboard.",
        "I've been saving my Endone for a few weeks now.",
        "thinking about taking all my oxycontin tonight",
        "i want to take every one of my seroquel at once",
    ],
)
def test_a_medicine_by_its_brand_name_gathered_or_all_taken_is_urgent(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Picked up my Lexapro from the pharmacy, the queue was awful.",
        "tempted to take all my meds to the pharmacy for a review",
        "I want to take all my tablets at once in the morning rather than spread out, is that ok?",
        "want to take all my tablets at the same time so I stop forgetting",
        "We've been hoarding Benadryl since the shortage, hay fever season is brutal.",
        "I've been stockpiling Calpol and Nurofen for emergencies, two kids under five.",
        "My client was thinking about taking all her tablets.",
    ],
)
def test_a_brand_name_errand_or_someone_elses_thought_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I thought about killing myself last year, but therapy helped.",
        "I thought about killing myself a lot after the divorce. Therapy helped, and I'm doing well now.",
    ],
)
def test_thoughts_told_in_the_past_of_a_recovery_are_nothing(text):
    assert _severity(text) is None


def test_thoughts_since_last_year_go_on_now():
    assert _severity("Since last year I have been thinking about killing myself.") == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "My GP asked if I'd had thoughts of ending my life. I said no. The truth is, yes.",
        "The facilitator asked whether any of us had thought about suicide this year. Nobody spoke. Honestly, yes.",
        "Asked if anyone else has wanted to die on a night shift. Honestly, yes. Most weeks.",
    ],
)
def test_a_question_put_to_the_writer_answered_yes_for_themselves_is_ideation(text):
    assert _severity(text) == CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "I asked my client whether she had thought about suicide. Her honest answer was yes.",
        "The trainer asked whether we had thought about suicide as a risk for clinicians. Honestly yes, every module.",
        "My GP asked if I'd had thoughts of ending my life. The honest answer was no, thankfully.",
        "My manager asked if I was killing myself with all this overtime. The honest answer is yes.",
        "She asked if I had ever self harmed. Honestly yes, as a teenager. Not since.",
        "My GP asked if I had thoughts of ending my life and honestly, yes, last winter, but not now.",
        "The course asked if anyone had ever felt suicidal. Honestly, yes, a few people put their hands up.",
    ],
)
def test_a_clients_yes_a_class_question_a_no_a_figure_of_speech_or_a_yes_that_is_over_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I want to take all my tablets instead of waking up tomorrow",
        "thinking about taking all my pills at night when everyone is asleep",
    ],
)
def test_taking_all_ones_tablets_at_night_or_instead_of_waking_is_still_a_plan(text):
    assert _severity(text) == URGENT


def test_tablets_saved_for_a_season_when_nobody_will_notice_are_still_gathered():
    text = "I have been saving my tablets for the winter, when it's dark and nobody will notice."
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I took 30 paracetamol last night.",
        "took 40 sertraline last night is that safe",
        "Swallowed a whole box of co-codamol an hour ago.",
        "I've just taken all my zopiclone",
        "I took 12 of my mum's tramadol tonight and now I'm scared",
    ],
)
def test_an_amount_of_medicine_taken_lately_is_an_urgent_overdose(text):
    assert screen(text, phrases=()).matches[0].why == "a recent overdose"
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "My client took 30 paracetamol last night.",
        "took 2 paracetamol last night for a headache",
        "took 10 mg of sertraline last night, first dose",
        "In 2008 I swallowed a whole bottle of lithium, fifteen years well now.",
    ],
)
def test_a_clients_overdose_a_dose_or_one_long_ago_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I tried to kill myself last night.",
        "I attempted suicide on Saturday.",
        "I made an attempt on my life two days ago and nobody knows.",
        "I tried to kill myself at 3 this morning.",
        "I took an overdose an hour ago.",
        "I just swallowed everything in the cupboard.",
    ],
)
def test_an_attempt_or_overdose_told_now_is_urgent(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I tried to end it with him twice but he kept coming back.",
        "My daughter tried to kill herself last night, I'm in A&E with her.",
        "The anniversary of my suicide attempt is next week and I'm dreading it.",
        "I made an attempt to fix the printer, failed.",
    ],
)
def test_an_attempt_long_ago_someone_elses_or_not_on_a_life_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop cutting.",
        "I'm sitting in the car with the engine running in the garage.",
        "I bought charcoal and tape today.",
        "By the time you read this I'll be gone.",
    ],
)
def test_self_harm_going_on_a_means_in_use_or_a_last_message_is_urgent(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "By the time you read this I'll be gone, off to Spain for two weeks!",
        "Got the car running in the garage at last, new starter motor, two weekends of swearing.",
        "Bought charcoal for the barbecue and some bunting for Saturday.",
    ],
)
def test_a_holiday_a_mended_car_or_a_barbecue_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Seven years ago this week I tried to end my life. Today I ran a half marathon.",
        "I tried to end my life at 22. I'm 40 now and a charge nurse.",
    ],
)
def test_an_attempt_told_with_its_age_or_years_ago_is_history_not_an_attempt(text):
    assert all(match.why != ATTEMPT_WHY for match in screen(text, phrases=()).matches)


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("i od'd last night", URGENT),
        ("i od on my meds last night", URGENT),
        ("took a bunch of pills earlier, feeling weird", URGENT),
        ("I hanged myself on Thursday but the rope broke.", URGENT),
        ("I jumped in front of a car yesterday and it swerved.", URGENT),
        ("The rope is in the loft, tied and ready.", URGENT),
        ("I've made the noose.", URGENT),
        ("I've decided to die.", URGENT),
        ("I've left letters for everyone on the kitchen table.", URGENT),
        ("Please tell my kids I love them.", URGENT),
        ("I've been researching lethal doses.", URGENT),
        ("Every night I plan how I'd do it.", URGENT),
        ("I hate being alive.", CONCERN),
        ("Suicide is on my mind every single day.", CONCERN),
        ("I fantasise about stabbing my boss.", CONCERN),
        ("I can't see any way out except dying.", CONCERN),
        ("i tryed to end it on sunday", URGENT),
        ("attempted last week, nobody knows", URGENT),
        ("swallowed like 20 of my sertraline an hour ago", URGENT),
        ("cutting every nite now", URGENT),
        ("been cutting every night since they changed my shifts", URGENT),
        ("i took all my tablets n im scared", URGENT),
        ("by the time u read this ill be gone", URGENT),
        ("i keep thinking bout hurting the kids", CONCERN),
    ],
)
def test_a_crisis_said_plainly_is_found(text, severity):
    assert _severity(text) == severity


@pytest.mark.parametrize(
    "text",
    [
        "I hung myself out to dry volunteering for that audit.",
        "I hate living in London, the rent is obscene.",
        "Revising lethal doses of paracetamol for the pharmacology exam.",
        "We plan how to do it every year, the Christmas rota is a nightmare.",
        "I wrote letters for my kids to open on their 18th birthdays.",
        "I don't see myself killing myself, I just want to sleep.",
        "took all my meds this morning for once, go me",
        "I took all my tablets last night and slept like a log",
        "She's cutting every day, the school rang me.",
    ],
)
def test_the_same_words_said_of_something_else_or_denied_are_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Every morning I'm disappointed I woke up. Every single one.", CONCERN),
        ("i overdosed that night after the thread went quiet", URGENT),
        ("Took like 25 Tylenol PM with most of a bottle of wine maybe 40 min ago.", URGENT),
        ("took 14 endone and a bottle of rum round 9. its 11 now.", URGENT),
        ("sertraline, all 40 of them, lined up on the desk.", URGENT),
        (
            "drove out to the headland before work and stood at the edge for a while to see how it felt",
            URGENT,
        ),
        ("I rang my dad tonight and said goodbye to him without him knowing that's what it was.", URGENT),
        ("Messaged my sister thanking her for everything and saying I love her. It was goodbye.", URGENT),
    ],
)
def test_a_crisis_said_plainly_in_a_sentence_of_its_own_is_found(text, severity):
    assert _severity(text) == severity


@pytest.mark.parametrize(
    "text",
    [
        "picked up three months of sertraline today, the pharmacist was lovely",
        "The printer jammed again. I'm going to end it. The printer, I mean. With a hammer.",
        "Every morning I'm disappointed I woke up so early, the birds are relentless.",
        "Said goodbye to the team on Friday without them knowing I'd been headhunted. New job Monday!",
    ],
)
def test_a_supply_collected_a_joke_corrected_or_a_new_job_is_nothing(text):
    assert _severity(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Took loads of paracetamol for this flu over the weekend, as you do, two every four hours.",
        "Made the noose for the Halloween display at the school fete, the kids loved it.",
        "Decided to die my hair purple, wish me luck.",
        "Researching lethal doses of paracetamol for the toxicology teaching session.",
        "Said goodbye to her without her knowing it was my last shift, I hate fuss.",
        "I bought charcoal and tape for the camping trip.",
        "I can't stop cutting corners at work, it's the only way to get through the list.",
        "I've been cutting every night, the hedge is enormous.",
        "Honestly, yes, I've thought about suicide prevention training for the whole team.",
        "Suicide has been on my mind a lot at work since we lost a patient, I keep checking the risk assessments.",
    ],
)
def test_plain_words_of_a_crisis_said_of_flu_props_hair_teaching_or_work_are_nothing(text):
    assert _severity(text) is None


def test_thinking_about_suicide_in_a_place_is_still_a_thought_of_suicide():
    assert _severity("i think about suicide in the car park before every shift now") is not None


@pytest.mark.parametrize(
    "text",
    [
        "necked the whole box of co-codamol about half an hour ago",
        "Swallowed my whole month of lithium 20 mins ago.",
        "took 50 of my ritalin an hour ago",
        "I tied a cable round my neck in the garage tonight and took it off again.",
        "Drank the bleach from under the sink about an hour ago.",
        "I took an overdose before I logged on.",
        "overdosed. sorry everyone.",
        "Scheduled a goodbye to my team for Monday. By the time it sends I'll be dead.",
        "I'm on the bridge. Going to jump when the next train comes.",
        "My legs are over the edge of the car park roof.",
    ],
)
def test_an_urgent_crisis_said_in_a_few_plain_words_is_urgent(text):
    assert _severity(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "My toddler drank some bleach by accident, A&E said she's fine.",
        "Been killing meself all week to get these case notes done before audit.",
    ],
)
def test_a_childs_accident_a_joke_explained_or_overwork_is_nothing(text):
    assert _severity(text) is None


def test_an_overdose_years_ago_this_week_is_history():
    text = "Ten years ago this week I took an overdose in a hotel. Today I ran my first supervision group."
    assert all(match.why != "a recent overdose" for match in screen(text, phrases=()).matches)


def test_jumping_one_said_one_would_is_not_intent_now():
    text = "When I said I was going to jump off the bridge it was a joke about the MOT."
    assert all(match.category != Category.INTENT for match in screen(text, phrases=()).matches)
