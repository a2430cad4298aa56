"""Placement matcher: stability and student-optimality by brute force, hypothesis properties, equality with an
independent textbook implementation, the max-placement variant, explanations and the lottery."""

from __future__ import annotations

import itertools
import random
from collections import deque

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbridge.placements.engines.matching import deferred_acceptance, max_placement

# ---------------------------------------------------------------------------------------------------
# Independent oracles (written from the definitions in docs/matching.md, not from the engine)
# ---------------------------------------------------------------------------------------------------


class Model:
    """The instance read naively: ranks by list.index, contract priority keys as tuples."""

    def __init__(self, inst: dict, tickets: dict):
        self.inst = inst
        self.tickets = tickets
        self.s_prefs = {s["id"]: list(s["prefs"]) for s in inst["students"]}
        self.cap = {p["id"]: p["capacity"] for p in inst["positions"]}
        self.ents = {e["id"]: e for e in inst.get("enterprises") or []}
        self.ent_of = {
            p["id"]: (p.get("enterprise") if p.get("enterprise") in self.ents else None) for p in inst["positions"]
        }
        self.p_rank = {}
        for p in inst["positions"]:
            self.p_rank[p["id"]] = self._ranks(p["prefs"])
        self.e_rank = {e["id"]: self._ranks(e["prefs"]) for e in self.ents.values() if e.get("prefs") is not None}

    def _ranks(self, prefs) -> dict:
        order = []
        for entry in prefs:
            group = entry if isinstance(entry, list) else [entry]
            order.extend(sorted(group, key=lambda s: self.tickets.get(s, 0)))
        return {s: i for i, s in enumerate(order)}

    def ent_cap(self, p):
        e = self.ent_of[p]
        return None if e is None else self.ents[e].get("capacity")

    def acceptable(self, s, p) -> bool:
        if s not in self.p_rank[p]:
            return False
        e = self.ent_of[p]
        return not (e in self.e_rank and s not in self.e_rank[e])

    def key(self, s, p):
        j = self.s_prefs[s].index(p)
        e = self.ent_of[p]
        if e in self.e_rank:
            return (self.e_rank[e][s], j)
        return (self.p_rank[p][s], self.tickets.get(s, 0), j)

    def group(self, p):
        """Positions sharing a cap with p (p alone when its enterprise has no cap)."""
        e = self.ent_of[p]
        if e is None or self.ent_cap(p) is None:
            return [p]
        return [q for q in self.cap if self.ent_of[q] == e]

    def choose(self, contracts):
        """Greedy choice of a laminar matroid: best key first, accept while position and enterprise have room."""
        taken, per_pos, per_ent = [], {}, {}
        for s, p in sorted(contracts, key=lambda c: self.key(*c)):
            e = self.ent_of[p]
            cap_e = self.ent_cap(p)
            if per_pos.get(p, 0) >= self.cap[p]:
                continue
            if cap_e is not None and per_ent.get(e, 0) >= cap_e:
                continue
            taken.append((s, p))
            per_pos[p] = per_pos.get(p, 0) + 1
            per_ent[e] = per_ent.get(e, 0) + 1
        return taken

    def better(self, s, p, q) -> bool:
        """s prefers p to q (q None = unassigned)."""
        prefs = self.s_prefs[s]
        return q is None or prefs.index(p) < prefs.index(q)

    def blocking_pairs(self, assignment: dict) -> list:
        out = []
        for s, prefs in self.s_prefs.items():
            for p in prefs:
                if not self.better(s, p, assignment[s]):
                    break
                if not self.acceptable(s, p):
                    continue
                group = set(self.group(p))
                held = [(t, q) for t, q in assignment.items() if q in group and t != s]
                if assignment[s] in group:
                    held.append((s, assignment[s]))
                if (s, p) in self.choose(held + [(s, p)]):
                    out.append((s, p))
        return out

    def feasible(self, assignment: dict) -> bool:
        per_pos, per_ent = {}, {}
        for s, p in assignment.items():
            if p is None:
                continue
            if p not in self.s_prefs[s] or not self.acceptable(s, p):
                return False
            per_pos[p] = per_pos.get(p, 0) + 1
            e = self.ent_of[p]
            if e is not None:
                per_ent[e] = per_ent.get(e, 0) + 1
        if any(v > self.cap[p] for p, v in per_pos.items()):
            return False
        return all(self.ents[e].get("capacity") is None or v <= self.ents[e]["capacity"] for e, v in per_ent.items())


