"""The confidentiality guard: what it catches, what it leaves alone, and the confirm flow."""

import time
from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from forum.demo import content
from forum.models import Post
from moderation.confidentiality import (
    DATE_OF_BIRTH,
    EMAIL,
    FULL_NAME,
    NI_NUMBER,
    PHONE,
    POSTCODE,
    REFERENCE_NUMBER,
    SOCIAL_HANDLE,
    VEHICLE,
    find_identifying_details,
)
from moderation.models import Flag, Priority

TODAY = date(2026, 11, 23)

POSITIVES = [
    ("My client Sarah told me about the abuse", "a named client or patient"),
    ("I keep thinking about a patient called Tom Baker", "a named client or patient"),
    ("my young patient Ben said something", "a named client or patient"),
    ("You can reach her at jane.doe@example.org", "an email address"),
    ("His number is 07700 900123", "a phone number"),
    ("Call (555) 123-4567 if you need", "a phone number"),
    ("+44 20 7946 0958", "a phone number"),
    ("She was born 12/03/1985", "a date of birth"),
    ("DOB 3 March 1985", "a date of birth"),
    ("born on March 3, 2019", "a date of birth"),
    ("The family live at 42 Elm Street", "a street address"),
    ("near 7 Church Road", "a street address"),
    ("postcode SW1A 1AA", "a postcode"),
    ("in Beverly Hills, CA 90210", "a US ZIP code with state"),
]

SUPPORTIVE_PROSE = [
    "This caseload is killing me, but I'm hanging in there.",
    "I've been a therapist for 11 years and I still find Mondays hard.",
    "On 3 March 2026 I went to a workshop on vicarious trauma; it helped.",
    "Sessions at 9:30 and 14:00 leave me no time for lunch.",
    "I had 25 clients last year, which was too many.",
    "My clients have taught me a lot about resilience.",
    "My client and I worked on grounding exercises.",
    "One of my patients said something that stayed with me all week.",
    "My supervisor, Anne, suggested I reduce my hours.",
    "I run 3 mornings a week and take 10 minutes at the close of the day.",
    "In 2019 I moved to child protection.",
    "Read chapter 4 of The Body Keeps the Score.",
    "I called the EAP line and it was genuinely helpful.",
    "Take a break: 5-10 minutes between sessions makes a difference.",
    "My patient was discharged yesterday and I felt relieved.",
    "The client said they felt safer after our third session.",
    "We meet every Tuesday at 7pm for peer supervision.",
    "Grace, thank you for sharing this.",
    "It took me 2-3 months to feel like myself again.",
    "I work nights 3 nights a week, 12 hour shifts.",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_identifying_details_are_found(text, kind):
    assert kind in [finding.kind for finding in find_identifying_details(text, today=TODAY)]


@pytest.mark.parametrize("text", SUPPORTIVE_PROSE)
def test_ordinary_supportive_prose_is_left_alone(text):
    assert find_identifying_details(text, today=TODAY) == []


def test_no_false_alarms_on_the_demo_content():
    texts = [
        part for thread in content.THREADS for part in (thread[2], thread[3], *(r[1] for r in thread[4]))
    ]
    alarms = [text for text in texts if find_identifying_details(text, today=TODAY)]
    assert alarms == []
    assert len(texts) == 20


def test_false_positive_rate_on_written_examples_is_zero_and_recall_is_complete():
    """The numbers quoted in the closing note: detection on POSITIVES, false alarms on prose."""
    found = sum(bool(find_identifying_details(text, today=TODAY)) for text, _ in POSITIVES)
    false_alarms = sum(bool(find_identifying_details(text, today=TODAY)) for text in SUPPORTIVE_PROSE)
    assert (found, len(POSITIVES), false_alarms, len(SUPPORTIVE_PROSE)) == (14, 14, 0, 20)


@pytest.mark.django_db
def test_the_author_sees_a_warning_naming_what_looked_identifying(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "My client Sarah said..."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This may identify a client or another real person" in page
    assert "a named client or patient" in page
    assert "My client Sarah" in page
    assert 'name="confirm_no_identifying_details"' in page
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_the_confirmation_box_is_only_shown_after_a_warning(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert 'name="confirm_no_identifying_details"' not in page


@pytest.mark.django_db
def test_editing_it_out_posts_without_a_flag(member_client, thread):
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "My client Sarah said..."})
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "A client said..."})
    assert thread.posts.count() == 2
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_confirming_posts_and_raises_a_confidentiality_flag(member_client, thread):
    member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "My client Sarah said...", "confirm_no_identifying_details": "on"},
    )
    post = Post.objects.get(thread=thread, position=2)
    assert post.state == Post.State.PUBLISHED
    flag = Flag.objects.get(post=post)
    assert (flag.reason, flag.is_automatic) == ("confidentiality", True)
    assert flag.entry.priority == Priority.CONFIDENTIALITY


