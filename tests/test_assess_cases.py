"""The worked cases (issue 5): every variant's expected outcome, the facts that decide it (indemnity
scope, placing-on-market dates, contract rules), variants stored as changes, Turtle copies in step
with their JSON, and the OWL (HermiT) role classification agreeing with the SPARQL rules."""
import pyoxigraph as ox
import pytest

from culpa.assess import ScenarioError, assess, case_keys, load_scenario
from culpa.assess.cases import case_triples, cases_dir
from culpa.assess.owl_roles import classify
from culpa.assess.report import build, text
from culpa.assess.variants import merge, resolve

EXPECTED = {   # case -> actor -> overall exposure
    "optimind": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-patched": {"innovate": "not liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-poisoned": {"innovate": "liable", "optimind": "liable", "datastream": "liable"},
    "optimind-cloud-host": {"nimbus": "liable", "optimind": "partially liable", "innovate": "liable"},
    "optimind-no-contract": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-modified": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-gb": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-sg": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
    "optimind-legacy": {"innovate": "liable", "optimind": "liable", "datastream": "partially liable"},
}


def _result(kb, key, **kw):
    return build(assess(kb, load_scenario(key), **kw))


def _actors(kb, key):
    return {a["id"]: a for a in _result(kb, key)["actors"]}


def _finding(actor, rule=None, theory=None):
    return [f for f in actor["findings"] if (rule is None or f["rule"] == rule) and (theory is None or f["theory"] == theory)]


def test_every_case_has_an_expected_outcome():
    assert set(case_keys()) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_case_outcome(kb, key):
    actors = _actors(kb, key)
    for actor, level in EXPECTED[key].items():
        assert actors[actor]["exposure"] == level, (key, actor, [(f["theory"], f["rule"], f["exposure"]) for f in actors[actor]["findings"]])


def test_gb_binding_uk_gdpr_duties_reach_the_controller(kb):
    optimind = _actors(kb, "optimind-gb")["optimind"]
    art82 = _finding(optimind, rule="rule:gb-uk-gdpr-art-82-compensation")[0]
    assert art82["exposure"] == "liable"
    misconfig = next(c for c in art82["chain"] if c["failure"]["iri"].endswith("cloud-misconfiguration"))
    assert any(d["binding"] and d["norm"] == "obl:gb-uk-gdpr-art-32-1-security-of-processing" for d in misconfig["duties"])
    assert not any(d["norm"].startswith("obl:gb-psti") for a in _actors(kb, "optimind-gb").values()
                   for f in a["findings"] for c in f["chain"] for d in c["duties"])   # PSTI: consumer connectable products only


def test_sg_one_contract_finding_per_actor_under_the_ucta_rule(kb):
    actors = _actors(kb, "optimind-sg")
    for actor in actors.values():
        assert len(_finding(actor, theory="theory:contractual-liability")) <= 1, actor["id"]
    innovate = _finding(actors["innovate"], theory="theory:contractual-liability")[0]
    assert innovate["rule"] == "rule:sg-ucta-contractual-liability"
    assert {"contract", "non-performance", "damage"} <= set(innovate["elements_met"]) and innovate["exposure"] == "liable"
    pdpa = _finding(actors["optimind"], rule="rule:sg-pdpa-2012-private-action")[0]
    assert pdpa["exposure"] == "liable" and "causation" in pdpa["elements_met"]


def test_indemnity_shifts_only_the_loss_from_the_covered_failure(kb):
    optimind = _actors(kb, "optimind")["optimind"]
    shifted = [f for f in optimind["findings"] if f["cost_shifted_to"]]
    assert shifted and all(f["exposure"] == "liable" for f in shifted)        # still liable towards the customers
    for f in shifted:
        assert f["cost_shift_extent"] == "in part"                           # its own misconfiguration is not covered
        assert [i["iri"].rsplit("/", 1)[-1] for i in f["indemnity_covers"]] == ["unpatched-library"]
    patched = _actors(kb, "optimind-patched")["optimind"]
    assert not any(f["cost_shifted_to"] for f in patched["findings"])       # nothing in the indemnity's scope was exploited


def test_an_indemnity_is_not_a_duty_in_contract(kb):
    innovate = _actors(kb, "optimind")["innovate"]
    contract = _finding(innovate, theory="theory:contractual-liability")[0]
    assert not any("indemnifies" in (i["label"] or "") for i in contract["basis"])


def test_placing_on_market_decides_cra_and_pld(kb):
    current, legacy = _actors(kb, "optimind")["innovate"], _actors(kb, "optimind-legacy")["innovate"]
    assert _finding(current, rule="rule:eu-pld-product-liability")
    assert not _finding(legacy, rule="rule:eu-pld-product-liability")       # PLD Art. 2(1): placed before 10 Dec 2026
    cra = lambda a: {d["norm"] for f in a["findings"] for c in f["chain"] for d in c["duties"] if d["norm"].startswith("obl:eu-cra")}  # noqa: E731
    assert cra(current) and not cra(legacy)                                  # CRA Art. 69(2)
    assert any(r["norm"].startswith("obl:eu-cra-art-14") for r in legacy["reporting"])   # CRA Art. 69(3)