def textbook_da(model: Model) -> dict:
    """Queue-based deferred acceptance, one proposal at a time; each capacity group re-chooses from scratch."""
    free = deque(model.s_prefs)
    nxt = {s: 0 for s in model.s_prefs}
    held: dict = {}  # student -> position
    while free:
        s = free.popleft()
        prefs = model.s_prefs[s]
        while nxt[s] < len(prefs) and not model.acceptable(s, prefs[nxt[s]]):
            nxt[s] += 1
        if nxt[s] >= len(prefs):
            continue
        p = prefs[nxt[s]]
        group = set(model.group(p))
        offers = [(t, q) for t, q in held.items() if q in group] + [(s, p)]
        chosen = set(model.choose(offers))
        for t, q in offers:
            if (t, q) in chosen:
                held[t] = q
            else:
                held.pop(t, None)
                nxt[t] += 1
                free.append(t)
    return {s: held.get(s) for s in model.s_prefs}


def all_matchings(model: Model):
    options = []
    for s, prefs in model.s_prefs.items():
        options.append([None] + [p for p in prefs if model.acceptable(s, p)])
    students = list(model.s_prefs)
    for combo in itertools.product(*options):
        assignment = dict(zip(students, combo, strict=True))
        if model.feasible(assignment):
            yield assignment


def tickets_of(result) -> dict:
    return result.lottery.get("tickets", {})


# ---------------------------------------------------------------------------------------------------
# Instance generators
# ---------------------------------------------------------------------------------------------------


def random_instance(rng: random.Random, n: int, m: int, n_ent: int, *, max_cap=3, ties=False, given=False) -> dict:
    students = [f"s{i}" for i in range(n)]
    positions = [f"p{j}" for j in range(m)]
    ents = [f"e{k}" for k in range(n_ent)]
    inst = {"students": [], "positions": []}
    applicants = {p: [] for p in positions}
    for s in students:
        prefs = rng.sample(positions, rng.randint(0, m))
        inst["students"].append({"id": s, "prefs": prefs})
        for p in prefs:
            applicants[p].append(s)
    for p in positions:
        ranked = [s for s in applicants[p] if rng.random() < 0.85]
        if rng.random() < 0.3:  # positions may also rank students who did not apply
            ranked += [s for s in students if s not in ranked and rng.random() < 0.2]
        rng.shuffle(ranked)
        prefs: list = ranked
        if ties and ranked:
            prefs, i = [], 0
            while i < len(ranked):
                size = rng.choice([1, 1, 2, 3])
                chunk = ranked[i : i + size]
                prefs.append(chunk if len(chunk) > 1 else chunk[0])
                i += size
        entry = {"id": p, "capacity": rng.randint(0, max_cap), "prefs": prefs}
        if ents:
            entry["enterprise"] = rng.choice(ents)
        inst["positions"].append(entry)
    if ents:
        inst["enterprises"] = []
        for e in ents:
            entry = {"id": e, "capacity": rng.choice([None, 0, 1, 1, 2, 3])}
            if given and rng.random() < 0.5:
                pool = students[:]
                rng.shuffle(pool)
                entry["prefs"] = pool[: rng.randint(0, n)]
            inst["enterprises"].append(entry)
    return inst


@st.composite
def instances(draw, max_students=5, max_positions=3, max_ent=2):
    seed = draw(st.integers(0, 10**9))
    n = draw(st.integers(1, max_students))
    m = draw(st.integers(1, max_positions))
    k = draw(st.integers(0, max_ent))
    ties = draw(st.booleans())
    given = draw(st.booleans())
    return random_instance(random.Random(seed), n, m, k, ties=ties, given=given), seed


# ---------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------


def test_textbook_example_one_position_each():
    inst = {
        "students": [{"id": "a", "prefs": ["x", "y"]}, {"id": "b", "prefs": ["x", "y"]}, {"id": "c", "prefs": ["x"]}],
        "positions": [
            {"id": "x", "capacity": 1, "prefs": ["c", "b", "a"]},
            {"id": "y", "capacity": 1, "prefs": ["a", "b"]},
        ],
    }
    result = deferred_acceptance(inst)
    assert result.assignment == {"a": "y", "b": None, "c": "x"}
    assert result.stats["placed"] == 2 and result.stats["stable"] is True
    why_b = result.explanations["b"]
    assert [i["reason"] for i in why_b] == ["position_full", "position_full", "list_exhausted"]
    assert why_b[0]["your_rank"] == 2 and why_b[0]["last_admitted_rank"] == 1
    assert result.explanations["c"] == [
        {"choice": 1, "position": "x", "reason": "assigned", "your_rank": 1, "places": 1}
    ]


