"""The key journey, as a supervisor does it in a real browser: sign in with the second
factor, open the caseload, enroll a participant (after a mistake), open the record, and
see in the audit trail that it was opened. Every page is checked with axe-core (WCAG 2.1
A and AA), at desktop width and, for the caseload and the record, at 360 px wide.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from peerwell import testing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = {"width": 360, "height": 740}


# --- helpers ----------------------------------------------------------------------------


def assert_accessible(page, where: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = result["violations"]
    lines = [f"axe-core found {len(violations)} violation(s) on {where} ({page.url}):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
    assert not violations, "\n".join(lines)


def assert_first_tab_is_skip_link(page, *, follow=True) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    assert focused == ["A", "Skip to main content"], f"first Tab focused {focused} on {page.url}"
    if not follow:
        return
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def assert_no_horizontal_scroll(page, width: int = PHONE_WIDTH["width"]) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px: {scroll_width}px"


def sign_in(page, base_url, user, *, check=None) -> None:
    """Email and password, then the authenticator code, through the forms.

    check(page, where) runs on the sign-in page and the code page (accessibility checks).
    With base_url None, the sign-in page is the one open already.
    """
    if base_url is not None:
        page.goto(f"{base_url}/accounts/login/")
    if check:
        check(page, "the sign-in page")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(testing.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/accounts/verify/"))
    if check:
        check(page, "the code page")
    for code in (testing.current_code(user), testing.next_code(user)):
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if "/accounts/verify/" not in page.url:
            break
    assert "/accounts/verify/" not in page.url, "the authenticator code was not accepted"


def supervisor_with_caseload():
    org = testing.make_org()
    supervisor = testing.make_user(org, "supervisor")
    caseload = [testing.make_participant(org, assigned_peer=supervisor) for _ in range(2)]
    return supervisor, caseload


def row_link(page, participant):
    return page.get_by_role("link", name=f"{participant.last_name}, {participant.first_name}")


# --- tests ------------------------------------------------------------------------------


def test_supervisor_signs_in_enrolls_and_audits(live_server, new_page):
    supervisor, caseload = supervisor_with_caseload()
    page = new_page()

    def check(page, where):
        assert_accessible(page, where)
        # Following the link on a form page would carry #main-content into the redirect.
        assert_first_tab_is_skip_link(page, follow=where != "the sign-in page")

    sign_in(page, live_server.url, supervisor, check=check)

    # The caseload shows the participants assigned to the supervisor.
    page.goto(f"{live_server.url}/participants/mine/")
    page.get_by_role("heading", name="My caseload").wait_for()
    for participant in caseload:
        assert row_link(page, participant).is_visible()
    assert_accessible(page, "the caseload")
    assert_first_tab_is_skip_link(page)

    # Enroll: a date of birth in the future is refused, the answers are kept.
    page.get_by_role("link", name="Enroll a participant").click()
    page.wait_for_url(re.compile(r"/participants/new/$"))
    assert_accessible(page, "the enrollment form")
    assert_first_tab_is_skip_link(page)
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Date of birth").fill((date.today() + timedelta(days=400)).isoformat())
    page.get_by_label("Phone", exact=True).fill("(215) 555-0142")
    page.get_by_label("Preferred language").select_option(label="Spanish")
    page.get_by_role("button", name="Enroll", exact=True).click()
    page.get_by_text("Date of birth cannot be in the future.").wait_for()
    assert page.get_by_label("First name").input_value() == "Maria"
    assert page.get_by_label("Date of birth").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "the enrollment form with an error")

    page.get_by_label("Date of birth").fill("1988-03-04")
    page.get_by_role("button", name="Enroll", exact=True).click()
    # (The URL may keep the #main-content fragment from using the skip link on the form.)
    page.wait_for_url(re.compile(r"/participants/\d+/(#main-content)?$"))
    participant_id = re.search(r"/participants/(\d+)/", page.url).group(1)
    page.get_by_role("heading", name="Maria Lopez", level=1).wait_for()
    assert page.get_by_text("Maria Lopez is enrolled.").is_visible()
    assert page.get_by_text("Spanish").is_visible()
    assert_accessible(page, "the participant page")

    # The audit trail, filtered to this participant, shows the supervisor opened the record.
    page.get_by_role("link", name="Who has opened or changed this record").click()
    page.wait_for_url(re.compile(rf"/audit/\?participant={participant_id}$"))
    page.get_by_role("heading", name="Audit trail").wait_for()
    rows = page.locator("table tbody tr")
    viewed = rows.filter(has_text="Viewed").filter(has_text="Maria Lopez")
    assert viewed.count() >= 1, rows.all_inner_texts()
    assert supervisor.full_name in viewed.first.inner_text()
    assert all("Maria Lopez" in text for text in rows.all_inner_texts())
    assert_accessible(page, "the audit trail")


def test_caseload_and_record_fit_a_small_phone(live_server, new_page):
    supervisor, caseload = supervisor_with_caseload()
    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, supervisor)

    page.goto(f"{live_server.url}/participants/mine/")
    assert row_link(page, caseload[0]).is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the caseload at 360px")
    assert_first_tab_is_skip_link(page)

    row_link(page, caseload[0]).click()
    page.wait_for_url(re.compile(rf"/participants/{caseload[0].pk}/$"))
    page.get_by_role("heading", name=caseload[0].display_name, level=1).wait_for()
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the participant page at 360px")


def test_pages_break_no_content_security_policy_rule(live_server, new_page):
    """The pages themselves (no axe, no CSP bypass) trigger no CSP violation."""
    supervisor, caseload = supervisor_with_caseload()
    page = new_page(bypass_csp=False)
    reports = []
    page.on(
        "console",
        lambda msg: reports.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: reports.append(f"page error: {error}"))

    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/participants/mine/")
    assert row_link(page, caseload[0]).is_visible()
    page.wait_for_load_state("load")
    assert reports == []

    # The listener does see a violation when there is one: the CSP refuses inline script.
    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); }"
        )
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("Content Security Policy" in r for r in reports), reports
