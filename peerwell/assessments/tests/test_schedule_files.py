"""Shipped schedule files, checked when read; loading them for an organization, from the
command line, again and again."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from peerwell.assessments.models import ScheduleRule
from peerwell.assessments.schedules import ScheduleFileError, read_schedule, shipped_schedules


def write(tmp_path, rules, name="ours.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"name": "Ours", "rules": rules}), encoding="utf-8")
    return path


def rule(**fields):
    return {"label": "Intake", "instrument": "barc10", "anchor": "intake", **fields}


def test_shipped_schedules_have_the_published_timepoints():
    shipped = shipped_schedules()
    capital = {r["label"]: r for r in shipped["recovery-capital"].rules}
    assert capital["Intake"]["window_after"] == 14
    assert [capital[k]["offset_days"] for k in ("30 days", "90 days")] == [30, 90]
    assert capital["Every 180 days"]["repeat_days"] == 180
    suprt = {r["label"]: r for r in shipped["suprt"].rules}
    assert (suprt["Baseline"]["offset_days"], suprt["Baseline"]["window_after"]) == (0, 30)
    six = suprt["6 months"]
    assert (six["window_before"], six["window_after"]) == (30, 30)
    assert suprt["Annual"]["repeat_days"] == 365
    assert suprt["Closeout"]["anchor"] == "discharge"


def test_a_window_opening_before_the_day_it_counts_from_is_refused_naming_file_and_rule(
    tmp_path,
):
    path = write(tmp_path, [rule(), rule(label="30 days", offset_days=10, window_before=20)])
    with pytest.raises(ScheduleFileError) as refused:
        read_schedule(path)
    assert "ours.json, rule 2 (30 days)" in str(refused.value)
    assert "20 days before" in str(refused.value)


def test_a_repeat_shorter_than_its_window_is_refused(tmp_path):
    repeating = rule(offset_days=60, window_before=30, window_after=30, repeat_days=45)
    path = write(tmp_path, [repeating])
    with pytest.raises(ScheduleFileError, match="rule 1 .*one window would run into the next"):
        read_schedule(path)


@pytest.mark.parametrize(
    "bad, says",
    [
        ({"anchor": "birthday"}, "anchor must be one of"),
        ({"offset_days": -3}, "offset_days must be a whole number"),
        ({"window_after": "two weeks"}, "window_after must be a whole number"),
        ({"label": ""}, "label is missing"),
        ({"repeat_days": 3}, "at most once a week"),
        ({"windows": 3}, "unknown field windows"),
    ],
)
def test_nonsense_in_a_rule_is_refused_saying_what(tmp_path, bad, says):
    with pytest.raises(ScheduleFileError, match=says):
        read_schedule(write(tmp_path, [rule(**bad)]))


def test_two_rules_with_one_label_are_refused(tmp_path):
    with pytest.raises(ScheduleFileError, match="same label"):
        read_schedule(write(tmp_path, [rule(), rule(offset_days=30)]))


def test_a_file_that_is_not_json_is_refused_naming_it(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ScheduleFileError, match="broken.json: cannot be read"):
        read_schedule(path)


def load(*args):
    out = StringIO()
    call_command("load_schedules", *args, stdout=out)
    return out.getvalue()


def test_the_command_loads_every_shipped_schedule_for_the_organization(org, other_org):
    said = load("--organization", org.slug)
    assert "suprt: 4 added" in said
    assert ScheduleRule.objects.filter(organization=org).count() == 8
    assert not ScheduleRule.objects.filter(organization=other_org).exists()


def test_loading_twice_adds_nothing_and_keeps_an_adjusted_window(org):
    load("--organization", org.slug, "--schedule", "suprt")
    ScheduleRule.objects.filter(organization=org, label="Baseline").update(window_after=45)
    said = load("--organization", org.slug, "--schedule", "suprt")
    assert "0 added, 0 reset, 4 already there" in said
    assert ScheduleRule.objects.filter(organization=org).count() == 4
    assert ScheduleRule.objects.get(organization=org, label="Baseline").window_after == 45


def test_reset_puts_back_the_files_window(org):
    load("--organization", org.slug, "--schedule", "suprt")
    ScheduleRule.objects.filter(organization=org, label="Baseline").update(window_after=45)
    assert "1 reset" in load("--organization", org.slug, "--schedule", "suprt", "--reset")
    assert ScheduleRule.objects.get(organization=org, label="Baseline").window_after == 30


def test_the_command_loads_a_file_of_the_organizations_own(org, tmp_path):
    path = write(tmp_path, [rule(window_after=21)], name="county-grant.json")
    load("--organization", org.slug, "--schedule", str(path))
    assert ScheduleRule.objects.get(organization=org).schedule == "county-grant"


def test_the_command_refuses_a_bad_file_naming_it_and_loads_nothing(org, tmp_path):
    path = write(tmp_path, [rule(window_before=5)])
    with pytest.raises(CommandError, match="ours.json, rule 1 \\(Intake\\)"):
        load("--organization", org.slug, "--schedule", str(path))
    assert not ScheduleRule.objects.exists()


def test_the_command_refuses_an_unknown_organization_or_schedule(org):
    with pytest.raises(CommandError, match="No organization has the slug 'nowhere'"):
        load("--organization", "nowhere")
    with pytest.raises(CommandError, match="there are: recovery-capital, suprt"):
        load("--organization", org.slug, "--schedule", "gpra")
