import json
from pathlib import Path

import pytest

from workbridge.certificates.engines.rates import pass_rate


def test_pass_rate_excludes_absent_and_pending():
    r = pass_rate({"passed": 6, "failed": 2, "absent": 1, "registered": 3})
    assert r.sat == 8 and r.rate == pytest.approx(0.75) and r.registered == 12 and r.percent == "75.0%"


def test_nobody_sat_has_no_rate():
    r = pass_rate({"absent": 2})
    assert r.rate is None and r.percent == "—"


def test_bad_counts_rejected():
    with pytest.raises(ValueError):
        pass_rate({"passed": -1})
    with pytest.raises(ValueError):
        pass_rate({"cheated": 1})


def test_catalogue_data_cites_sources():
    data = json.loads((Path(__file__).resolve().parents[2] / "data" / "catalogue_1x.json").read_text())
    assert data["source"]
    names = set()
    for entry in data["certificates"]:
        assert entry["name"] and entry["issuer"] and entry["levels"]
        assert set(entry["levels"]) <= {"junior", "intermediate", "senior"}
        assert entry["name"] not in names
        names.add(entry["name"])
    assert len(names) >= 10