@pytest.mark.django_db
def test_thread_titles_are_checked(member_client, category):
    response = member_client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "About my client Sarah", "body": "..."},
    )
    assert "This may identify a client" in response.content.decode()


@pytest.mark.django_db
def test_edits_are_checked(member_client, thread):
    response = member_client.post(
        reverse("forum:edit_post", args=[thread.opening_post.pk]),
        {"title": thread.title, "body": "Call me on 07700 900123"},
    )
    assert "a phone number" in response.content.decode()
    thread.opening_post.refresh_from_db()
    assert thread.opening_post.body == "Opening post body"


# --- Issue 19, item 4: formats and contexts the guard used to miss, and its false alarms ---------


def _found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_identifying_details(text, today=TODAY)]


PHONE_NUMBERS = [
    ("Her new mobile is 07911 123456.", "07911 123456"),
    ("text him on 07911123456 tonight", "07911123456"),
    ("the number is 07911-123-456", "07911-123-456"),
    ("The school office is 0161 496 0123.", "0161 496 0123"),
    ("Her sister: +44 7911 123456", "+44 7911 123456"),
    ("ring +44 (0)161 496 0123 after ten", "+44 (0)161 496 0123"),
    ("Call his aunt at (212) 555-0134.", "(212) 555-0134"),
    ("grandad is on 212-555-0134", "212-555-0134"),
    ("his brother in Toronto, +1 416 555 0199.", "+1 416 555 0199"),
    ("her Irish mobile 087 123 4567", "087 123 4567"),
    ("in Cork: +353 87 123 4567", "+353 87 123 4567"),
    ("the carer's mobile is 0412 345 678.", "0412 345 678"),
    ("Perth number +61 412 345 678", "+61 412 345 678"),
    ("his father in Pune, +91 98765 43210", "+91 98765 43210"),
    ("family in Abuja: +234 803 123 4567.", "+234 803 123 4567"),
    ("the neighbour's number, 555-0134, is on file", "555-0134"),
]


@pytest.mark.parametrize(("text", "number"), PHONE_NUMBERS)
def test_phone_numbers_are_found_in_every_common_format(text, number):
    assert ("a phone number", number) in _found(text)


HELPLINES = [
    "Samaritans are there on 116 123, day or night.",
    "Childline is 0800 1111 for the young people on your caseload.",
    "CALM: 0800 58 58 58. Papyrus: 0800 068 4141.",
    "In the US, 988 (call or text), or text HOME to 741741.",
    "Trevor Project 1-866-488-7386; SAMHSA 1-800-662-4357.",
    "Kids Help Phone in Canada: 1-800-668-6868.",
    "Lifeline is 13 11 14 and Beyond Blue 1300 22 4636.",
    "Kids Helpline 1800 55 1800, free from any phone.",
    "Pieta 1800 247 247, or text HELLO to 50808.",
    "Mind's infoline is 0300 123 3393.",
    "Shout on 85258 if talking is too much.",
    "If it's an emergency, 999 or 112; otherwise 111.",
    "Tele-MANAS is 14416, or 1-800-891-4416.",
]


@pytest.mark.parametrize("text", HELPLINES)
def test_well_known_helplines_are_not_identifying(text):
    assert _found(text) == []


@override_settings(
    HAVEN_CRISIS_RESOURCES=[
        {"name": "Our local crisis line", "detail": "", "phone": "0161 496 0999", "url": ""}
    ]
)
def test_a_helpline_the_site_recommends_is_not_identifying():
    assert _found("Ring 0161 496 0999 any time, it is staffed all night.") == []


def test_the_same_number_is_identifying_when_the_site_does_not_recommend_it():
    assert _found("Ring 0161 496 0999 any time, it is staffed all night.") == [
        ("a phone number", "0161 496 0999")
    ]


