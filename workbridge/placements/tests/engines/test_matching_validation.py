"""Invalid matching instances are rejected with a message naming the bad item; the CLI front end."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from workbridge.placements.engines.matching import InvalidInstance, deferred_acceptance, max_placement


def base():
    return {
        "students": [{"id": "s1", "prefs": ["p1", "p2"]}, {"id": "s2", "prefs": ["p2"]}],
        "positions": [
            {"id": "p1", "capacity": 1, "enterprise": "E1", "prefs": ["s1", "s2"]},
            {"id": "p2", "capacity": 2, "enterprise": "E1", "prefs": ["s2", "s1"]},
        ],
        "enterprises": [{"id": "E1", "capacity": 2}],
    }


def broken(path, value):
    inst = base()
    target = inst
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return inst


@pytest.mark.parametrize(
    "inst, needle",
    [
        (broken(["students", 0, "prefs"], ["p1", "p9"]), "students[0] (id 's1'): prefs names unknown position 'p9'"),
        (broken(["students", 1, "id"], "s1"), "students[1]: duplicate id 's1'"),
        (broken(["positions", 1, "id"], "p1"), "positions[1]: duplicate id 'p1'"),
        (broken(["positions", 0, "capacity"], -2), "positions[0] (id 'p1'): capacity must not be negative, got -2"),
        (broken(["positions", 0, "capacity"], 1.5), "positions[0] (id 'p1'): capacity must be a whole number"),
        (broken(["positions", 0, "capacity"], "3"), "positions[0] (id 'p1'): capacity must be a whole number"),
        (broken(["positions", 0, "capacity"], True), "positions[0] (id 'p1'): capacity must be a whole number"),
        (broken(["enterprises", 0, "capacity"], -1), "enterprises[0] (id 'E1'): capacity must not be negative"),
        (broken(["positions", 0, "enterprise"], "E7"), "positions[0] (id 'p1'): names unknown enterprise 'E7'"),
        (broken(["positions", 0, "prefs"], ["s1", "zz"]), "positions[0] (id 'p1'): prefs names unknown student 'zz'"),
        (broken(["positions", 0, "prefs"], ["s1", ["s2", "s1"]]), "positions[0] (id 'p1'): student 's1' appears twice"),
        (broken(["students", 0, "prefs"], ["p1", "p1"]), "students[0] (id 's1'): position 'p1' appears twice in prefs"),
        (broken(["students", 0, "id"], None), "students[0]: id must be a non-empty string or an integer"),
        (broken(["students", 0, "prefs"], "p1"), "students[0] (id 's1'): prefs must be a list"),
        (broken(["enterprises", 0, "prefs"], ["s3"]), "enterprises[0] (id 'E1'): prefs names unknown student 's3'"),
        ({"students": []}, "'positions' is missing"),
        ({"students": [], "positions": [], "extra": 1}, "unknown top-level key(s): extra"),
    ],
)
def test_invalid_instance_names_the_bad_item(inst, needle):
    with pytest.raises(InvalidInstance) as info:
        deferred_acceptance(inst)
    assert any(needle in e for e in info.value.errors), info.value.errors
    with pytest.raises(InvalidInstance):
        max_placement(inst)


def test_integer_ids_unknown_reference_is_named():
    inst = {"students": [{"id": 1, "prefs": [10, 99]}], "positions": [{"id": 10, "capacity": 1, "prefs": [1]}]}
    with pytest.raises(InvalidInstance, match=r"students\[0\] \(id 1\): prefs names unknown position 99"):
        deferred_acceptance(inst)


def test_all_problems_are_listed():
    inst = base()
    inst["positions"][0]["capacity"] = -1
    inst["positions"][1]["capacity"] = -5
    with pytest.raises(InvalidInstance) as info:
        deferred_acceptance(inst)
    assert len(info.value.errors) == 2 and "and 1 more" in str(info.value)


def test_empty_instance_is_valid():
    result = deferred_acceptance({"students": [], "positions": []})
    assert result.assignment == {} and result.stats["placed"] == 0


def test_cli_writes_result(tmp_path):
    src = tmp_path / "in.json"
    out = tmp_path / "out.json"
    src.write_text(json.dumps(base()), encoding="utf-8")
    call_command("match_round", str(src), str(out), "--seed", "5")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["assignment"] == {"s1": "p1", "s2": "p2"}
    assert data["stats"]["variant"] == "da" and data["stats"]["stable"] is True
    assert data["lottery"]["seed"] == 5
    assert data["explanations"]["s2"][0]["reason"] == "assigned"
    call_command("match_round", str(src), str(out), "--variant", "maxflow")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["stats"]["variant"] == "maxflow" and data["stats"]["stable"] is False


def test_cli_rejects_invalid_and_writes_nothing(tmp_path):
    src = tmp_path / "in.json"
    out = tmp_path / "out.json"
    src.write_text(json.dumps(broken(["students", 0, "prefs"], ["p1", "nope"])), encoding="utf-8")
    with pytest.raises(CommandError, match="unknown position 'nope'"):
        call_command("match_round", str(src), str(out))
    assert not out.exists()
    src.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("match_round", str(src), str(out))
    assert not out.exists()
