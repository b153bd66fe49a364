"""A member's private weekly check-in, in a browser (issue 22 item 3): they check in, see the calm
page after saving with the crisis resources, check in again a week later (the first check-in is
moved back a week in the database, as the consent journey changes the clock-bound state), and
see their trend drawn as SVG lines on their activity page. Screenshots at 1280 and 390 px."""

import json

import psycopg

from bench import live
from tests.browser.conftest import BROWSER_DATABASE
from tests.checkins import harbour_scale

MEMBER = "grace@haven.example"


def _sql(statement: str, *params) -> None:
    url = live.with_database(live.server_database_url(), BROWSER_DATABASE)
    with psycopg.connect(url) as connection:
        connection.execute(statement, params)


def _as_if_a_week_had_passed() -> None:
    """Move the member's check-ins back a week: this week's becomes last week's."""
    _sql(
        "UPDATE checkins_checkin SET week = week - 7, created_at = created_at - interval '7 days', "
        "updated_at = updated_at - interval '7 days' "
        "WHERE member_id = (SELECT id FROM accounts_user WHERE email = %s)",
        MEMBER,
    )


def _answer(page, answers: dict[str, str], note: str) -> None:
    for field, label in answers.items():
        page.locator(f"fieldset:has(input[name={field}])").get_by_label(label, exact=True).check()
    page.fill("#id_note", note)


def test_a_member_records_two_check_ins_and_sees_the_trend(visitor_factory):
    _sql(
        "DELETE FROM checkins_checkin WHERE member_id = (SELECT id FROM accounts_user WHERE email = %s)",
        MEMBER,
    )
    grace = visitor_factory("check-in")
    grace.login(MEMBER)
    page = grace.page
    grace.go("/settings/activity/")
    page.click("nav[aria-label='Your account'] >> text=Weekly check-in")
    assert "Nobody else can see your answers" in page.content()
    _answer(
        page,
        {"work_weight": "Very heavy", "sleep": "Poorly", "support": "A little", "switch_off": "Rarely"},
        "Three admissions in one night. I kept thinking about the family.",
    )
    grace.screenshot("check-in-form")
    grace.submit("Save my check-in")
    assert page.url.endswith("/settings/check-in/saved/")
    support = page.locator("section.callout")
    assert support.get_by_role("link", name="Crisis and support lines").count() == 1
    grace.screenshot("check-in-saved")

    _as_if_a_week_had_passed()
    grace.go("/settings/check-in/")
    assert "already checked in this week" not in page.content()
    _answer(
        page,
        {"work_weight": "Manageable", "sleep": "Alright", "support": "Mostly", "switch_off": "Sometimes"},
        "Talked to my supervisor. Lighter.",
    )
    grace.submit("Save my check-in")

    grace.go("/settings/activity/")
    charts = page.locator("#check-ins ~ .check-in-charts svg[role=img]")
    assert charts.count() == 4
    assert page.locator(".check-in-charts polyline.chart-line").count() == 4
    assert "Poorly at first, Alright most recently" in page.locator("#check-in-sleep-desc").text_content()
    page.locator("#check-ins").scroll_into_view_if_needed()
    grace.screenshot("activity-check-in-trend")

    grace.go("/settings/check-in/history/")
    assert page.locator("table.check-in-history tbody tr").count() == 2
    grace.screenshot("check-in-history")


def _import_the_harbour_scale() -> None:
    """What `manage.py import_instrument tests/checkins/harbour_scale.json` stores, written straight
    into the server's database (the command itself is tested in tests/checkins)."""
    data = harbour_scale()
    _sql(
        "INSERT INTO checkins_instrument (key, name, credit, definition, imported_at, updated_at) "
        "VALUES (%s, %s, %s, %s, now(), now()) ON CONFLICT (key) DO NOTHING",
        data["id"], data["name"], data["credit"], json.dumps(data),
    )  # fmt: skip


def test_a_member_takes_an_imported_instrument_and_reads_their_result_privately(visitor_factory):
    _import_the_harbour_scale()
    grace = visitor_factory("instrument")
    grace.login(MEMBER)
    page = grace.page
    grace.go("/settings/check-in/")
    page.click("main >> text=The Harbour Scale")
    assert "Not a real or validated instrument." in page.content()  # its credit, shown with it
    for number, answer in enumerate(
        ["Rarely", "Often", "Sometimes", "Very often", "Often", "Often"], start=1
    ):
        page.locator(f"fieldset:has(input[name=item-{number}])").get_by_label(answer, exact=True).check()
    grace.submit("Save my answers")
    results = page.locator("#results")
    assert "Weight carried" in results.inner_text() and "Heavy" in results.inner_text()
    assert results.get_by_role("link", name="crisis and support lines").count() == 1
    grace.screenshot("instrument-result")