NOT_PHONE_NUMBERS = [
    "I was on the crisis team 2019-2021 and loved it.",
    "In the CMHT 2016–2019, then CAMHS.",
    "The 2025-2026 rota went out today.",
    "Rotas for the 2020 2021 2022 cohorts are archived.",
    "Core hours are 0900-1700.",
    "Read pages 212-250 before Thursday.",
    "Her PHQ-9 went from 21 to 9 and the GAD-7 from 18 to 6.",
    "I have 1,200 referrals a year and a £1,500,000 budget cut.",
    "It's version 2.3.1 of the template.",
    "Room 3.14, at 9:30 and again at 14:00.",
]


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_year_ranges_times_and_scores_are_not_phone_numbers(text):
    assert _found(text) == []


TITLED_NAMES = [
    ("Mrs Patel on ward 4 keeps asking for her son.", "Mrs Patel"),
    ("I saw Mr O'Brien in clinic again.", "Mr O'Brien"),
    ("Ms. Kowalczyk rang twice this morning.", "Ms. Kowalczyk"),
    ("Miss Hughes, his form tutor, made the referral.", "Miss Hughes"),
    ("Dr Chen overruled the whole MDT.", "Dr Chen"),
    ("Dr. K signed it off without reading it.", "Dr. K"),
    ("Mrs O. is back on the unit.", "Mrs O."),
    ("mr jones in bay 2 is dying and i can't stop crying", "mr jones"),
    ("Mr Fairbrother's daughter complained.", "Mr Fairbrother"),
]


@pytest.mark.parametrize(("text", "name"), TITLED_NAMES)
def test_a_title_with_a_surname_or_an_initial_is_found(text, name):
    assert ("a title with a name or initial", name) in _found(text)


NOT_TITLED_NAMES = [
    "Rereading Mrs Dalloway on the train home.",
    "Dr Seuss books got me through the night shifts.",
    "Anyone read Dr Gabor Maté on addiction?",
    "I really miss my old team.",
    "Saw the Dr. She said to rest.",
    "Mr Men mugs in the staff room, naturally.",
]


@pytest.mark.parametrize("text", NOT_TITLED_NAMES)
def test_books_public_figures_and_the_verb_miss_are_not_titled_names(text):
    assert _found(text) == []


CHILDREN_AND_PLACES = [
    ("Tyler, 13, from the Parkside estate, was excluded again.", "Tyler, 13, from the Parkside estate"),
    ("Amira (16) from Rochdale disclosed on Friday.", "Amira (16) from Rochdale"),
    ("a 12-year-old at Hollybank Primary told her teacher", "Hollybank Primary"),
    ("The 7 year old on Sunflower Ward has had no visitors.", "Sunflower Ward"),
    ("a fourteen-year-old from Oakwood Academy", "Oakwood Academy"),
    ("A 15-year-old called Kieran from Ashfield keeps running away.", "Kieran"),
    ("Saw a boy from Larchfield Primary today, he's 8 and his mum has vanished.", "Larchfield Primary"),
    ("She is only eleven and she's at Castle Hill Academy.", "Castle Hill Academy"),
    ("The girl in Year 5 at St Joseph's Primary disclosed again.", "St Joseph's Primary"),
    ("He's in 4th grade at Maple Grove Elementary School.", "Maple Grove Elementary School"),
]


@pytest.mark.parametrize(("text", "detail"), CHILDREN_AND_PLACES)
def test_a_child_with_a_name_school_ward_or_estate_is_found(text, detail):
    assert any(detail in found for _, found in _found(text))


def test_a_common_word_after_my_patient_is_not_a_name():
    assert _found("told my patient things can get better and i meant it for her.") == []


NOT_CHILDREN_AND_PLACES = [
    "A 15 year old with self-harm: what would you do first?",
    "A 9-year-old on the children's ward asked me if I had a dog.",
    "Ward 7 is closing for refurbishment.",
    "I used to teach at Oakwood Academy before nursing.",
    "The 14 year olds in my group want more art.",
    "Band 6, 3 years qualified, still learning.",
    "I'm Sarah, 34, from Leeds and new here.",
    "My preceptor on Heron Ward is brilliant, she's 24 and runs the bay.",
    "On Kestrel Ward today, she's 9 weeks pregnant and frightened.",
    "In year 2 of my training on Heron Ward, and she's one of the kindest mentors I've had.",
]


@pytest.mark.parametrize("text", NOT_CHILDREN_AND_PLACES)
def test_an_age_alone_or_a_place_alone_is_not_identifying(text):
    assert _found(text) == []


