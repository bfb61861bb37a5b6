"""`make bench` end to end at a tiny scale: seeding the embedded default (SQLite) with
activity, then measuring every page and search on it, as the full run does."""

import json
import os
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def bench(*args, data_dir):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BENCH_DATA_DIR"] = str(data_dir)
    proc = subprocess.run(
        [sys.executable, str(RUN), *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_bench_seeds_and_measures_every_page_and_search(tmp_path, capsys):
    seeded = bench(
        "--prepare",
        "sqlite",
        "--orgs",
        "1",
        "--participants",
        "120",
        "--contacts-per-participant",
        "6",
        data_dir=tmp_path,
    )
    assert seeded["seeded"] and seeded["rows"]["contacts"] > 120
    again = bench("--prepare", "sqlite", "--orgs", "1", "--participants", "120", data_dir=tmp_path)
    assert not again["seeded"] and again["seconds"] == seeded["seconds"]

    result = bench("--measure", "sqlite", "--runs", "2", "--warmups", "1", data_dir=tmp_path)
    assert result["vendor"] == "sqlite" and result["participants"] == 120
    pages = {p["page"]: p for p in result["pages"]}
    for page in (
        "floor",
        "caseload",
        "participant (timeline)",
        "follow-ups",
        "accounting of disclosures",
        "audit trail (supervisor)",
        "search: last name",
    ):
        assert pages[page]["median_ms"] > 0 and pages[page]["queries"] > 0, page
        assert len(pages[page]) and pages[page]["p95_ms"] >= pages[page]["min_ms"]
    # Check-ins: the day's calls made once (a second run adds none), and the caller's and
    # supervisor's pages of the organization with the most enrolments.
    made = result["generate_calls"]
    assert made["enrolments"] > 0 and made["first"]["calls"] > 0 and made["second"]["calls"] == 0
    for page in ("check-ins: queue (volunteer)", "check-ins: escalations (supervisor)"):
        assert pages[page]["queries"] > 0, page
    if "check-ins: claim a call (volunteer)" in pages:
        assert pages["check-ins: claim a call (volunteer)"]["expect"] == 302
    # Wellness plans and assessments, seeded with the rest: the record with its plan and
    # trend, the plan's pages, the due lists and the organization's figures.
    for page in (
        "plans: participant (plan and trend)",
        "plans: the plan",
        "plans: printout",
        "assessments: due and overdue (peer)",
        "assessments: due and overdue (supervisor)",
        "assessments: figures (supervisor)",
    ):
        assert pages[page]["queries"] > 0, page
    assert any("plans_wellnessplan" in sql for sql in pages["plans: the plan"]["sql"])
    # Referrals, seeded with the rest: a participant's, one referral, the figures.
    for page in (
        "referrals: a participant's",
        "referrals: a referral",
        "referrals: follow-ups (peer)",
        "referrals: figures (supervisor)",
    ):
        assert pages[page]["queries"] > 0, page
    assert any(
        "navigation_referral" in sql for sql in pages["referrals: figures (supervisor)"]["sql"]
    )
    # Directory search, seeded with the rest (one service per ten participants, at least
    # a few hundred): every filter at once, and a plain need search.
    for page in ("directory: words, need, open now, near a ZIP (peer)", "directory: a need (peer)"):
        assert pages[page]["queries"] > 0 and pages[page]["target_ms"] == 100, page
    assert result["directory"]["services"] >= 300
    # The timeline measured is the caseload's longest, with its notes decrypted.
    assert any("contacts_contact" in sql for sql in pages["participant (timeline)"]["sql"])

    search = bench(
        "--measure",
        "sqlite",
        "--search-only",
        "--runs",
        "2",
        "--warmups",
        "0",
        data_dir=tmp_path,
    )
    assert [p["page"] for p in search["pages"]] == [
        "search: last name",
        "search: first and last name",
        "search: start of first name",
        "search: misspelled last name",
        "search: phone",
    ]
    assert all(p["target_ms"] == 100 for p in search["pages"])

    # The tables `make bench` prints, from these measurements.
    sys.path.insert(0, str(RUN.parent))
    try:
        import checkin_rows
        import report
    finally:
        sys.path.remove(str(RUN.parent))
    rows = report.pages(result, result, runs=2, warmups=1)
    assert {r["page"] for r in rows} == set(pages)
    assert all(r["queries_big"] == r["queries_small"] for r in rows)
    assert {r["result"] for r in report.search(search, runs=2)} <= {"PASS", "FAIL"}
    checkin_rows.report(result, result)
    printed = capsys.readouterr().out
    assert "participant (timeline)" in printed and "Search on SQLite" in printed
    assert "generate_calls on" in printed