def test_substantial_modification_after_the_date_brings_cra_back(kb):
    data = load_scenario("optimind-legacy")
    data["system"]["substantially_modified_on"] = "2027-12-20"
    innovate = {a["id"]: a for a in build(assess(kb, data))["actors"]}["innovate"]
    assert any(d["norm"].startswith("obl:eu-cra-art-13") for f in innovate["findings"] for c in f["chain"] for d in c["duties"])
    data["system"]["substantially_modified_on"] = "2026-01-01"
    with pytest.raises(ScenarioError, match="before placed_on_market"):
        assess(kb, data)


def test_missing_placing_date_is_stated_as_an_assumption(kb):
    data = load_scenario("optimind")
    assert _result(kb, "optimind")["assumptions"] == []
    del data["system"]["placed_on_market"]
    result = build(assess(kb, data))
    assert result["assumptions"] and "placed_on_market" in result["assumptions"][0]
    assert "Assumed:" in text(result)


def test_chain_runs_from_failure_to_duty_to_provision(kb):
    innovate = _actors(kb, "optimind")["innovate"]
    chain = _finding(innovate, theory="theory:negligence")[0]["chain"]
    duties = chain[0]["duties"]
    assert duties and all(d["binding"] for d in duties[:1]) and all(d["provisions"] for d in duties)
    assert any(p["notation"] == "Art. 13(8)" for d in duties for p in d["provisions"])


def test_variants_are_stored_as_changes(kb):
    for key in case_keys():
        raw = (cases_dir() / f"{key}.json").read_text()
        if key != "optimind":
            assert '"variant_of": "optimind"' in raw and '"actors": [' not in raw.split('"changes"')[0], key
    assert load_scenario("optimind-gb")["jurisdiction"] == "GB"
    assert load_scenario("optimind-gb")["failures"] == load_scenario("optimind")["failures"]


def test_merge_rules():
    base = {"a": 1, "items": [{"id": "x", "v": 1}, {"id": "y", "v": 2}], "obj": {"k": 1, "m": 2}}
    assert merge(base, {"items": [{"id": "x", "v": 5}]})["items"] == [{"id": "x", "v": 5}, {"id": "y", "v": 2}]
    assert merge(base, {"items": [{"id": "y", "remove": True}, {"id": "z"}]})["items"] == [{"id": "x", "v": 1}, {"id": "z"}]
    assert merge(base, {"items": []})["items"] == []
    assert merge(base, {"obj": {"m": None}})["obj"] == {"k": 1}
    with pytest.raises(ScenarioError, match="no such item"):
        merge(base, {"items": [{"id": "q", "remove": True}]})


def test_bad_variants_are_refused():
    with pytest.raises(ScenarioError, match="no case 'nope'"):
        load_scenario(b'{"key": "v", "label": "v", "variant_of": "nope", "changes": {}}')
    with pytest.raises(ScenarioError, match="circular"):
        resolve({"key": "a", "variant_of": "b"}, lambda k: {"key": k, "variant_of": "a" if k == "b" else "b"})
    with pytest.raises(ScenarioError, match="changes: must be an object"):
        load_scenario(b'{"key": "v", "label": "v", "variant_of": "optimind", "changes": []}')


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_turtle_copy_holds_the_json_case(kb, key):
    stored = ox.Store()
    stored.load(path=str(cases_dir() / f"{key}.ttl"), format=ox.RdfFormat.TURTLE)
    assert {q.triple for q in stored} == set(case_triples(key, kb)), f"regenerate: python -m culpa.assess.cases ({key})"


@pytest.mark.parametrize("key", ["optimind", "optimind-modified", "optimind-gb", "optimind-sg", "optimind-cloud-host"])
def test_owl_reasoner_classifies_roles_like_the_rules(kb, key):
    a = assess(kb, load_scenario(key))
    rules = {}
    for r in a.query("SELECT ?scenario ?actor ?role WHERE { ?scenario culpa:hasActor ?actor . ?actor culpa:holdsRole/skos:broader* ?role }",
                     scenario=a.scenario):
        rules.setdefault(r["actor"].value, set()).add(r["role"].value)
    owl = classify(a.store, a.scenario)
    assert {k: v for k, v in owl.items() if v} == rules


def test_owl_reasoner_respects_supply_mode_and_stated_roles(kb):
    data = load_scenario("optimind")
    data["system"]["supply"] = "service"
    data["actors"][2]["roles"] = ["role:eu-nis2-cloud-computing-service-provider"]
    a = assess(kb, data)
    owl = {k.rsplit("/", 1)[-1]: {r.rsplit("/", 1)[-1] for r in v} for k, v in classify(a.store, a.scenario).items()}
    assert "eu-cra-manufacturer" not in owl["innovate"] and "eu-pld-manufacturer" in owl["innovate"]
    assert "eu-nis2-cloud-computing-service-provider" in owl["datastream"]


def test_cli_reasoner_option(cli):
    r = cli("assess", "optimind", "--reasoner", "owl", "--format", "json")
    assert r.code == 0, r.err
    assert "role:manufacturer" in r.out
    r = cli("assess", "optimind", "--reasoner", "pellet")
    assert r.code == 2 and "rules, owl" in r.err


def test_defences_left_open_are_listed(kb):
    pld = _finding(_actors(kb, "optimind")["innovate"], rule="rule:eu-pld-product-liability")[0]
    available = {d["iri"] for d in pld["defences_available"]}
    assert "rule:eu-pld-defence-development-risk" in available
    assert "rule:eu-pld-defence-later-defect" not in available                # ruled out by the unpatched vulnerability
    assert {d["iri"] for d in pld["defences_unavailable"]} == {"rule:eu-pld-defence-later-defect"}
