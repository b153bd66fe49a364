"""The preferences page preselects the browser's time zone until the member has chosen one, as
sign-up does (issue 24, item 10); a zone the member chose stays, whatever the browser says."""

from tests.browser.conftest import Visitor


def test_preferences_offer_the_browsers_time_zone_until_one_is_chosen(browser, live_server_url):
    dev = Visitor(browser, live_server_url, "time-zone-preference", time_zone="Asia/Tokyo")
    try:
        dev.login("dev@haven.example")
        page = dev.go("/settings/preferences/")
        assert page.input_value("#id_time_zone") == "Asia/Tokyo"
        dev.screenshot("browser-zone-preselected")

        page.select_option("#id_time_zone", "UTC")  # Dev keeps the server's time on purpose
        dev.submit("Save preferences")
        page = dev.go("/settings/preferences/")
        assert page.input_value("#id_time_zone") == "UTC"
    finally:
        dev.close()