FULL_NAMES_IN_CLINICAL_CONTACT = [
    ("Had a hard session with Tomasz Nowak this morning, his mum died last month.", "Tomasz Nowak"),
    ("Discharged Aoife Byrne on Friday and cried in the car.", "Aoife Byrne"),
    ("Did a home visit to Marek Zielinski, the flat was freezing.", "Marek Zielinski"),
    ("first assessment with Keisha Williams went better than I feared", "Keisha Williams"),
]


@pytest.mark.parametrize(("text", "name"), FULL_NAMES_IN_CLINICAL_CONTACT)
def test_a_full_name_the_writer_saw_in_their_work_is_found(text, name):
    assert ("a person's full name", name) in _found(text)


NOT_PEOPLE_IN_CLINICAL_CONTACT = [
    "I saw Brené Brown speak in London and cried.",
    "Booked a consultation with Harley Street for my knee.",
    "Had a supervision session with Irvin Yalom's book open on my lap.",
    "Had my appraisal and an appointment with Occupational Health.",
    "Visiting Hyde Park at the weekend with the dog.",
]


@pytest.mark.parametrize("text", NOT_PEOPLE_IN_CLINICAL_CONTACT)
def test_a_singer_a_street_a_book_or_a_service_after_a_contact_word_is_not_a_name(text):
    assert _found(text) == []


REFERENCE_NUMBERS = [
    ("Case no. 44712 is stuck with legal.", "a case or reference number", "44712"),
    ("ref: SC/0934/21 came back unallocated", "a case or reference number", "SC/0934/21"),
    ("they closed AB-2023-4471 without telling me", "a case or reference number", "AB-2023-4471"),
    ("NHS number 943 476 5919 on the label", "an NHS number", "943 476 5919"),
    ("hospital number K0293847 was on the whiteboard", "a hospital or record number", "K0293847"),
    ("MRN: 7731920, bed 6", "a hospital or record number", "7731920"),
    ("NI number JK 12 34 56 C on the form", "a National Insurance number", "JK 12 34 56 C"),
]


@pytest.mark.parametrize(("text", "kind", "number"), REFERENCE_NUMBERS)
def test_case_reference_nhs_and_record_numbers_are_found(text, kind, number):
    assert (kind, number) in _found(text)


LOWER_CASE_CLIENTS = [
    ("my client dave is drinking again", "my client dave"),
    ("my patient maria asked for me by name", "my patient maria"),
    ("our service user kez, who you met, rang", "our service user kez"),
    ("my client james has moved out", "my client james"),
]


@pytest.mark.parametrize(("text", "phrase"), LOWER_CASE_CLIENTS)
def test_a_lower_case_name_after_my_client_is_found(text, phrase):
    assert ("a named client or patient", phrase) in _found(text)


NOT_LOWER_CASE_CLIENTS = [
    "my client has been doing so much better",
    "my client cancelled again and i'm relieved",
    "my patient list is enormous",
    "my client group is mostly teenagers",
    "my client keeps missing sessions",
    "my patient finally opened up about the accident",
    "my client struggles with mornings",
    "my client wept for most of the hour",
    "my clients teach me so much",
]


@pytest.mark.parametrize("text", NOT_LOWER_CASE_CLIENTS)
def test_a_sentence_going_on_after_my_client_is_not_a_name(text):
    assert _found(text) == []


SPELLED_EMAILS = [
    ("email her at jkemp at gmail dot com", "jkemp at gmail dot com"),
    ("send it to j.kemp (at) nhs.net please", "j.kemp (at) nhs.net"),
    ("it's p dot morris at example dot co dot uk", "p dot morris at example dot co dot uk"),
    ("write to tom.h at example.org", "tom.h at example.org"),
]


@pytest.mark.parametrize(("text", "email"), SPELLED_EMAILS)
def test_an_email_address_written_out_in_words_is_found(text, email):
    assert ("an email address", email) in _found(text)


@pytest.mark.parametrize(
    "text",
    ["I went over it dot by dot.", "I was at work. In the end I left.", "Samaritans: jo@samaritans.org"],
)
def test_dots_and_ats_in_prose_and_a_helplines_email_are_not_email_addresses(text):
    assert _found(text) == []


ADDRESSES = [
    ("she lives at 14 acacia avenue now", "a street address", "14 acacia avenue"),
    ("flat 3, 22 Brook Street", "a street address", "22 Brook Street"),
    ("he lives on Larkspur Close with his nan", "a street address", "Larkspur Close"),
    ("the postcode is ls6 2ab", "a postcode", "ls6 2ab"),
    ("a bedsit near M14 5RT", "a postcode", "M14 5RT"),
    ("her Eircode is D02 X285", "a postcode", "D02 X285"),
]