def test_enterprise_cap_keeps_best_across_positions():
    # Enterprise E has two positions with one place each but may take only one intern.
    inst = {
        "students": [{"id": "a", "prefs": ["x"]}, {"id": "b", "prefs": ["y", "z"]}],
        "positions": [
            {"id": "x", "capacity": 1, "enterprise": "E", "prefs": ["a"]},
            {"id": "y", "capacity": 1, "enterprise": "E", "prefs": ["b"]},
            {"id": "z", "capacity": 1, "enterprise": "F", "prefs": ["b"]},
        ],
        "enterprises": [{"id": "E", "capacity": 1, "prefs": ["b", "a"]}, {"id": "F", "capacity": None}],
    }
    result = deferred_acceptance(inst)
    assert result.assignment == {"a": None, "b": "y"}
    assert result.explanations["a"][0]["reason"] == "enterprise_full"
    assert result.explanations["a"][0]["enterprise_cap"] == 1
    assert result.stats["enterprises_at_cap"] == 1


def test_not_ranked_and_zero_capacity_are_explained():
    inst = {
        "students": [{"id": 1, "prefs": [10, 11, 12]}],
        "positions": [
            {"id": 10, "capacity": 3, "prefs": []},
            {"id": 11, "capacity": 0, "prefs": [1]},
            {"id": 12, "capacity": 1, "prefs": [1]},
        ],
    }
    result = deferred_acceptance(inst)
    assert result.assignment == {1: 12}
    assert [i["reason"] for i in result.explanations[1]] == ["not_ranked", "no_places", "assigned"]


def test_ties_are_broken_by_the_recorded_seeded_lottery():
    inst = {
        "students": [{"id": s, "prefs": ["x"]} for s in "abcd"],
        "positions": [{"id": "x", "capacity": 2, "prefs": [["a", "b", "c", "d"]]}],
    }
    outcomes = set()
    for seed in range(12):
        result = deferred_acceptance(inst, seed=seed)
        tickets = result.lottery["tickets"]
        assert result.lottery["seed"] == seed and result.lottery["ties_broken"] == 1
        winners = sorted(tickets, key=tickets.get)[:2]
        assert sorted(s for s, p in result.assignment.items() if p) == sorted(winners)
        assert deferred_acceptance(inst, seed=seed).assignment == result.assignment  # reproducible
        outcomes.add(tuple(sorted(winners)))
    assert len(outcomes) > 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_brute_force_stable_and_student_optimal(case):
    inst, seed = case
    result = deferred_acceptance(inst, seed=seed)
    model = Model(inst, tickets_of(result))
    da = result.assignment
    assert model.feasible(da)
    assert model.blocking_pairs(da) == []
    stable = [mt for mt in all_matchings(model) if not model.blocking_pairs(mt)]
    assert da in stable
    for other in stable:  # every student likes the DA outcome at least as much as any stable matching
        for s, p in other.items():
            if p is not None:
                assert da[s] is not None and not model.better(s, p, da[s]), (s, p, da[s])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.booleans(), st.booleans())
def test_equals_textbook_implementation_on_random_instances(seed, ties, given_rank):
    rng = random.Random(seed)
    inst = random_instance(
        rng, rng.randint(20, 60), rng.randint(3, 12), rng.randint(0, 4), max_cap=5, ties=ties, given=given_rank
    )
    result = deferred_acceptance(inst, seed=seed)
    model = Model(inst, tickets_of(result))
    assert result.assignment == textbook_da(model)
    assert model.blocking_pairs(result.assignment) == []


