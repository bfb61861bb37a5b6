"""The BARC-10 definition ships with the app, and a wrong definition is refused with the
file and field named."""

import json

import pytest

from peerwell.assessments.instruments import DEFINITIONS, InstrumentError, instruments, load

PUBLISHED = [
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
]


def test_barc10_has_the_published_items_in_order(barc10):
    assert [item.text for item in barc10.items] == PUBLISHED


def test_barc10_scale_runs_one_to_six_from_strongly_disagree(barc10):
    assert [c.value for c in barc10.scale] == [1, 2, 3, 4, 5, 6]
    assert barc10.scale[0].label == "Strongly disagree"
    assert barc10.scale[-1].label == "Strongly agree"


def test_barc10_sums_to_a_total_between_10_and_60_with_the_threshold_at_47(barc10):
    assert (barc10.rule, barc10.minimum, barc10.maximum) == ("sum", 10, 60)
    assert barc10.threshold.at_least == 47


def test_barc10_cites_the_paper_and_has_no_spanish_version(barc10):
    assert "Drug and Alcohol Dependence 2017;177:71-76" in barc10.citation
    assert "Vilsaint" in barc10.citation
    assert barc10.languages == ("en",)
    assert not barc10.speaks("es")


def test_every_shipped_definition_loads():
    assert "barc10" in instruments()


def write(tmp_path, name, data):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def definition(**changes):
    data = json.loads((DEFINITIONS / "barc10.json").read_text())
    data.update(changes)
    return data


def test_a_definition_with_a_wrong_range_names_the_file_and_field(tmp_path):
    path = write(tmp_path, "barc10", definition(scoring={"rule": "sum", "min": 0, "max": 60}))
    with pytest.raises(InstrumentError) as error:
        load(path)
    assert str(error.value).startswith("barc10.json: scoring.min/max")


def test_a_definition_with_an_unknown_rule_is_refused(tmp_path):
    path = write(tmp_path, "barc10", definition(scoring={"rule": "mean", "min": 10, "max": 60}))
    with pytest.raises(InstrumentError, match="scoring.rule"):
        load(path)


def test_a_definition_with_an_item_without_text_names_the_item(tmp_path):
    items = definition()["items"]
    items[3] = {"id": "barc4", "text": ""}
    with pytest.raises(InstrumentError, match=r"items\[3\]\.text"):
        load(write(tmp_path, "barc10", definition(items=items)))


def test_a_definition_with_two_items_of_one_id_is_refused(tmp_path):
    items = definition()["items"]
    items[1]["id"] = items[0]["id"]
    with pytest.raises(InstrumentError, match="same id"):
        load(write(tmp_path, "barc10", definition(items=items)))


def test_a_definition_without_a_scale_is_refused(tmp_path):
    data = definition()
    del data["scale"]
    with pytest.raises(InstrumentError, match="barc10.json: scale: missing"):
        load(write(tmp_path, "barc10", data))


def test_a_file_that_is_not_json_is_refused(tmp_path):
    with pytest.raises(InstrumentError, match="not valid JSON"):
        load(write(tmp_path, "broken", "{items: ["))


def test_a_threshold_outside_the_range_is_refused(tmp_path):
    data = definition(thresholds=[{"at_least": 70, "label": "too high"}])
    with pytest.raises(InstrumentError, match=r"thresholds\[0\]"):
        load(write(tmp_path, "barc10", data))