@pytest.mark.parametrize(("text", "kind", "detail"), ADDRESSES)
def test_lower_case_postcodes_and_street_names_are_found(text, kind, detail):
    assert (kind, detail) in _found(text)


@pytest.mark.parametrize(
    "text",
    ["It's a 10 minute drive.", "I have 2 very close friends at work.", "We finish at 5 pm on the 3rd."],
)
def test_distances_and_times_are_not_addresses(text):
    assert _found(text) == []


DATES = [
    ("DOB 02/11/1979 on the referral", "a date of birth"),
    ("she was born 4th of July 1990", "a date of birth"),
    ("born 03/05/2024, so barely two", "a date of birth"),
    ("the form said 17.08.1964 and nothing else", "a full date that could be a date of birth"),
]


@pytest.mark.parametrize(("text", "kind"), DATES)
def test_dates_of_birth_are_found(text, kind):
    assert kind in [found_kind for found_kind, _ in _found(text)]


NOT_DATES_OF_BIRTH = [
    "I qualified on 3 March 2015 and never looked back.",
    "I started on 12/09/2016 as a support worker.",
    "Can someone swap my shift on 12/04?",
    "Since 3 March 2015 I've been in CAMHS.",
    "Training moved to 21/06/2025.",
    "I joined the trust in September 2012.",
]


@pytest.mark.parametrize("text", NOT_DATES_OF_BIRTH)
def test_dates_of_events_are_not_dates_of_birth(text):
    assert _found(text) == []


TEAMS_AND_MEETINGS = [
    "We escalated it to the Patient Safety team.",
    "My first Child Protection Conference as chair is tomorrow.",
    "The Service User Involvement group wants a say in the rota.",
    "The patient Advice and Liaison Service never called back.",
    "Ask the Client Liaison Officer.",
    "The Patient Experience Board meets in room 2.",
]


@pytest.mark.parametrize("text", TEAMS_AND_MEETINGS)
def test_team_and_meeting_names_after_patient_or_client_are_not_names(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "My client, let's call her 'Ana' (not her real name), is doing well. Ana laughed today.",
        "A patient (I'll call him Theo) asked about my weekend.",
        "My client Bella (not her real name) finished therapy.",
        "All names have been changed. My client Marek says hello to his old team.",
    ],
)
def test_pseudonyms_the_writer_says_are_made_up_are_not_identifying(text):
    assert _found(text) == []


def test_a_pseudonym_does_not_excuse_a_real_name_elsewhere():
    text = "My client, I'll call her 'Ana', was referred by Dr Okonjo."
    assert _found(text) == [("a title with a name or initial", "Dr Okonjo")]


@pytest.mark.parametrize(
    "text",
    [
        "This helped me a lot.\n\nThanks all,\nDr Kate",
        "Be gentle with yourselves. Love, Jen x",
        "Hope that helps someone.\n— Mrs B",
    ],
)
def test_the_writers_own_sign_off_is_not_identifying(text):
    assert _found(text) == []


def test_a_sign_off_does_not_excuse_a_client_named_earlier():
    text = "My client Rhiannon rang the ward twice today.\n\nThanks all,\nJen"
    assert _found(text) == [("a named client or patient", "My client Rhiannon")]


def test_findings_carry_the_exact_text_in_the_order_it_appears():
    text = "Mrs Aziz's son, on 07911 123456, asked for his mum's NHS number 943 476 5919."
    assert _found(text) == [
        ("a title with a name or initial", "Mrs Aziz"),
        ("a phone number", "07911 123456"),
        ("an NHS number", "943 476 5919"),
    ]


def test_a_full_name_with_a_relative_or_a_date_of_birth_is_found():
    assert _found("Jordan Blake's dad turned up drunk.") == [("a person's full name", "Jordan Blake")]
    assert ("a person's full name", "Sam Reid") in _found("The file says Sam Reid, DOB 01.02.2010.")