def test_every_student_gets_a_reason_and_no_reason_is_unexplained():
    rng = random.Random(5)
    for _ in range(20):
        inst = random_instance(rng, 40, 8, 3, max_cap=4, ties=True)
        result = deferred_acceptance(inst, seed=3)
        for s in inst["students"]:
            items = result.explanations[s["id"]]
            assert items, s
            assert items[-1]["reason"] in {"assigned", "list_exhausted", "no_choices"}
            assert all(i["reason"] != "unexplained" for i in items)
            if result.assignment[s["id"]] is not None:
                assert items[-1]["position"] == result.assignment[s["id"]]
                assert items[-1]["choice"] == len(items)


def test_students_cannot_gain_by_truncating_or_reordering():
    """Strategy-proofness for students, checked exhaustively on small random instances."""
    rng = random.Random(11)
    for _ in range(40):
        inst = random_instance(rng, 4, 3, 2, max_cap=2)
        truth = deferred_acceptance(inst, seed=1)
        model = Model(inst, tickets_of(truth))
        for st_entry in inst["students"]:
            s = st_entry["id"]
            for r in range(0, len(model.s_prefs[s]) + 1):
                for lie in itertools.permutations(model.s_prefs[s], r):
                    other = {
                        **inst,
                        "students": [dict(x, prefs=list(lie)) if x["id"] == s else x for x in inst["students"]],
                    }
                    got = deferred_acceptance(other, seed=1).assignment[s]
                    if got is not None:
                        assert truth.assignment[s] is not None and not model.better(s, got, truth.assignment[s])


def test_integer_ids_and_dense_lookup_agree_with_string_ids():
    rng = random.Random(3)
    inst = random_instance(rng, 50, 10, 3, max_cap=4)
    ren = {f"s{i}": 1000 + i for i in range(50)} | {f"p{j}": 7 + j for j in range(10)}
    as_int = {
        "students": [{"id": ren[s["id"]], "prefs": [ren[p] for p in s["prefs"]]} for s in inst["students"]],
        "positions": [dict(p, id=ren[p["id"]], prefs=[ren[s] for s in p["prefs"]]) for p in inst["positions"]],
        "enterprises": inst["enterprises"],
    }
    a = deferred_acceptance(inst, seed=9).assignment
    b = deferred_acceptance(as_int, seed=9).assignment
    assert {ren[s]: (ren[p] if p else None) for s, p in a.items()} == b


# ---------------------------------------------------------------------------------------------------
# Max placement (min-cost flow)
# ---------------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_students=5, max_positions=3, max_ent=2))
def test_max_placement_is_maximum_then_cheapest(case):
    inst, seed = case
    result = max_placement(inst, seed=seed)
    model = Model(inst, tickets_of(deferred_acceptance(inst, seed=seed)))
    got = result.assignment
    assert model.feasible(got)

    def size_cost(mt):
        placed = [(s, p) for s, p in mt.items() if p is not None]
        return len(placed), sum(model.s_prefs[s].index(p) for s, p in placed)

    best_size = max(size_cost(mt)[0] for mt in all_matchings(model))
    best_cost = min(size_cost(mt)[1] for mt in all_matchings(model) if size_cost(mt)[0] == best_size)
    assert size_cost(got) == (best_size, best_cost)
    assert result.stats["stable"] is False and "NOT STABLE" in result.stats["note"]
    assert result.stats["placed"] >= deferred_acceptance(inst, seed=seed).stats["placed"]


def test_max_placement_places_more_than_da_and_says_why():
    # DA: a takes x (x prefers a), b is left out; maxflow: a -> y, b -> x.
    inst = {
        "students": [{"id": "a", "prefs": ["x", "y"]}, {"id": "b", "prefs": ["x"]}],
        "positions": [{"id": "x", "capacity": 1, "prefs": ["a", "b"]}, {"id": "y", "capacity": 1, "prefs": ["a"]}],
    }
    assert deferred_acceptance(inst).assignment == {"a": "x", "b": None}
    flow = max_placement(inst)
    assert flow.assignment == {"a": "y", "b": "x"}
    assert flow.explanations["a"][0]["reason"] == "given_to_others_to_place_more"


@pytest.mark.parametrize("n,m", [(300, 30), (1000, 60)])
def test_larger_random_instances_have_no_blocking_pair(n, m):
    rng = random.Random(n)
    inst = random_instance(rng, n, m, 10, max_cap=12, ties=True, given=True)
    result = deferred_acceptance(inst, seed=4)
    model = Model(inst, tickets_of(result))
    assert model.feasible(result.assignment)
    assert model.blocking_pairs(result.assignment) == []
