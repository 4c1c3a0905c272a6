"""Incident liability assessment (issue 5): OptiMind outcome, variants, explanations, bad input."""
import pytest

from culpa.assess import ScenarioError, assess, load_scenario
from culpa.assess.report import build
from culpa.cli import main


def _run(kb, key):
    result = build(assess(kb, load_scenario(key)))
    return {a["id"]: a for a in result["actors"]}


def test_optimind_reaches_the_seed_outcome(kb):
    actors = _run(kb, "optimind")
    assert actors["innovate"]["exposure"] == "liable"
    assert actors["optimind"]["exposure"] == "liable"
    assert actors["datastream"]["exposure"] == "partially liable"
    pld = next(f for f in actors["innovate"]["findings"] if f["rule"] == "rule:eu-pld-product-liability")
    assert "damage" in pld["elements_missing"]          # pure financial loss / data breach: not PLD damage
    assert any("later" in d["label"] for d in pld["defences_unavailable"])
    assert pld["presumptions"]


def test_findings_rest_on_real_provisions(kb):
    actors = _run(kb, "optimind")
    for actor in actors.values():
        for f in actor["findings"]:
            assert f["rests_on"], f
    notations = {i["notation"] for f in actors["datastream"]["findings"] for i in f["rests_on"] if i["notation"]}
    assert "Art. 32(1)" in notations or any(n.startswith("Art. 32") for n in notations)


def test_no_contract_means_no_contract_findings(kb):
    actors = _run(kb, "optimind-no-contract")
    assert not any(f["theory"] == "theory:contractual-liability" for a in actors.values() for f in a["findings"])


def test_substantial_modifier_becomes_provider_and_manufacturer(kb):
    roles = {r["role"] for r in _run(kb, "optimind-modified")["optimind"]["roles"]}
    assert {"role:eu-aiact-provider", "role:eu-pld-substantial-modifier"} <= roles


def test_reporting_clocks(kb):
    reports = _run(kb, "optimind")["optimind"]["reporting"]
    assert any(r["article"] == "Art. 33(1)" and r["time_limit"] == "P3D" for r in reports)


@pytest.mark.parametrize("change,message", [
    (lambda d: d["incident"].update(threats=["no-such-threat"]), "unknown threat"),
    (lambda d: d["actors"][0].update(roles=["no-such-role"]), "no-such-role"),
    (lambda d: d["failures"][0].pop("actor"), "not linked to any actor"),
    (lambda d: d["incident"].update(date="2999-01-01"), "out of range"),
    (lambda d: d["incident"].update(date="15/01/2028"), "not a date"),
])
def test_bad_input_is_refused(kb, change, message):
    data = load_scenario("optimind")
    change(data)
    with pytest.raises(Exception) as err:
        assess(kb, data)
    assert message in str(err.value)


def test_cli_bad_input_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["assess", str(bad)]) == 2
    assert "malformed JSON" in capsys.readouterr().err
    assert main(["assess", "nosuchcase"]) == 2


def test_assessment_leaves_the_kb_unchanged(kb):
    before = len(kb.store)
    assess(kb, load_scenario("optimind"))
    assert len(kb.store) == before