def test_a_five_thousand_word_post_is_checked_quickly():
    """The guard runs on every draft. Generous bound: it catches a pattern gone quadratic (seconds
    at this length), not noise: the fastest of ten runs, so a busy machine does not fail it
    (bench/safety_screen.py measures speed; about 6 ms here)."""
    texts = [
        part for thread in content.THREADS for part in (thread[2], thread[3], *(r[1] for r in thread[4]))
    ]
    words = " ".join(texts).split()
    post = " ".join((words * (5000 // len(words) + 1))[:5000])
    fastest = float("inf")
    for _ in range(10):
        started = time.perf_counter()
        find_identifying_details(post, today=TODAY)
        fastest = min(fastest, time.perf_counter() - started)
    assert fastest < 0.05


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 20000,
        "my client " * 3000,
        "Mr " * 5000,
        "a" * 30000 + " at " + "b" * 30000,
        "+44 " * 5000,
        ("Sarah, 1" + ", " * 20) * 500,
        "x dot " * 5000,
    ],
)
def test_pathological_drafts_are_still_quick(text):
    """A guard against catastrophic backtracking, not a speed test (bench/safety_screen.py measures
    speed): such a pattern takes minutes on these drafts, so a generous bound never flakes."""
    started = time.perf_counter()
    find_identifying_details(text, today=TODAY)
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("her insta is @jade.x_99 if you want to check", "@jade.x_99"),
        ("his name is Tom Baker and he", "Tom Baker"),
        ("her daughter's name is Lily-Mae", "Lily-Mae"),
        ("a boy named Ezra keeps coming up in supervision", "Ezra"),
        ("she said to find her on telegram @quiet_hours", "@quiet_hours"),
    ],
)
def test_handles_and_names_introduced_as_names_are_found(text, detail):
    assert any(detail in found for _, found in _found(text))


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("her insta is jade.x99 if you want to look", "jade.x99"),
        ("His snapchat username is lil_bee so I blocked it", "lil_bee"),
        ("discord: moth2moon", "moth2moon"),
    ],
)
def test_a_handle_named_without_its_at_sign_is_found(text, handle):
    assert (SOCIAL_HANDLE, handle) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "my insta is private now and it helps",
        "the ig is 2.5 times busier on a Sunday",
        "Snapshot: 3 referrals this week.",
    ],
)
def test_a_social_site_named_beside_ordinary_words_is_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "@nightowl_rn you are not alone in this.",
        "Hi, my name is Priya and I'm a school counsellor.",
        "MANI's helpline is 0809 111 6264 for anyone in Nigeria.",
        "My dad died on 3 June 2012 and the anniversary is hard.",
        "On 3 June 2002 I qualified, and I still love it.",
    ],
)
def test_mentions_the_writers_own_name_other_helplines_and_life_events_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Mr and Mrs Okoye came to the review.", "Mrs Okoye"),
        ("Address: 12 Rose Crescent, Bradford", "12 Rose Crescent"),
        ("they live on the Cranbrook estate with a 3 year old", "Cranbrook estate"),
        ("Her Facebook is facebook.com/jade.smith.77", "facebook.com/jade.smith.77"),
        ("their case number is 2291-774", "2291-774"),
    ],
)
def test_more_ways_of_writing_an_identifying_detail_are_found(text, detail):
    assert any(detail in found for _, found in _found(text))


@pytest.mark.parametrize(
    "text",
    [
        "Job ref 2024-0091 is the Band 6 post if anyone is interested.",
        "Rant over. Sending love, Dr K",
        "Our trust's HQ moved in 2022; parking is a nightmare.",
        "Client A and Client B were both in crisis this week.",
        "The Royal College of Nursing survey closes on Friday.",
    ],
)
def test_job_references_sign_offs_and_anonymised_clients_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("born on the fourth of March twenty eleven, so she's only 14", "fourth of March twenty eleven"),
        ("his dob is 3rd feb 09 and he's already in the youth court", "3rd feb 09"),
        (
            "date of birth: the twenty-first of June two thousand and nine",
            "twenty-first of June two thousand and nine",
        ),
    ],
)
def test_a_date_said_to_be_a_birth_is_found_in_any_form(text, detail):
    assert (DATE_OF_BIRTH, detail) in _found(text)


def test_a_birth_without_a_full_date_is_left_alone():
    assert _found("I was born on a Tuesday in March, apparently") == []


def test_a_lower_case_street_where_someone_lives_is_an_address():
    assert ("a street address", "14 tanner's row") in _found("she lives at 14 tanner's row with her nan")


@pytest.mark.parametrize(
    "text", ["won 3 games in a row this week", "we lived at 4 different places in a row"]
)
def test_a_number_before_a_street_word_in_ordinary_prose_is_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("my pt bernie sent a thank you card to the ward", "my pt bernie"),
        ("Mr O'D from the Thursday group turned up again", "Mr O'D"),
        ("Madam Okonkwo brought the girl to clinic again", "Madam Okonkwo"),
    ],
)
def test_abbreviations_and_other_titles_before_a_name_are_found(text, detail):
    assert any(found == detail for _, found in _found(text))


@pytest.mark.parametrize(
    "text",
    ["Dr. Melfi is everything I aspire to be as a therapist", "Madam Chair, I'd like to raise a point"],
)
def test_fictional_therapists_and_forms_of_address_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "number for the dad is 0 7 7 0 0 9 0 0 6 1 9 if anyone can pass it on",
        "she shouted it across the room, oh seven seven double oh, nine double oh, two seven five",
    ],
)
def test_a_phone_number_spelled_a_digit_at_a_time_is_found(text):
    assert [kind for kind, _ in _found(text)] == [PHONE]


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("typed his ni number qq123456c into the wrong box", NI_NUMBER, "qq123456c"),
        ("His Medicare 2953 71846 1 was still on the form", REFERENCE_NUMBER, "2953 71846 1"),
        ("Inmate DOC #00482913 wrote me a letter", REFERENCE_NUMBER, "00482913"),
        ("If anyone sees a silver Corsa reg YX19 KLM near the refuge", VEHICLE, "YX19 KLM"),
        ("the van parked outside her school every afternoon is mf68 ztu", VEHICLE, "mf68 ztu"),
        ("home visit at t12 x5ry tomorrow and I'm dreading it", POSTCODE, "t12 x5ry"),
        ("n.vanderberg(a)example.net is the probation officer", EMAIL, "n.vanderberg(a)example.net"),
        (
            "posting about our sessions on reddit as u/throwaway_marnie88",
            SOCIAL_HANDLE,
            "u/throwaway_marnie88",
        ),
        ("pay her back on Cash App, the tag is $JrodMoney22", SOCIAL_HANDLE, "$JrodMoney22"),
    ],
)
def test_numbers_plates_and_handles_in_other_forms_are_found(text, kind, detail):
    assert (kind, detail) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I finally got my ni number sorted after moving here",
        "the nhs is 70 years old this year",
        "it costs $20 on the app, or $USD 15",
        "check r/nursing, it helped me",
        "we had 30 mins in the car park and 2 cups of tea",
    ],
)
def test_ordinary_mentions_of_numbers_and_apps_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "her number's 07700\u00a0900\u00a0561, ring her",
        "he wrote it as 0.7.7.0.0.9.0.0.5.2.6 in the export",
        "she wrote \u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660 \u0663\u0661\u0662 on my pad",
        "gave me his mobile on a fag packet, O77OO 9OO 345",
    ],
)
def test_a_phone_number_in_other_spaces_digits_or_letters_is_found(text):
    assert [kind for kind, _ in _found(text)] == [PHONE]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Femke de Vries-Bakker is the mum and she works in our own trust", "Femke de Vries-Bakker"),
        ("Joost van der Merwe, the dad, came to the office again", "Joost van der Merwe"),
        ("the case manager who actually answers is Lorraine Kowalczyk, ring her", "Lorraine Kowalczyk"),
    ],
)
def test_a_full_name_said_to_be_someone_in_a_role_is_found(text, name):
    assert (FULL_NAME, name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bessel van der Kolk is the psychiatrist whose book got me through training",
        "Brené Brown is the author I keep rereading",
        "My parents live in Ang Mo Kio, my father had a stent last year",
    ],
)
def test_public_figures_and_places_beside_a_role_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the grandad's landline is 089/4412379, he never picks up", "089/4412379"),
        ("Her mum is on 01632\n960 118 if you need her", "01632\n960 118"),
        ("call the foster carer on +353 (0)87 555 0142 after six", "+353 (0)87 555 0142"),
        ("the dad's cell is 312/555-0188, he prefers texts", "312/555-0188"),
    ],
)
def test_a_phone_number_with_a_slash_a_trunk_zero_or_a_line_break_is_found(text, number):
    assert (PHONE, number) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "BP was 120/80 then 135/90 after the stairs",
        "scored 18/20 and 17/20 on the two modules",
        "on 12/05/2024 we had the audit",
    ],
)
def test_readings_scores_and_dates_with_slashes_are_not_phone_numbers(text):
    assert _found(text) == []


def test_the_example_national_insurance_number_is_found():
    assert (NI_NUMBER, "QQ 12 34 56 C") in _found("I read it out, QQ 12 34 56 C, in the waiting room")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("She's the only Tongan health visitor at Middlemore Hospital, everyone knows her",
         "the only Tongan health visitor at Middlemore Hospital"),
        ("I'm the sole speech therapist at St Aidan's, so this isn't anonymous",
         "the sole speech therapist at St Aidan's"),
    ],
)  # fmt: skip
def test_a_unique_job_at_a_named_workplace_is_found(text, detail):
    assert detail in [found for _, found in _found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I'm the only one at home who cooks",
        "She was the only nurse on shift at 3am",
        "the only thing at Tesco worth buying is the bread",
        "I feel like the only social worker in Canada who still does home visits",
    ],
)
def test_being_the_only_one_without_a_named_workplace_is_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("he parks his van, plate KX-4471-B, outside the refuge", "KX-4471-B"),
        ("the car was 192-LH-4471 again this morning", "192-LH-4471"),
        ("Texas plate 8TRK519 in the school car park", "8TRK519"),
    ],
)
def test_a_vehicle_registration_of_other_countries_is_found(text, plate):
    assert (VEHICLE, plate) in _found(text)


def test_a_handle_after_a_comma_is_found():
    assert (SOCIAL_HANDLE, "kaz.j.2011") in _found("He added me on snap, kaz.j.2011, and I had to say no")


def test_a_name_and_age_off_a_named_estate_is_found():
    assert "Tayla, 14, off the Seacroft estate" in [
        found for _, found in _found("Tayla, 14, off the Seacroft estate, rang again")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Giulia di Stefano rang the ward again about her son's discharge", "Giulia di Stefano"),
        ("I sat with Yusuf al-Hakim's family for an hour after he died", "Yusuf al-Hakim"),
        ("Saoirse Ní Fhlatharta from the bereavement team checked in on me", "Saoirse Ní Fhlatharta"),
        ("we discharged Pieter van Rensburg on Friday and he was back by Sunday", "Pieter van Rensburg"),
    ],
)
def test_a_full_name_with_a_particle_is_found(text, name):
    assert (FULL_NAME, name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rewatched a Guillermo del Toro film to switch off after nights",
        "Bessel van der Kolk was on the reading list again",
        "Watched the Tour de France all afternoon, bliss",
        "my sister lives near Rio de Janeiro now",
    ],
)
def test_public_figures_and_places_with_a_particle_are_left_alone(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The handover sheet had BRENNAN, Aoife in bed 6 and nobody had updated it", "BRENNAN, Aoife"),
        (
            "Letter came back addressed PATIENT: GARETH PRITCHARD-JONES, wrong surgery again",
            "GARETH PRITCHARD-JONES",
        ),
        ("Name: MAREK NOWAKOWSKI. That's all the fax said.", "MAREK NOWAKOWSKI"),
    ],
)
def test_a_name_in_capitals_as_records_write_it_is_found(text, name):
    assert (FULL_NAME, name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "NOTE: NOT OK TODAY, sorry for shouting",
        "SORRY, Mark, I meant the other rota",
        "Re: NHS pensions, anyone know the deadline?",
    ],
)
def test_shouting_and_acronyms_are_not_names_in_capitals(text):
    assert [kind for kind, _ in _found(text) if kind == FULL_NAME] == []


@pytest.mark.parametrize(
    "text",
    [
        "Night shift nurse, ICU, Leeds. First post here.",
        "CAMHS, Leeds. Been here six years.",
        "Happy Eid ul-Fitr to everyone marking it this week",
    ],
)
def test_a_role_and_a_city_or_a_festival_are_not_names(text):
    assert [kind for kind, _ in _found(text) if kind == FULL_NAME] == []


def test_a_full_name_given_as_someones_social_media_is_found():
    assert (FULL_NAME, "Margaret Doherty") in _found("fb: Margaret Doherty Belfast, she messaged me again")


def test_a_greeting_after_a_social_site_is_not_a_name():
    assert _found("insta: Happy Christmas everyone, back in January") == []


def test_a_capitalised_word_on_the_line_after_client_is_not_their_name():
    text = "TW: suicide of a client\n\nOne of my clients died last week and I keep going over it."
    assert find_identifying_details(text, today=TODAY) == []


def test_a_name_on_the_same_line_after_client_is_still_found():
    text = "TW: suicide of a client\n\nI saw my client Grainne Mulcahy on the Monday, the week before."
    assert find_identifying_details(text, today=TODAY) != []
