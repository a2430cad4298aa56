"""The matcher's fast paths (issue 14) against plain references.

- Deferred acceptance: the engine rejects proposals below a full position's or capped enterprise's worst held
  contract at once and re-chooses only what admitted proposals touch. A plain round-based reference (every
  group that received a proposal re-chooses from everything it holds) must give the same assignment and the
  same round and proposal counts, on "campus" instances like the benchmark's (every position ranks exactly
  its applicants, enterprises with several positions and binding caps) where a wrong count of an enterprise's
  contracts shows, and on the small random instances of test_matching.
- Compilation: plain int ids take C-level paths (ids 0..n-1 in order need no table at all); the ranks and keys
  must be those read naively from the instance whatever the ids are, and anything that is not a plain int id
  (bool, float, numeric string, numpy integer, an int beyond 64 bits) is rejected exactly as before.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbridge.placements.engines.matching import InvalidInstance, compile_instance, deferred_acceptance
from workbridge.placements.tests.engines.test_matching import Model, random_instance, textbook_da, tickets_of


def round_da(model: Model) -> tuple[dict, int, int]:
    """Round-based student-proposing DA: all free students propose at once, every capacity group that received a
    proposal re-chooses from what it holds plus its proposals. Returns (assignment, rounds, proposals)."""
    prefs = model.s_prefs
    nxt = dict.fromkeys(prefs, 0)

    def advance(s) -> bool:
        while nxt[s] < len(prefs[s]) and not model.acceptable(s, prefs[s][nxt[s]]):
            nxt[s] += 1
        return nxt[s] < len(prefs[s])

    held: dict = {}
    free = [s for s in prefs if advance(s)]
    rounds = proposals = 0
    while free:
        rounds += 1
        proposals += len(free)
        offers = {s: prefs[s][nxt[s]] for s in free}
        groups = {frozenset(model.group(p)) for p in offers.values()}
        rejected = []
        for group in groups:
            contracts = [(t, q) for t, q in held.items() if q in group]
            contracts += [(s, p) for s, p in offers.items() if p in group]
            chosen = set(model.choose(contracts))
            for t, q in contracts:
                if (t, q) in chosen:
                    held[t] = q
                else:
                    held.pop(t, None)
                    rejected.append(t)
        for t in rejected:
            nxt[t] += 1
        free = [t for t in rejected if advance(t)]
    return {s: held.get(s) for s in prefs}, rounds, proposals


def campus_instance(rng: random.Random, n: int, m: int, n_ent: int, choices: int, ids: str = "dense") -> dict:
    """Like bench/bench_match.py, small: popular positions, each ranking exactly its applicants by a noisy common
    score, several positions per enterprise and every other enterprise capped at 80 % of its places."""
    weight = [1.0 / (j + 1) ** 0.6 for j in range(m)]
    rng.shuffle(weight)
    score = [rng.gauss(0, 1) for _ in range(n)]
    prefs = []
    for _ in range(n):
        row: list[int] = []
        while len(row) < min(choices, m):
            p = rng.choices(range(m), weights=weight)[0]
            if p not in row:
                row.append(p)
        prefs.append(row)
    applicants: list[list[int]] = [[] for _ in range(m)]
    for s, row in enumerate(prefs):
        for p in row:
            applicants[p].append(s)
    per = max(1, n // m)
    capacity = [rng.randint(max(1, per // 4), max(2, per * 7 // 4)) for _ in range(m)]
    ent_of = [rng.randrange(n_ent) for _ in range(m)]
    places = [0] * n_ent
    for p in range(m):
        places[ent_of[p]] += capacity[p]
    if ids == "dense":
        sid, pid = list(range(n)), list(range(m))
    elif ids == "shuffled":
        sid, pid = rng.sample(range(n), n), rng.sample(range(m), m)
    elif ids == "sparse":
        sid, pid = [10_000 + 7 * s for s in range(n)], [3 + 5 * p for p in range(m)]
    else:
        sid, pid = [f"S{s}" for s in range(n)], [f"P{p}" for p in range(m)]
    return {
        "students": [{"id": sid[s], "prefs": [pid[p] for p in row]} for s, row in enumerate(prefs)],
        "positions": [
            {
                "id": pid[p],
                "capacity": capacity[p],
                "enterprise": ent_of[p],
                "prefs": [sid[s] for s in sorted(applicants[p], key=lambda s: -score[s] + rng.gauss(0, 0.5))],
            }
            for p in range(m)
        ],
        "enterprises": [{"id": e, "capacity": int(places[e] * 0.8) if e % 2 == 0 else None} for e in range(n_ent)],
    }


def assert_same_as_round_reference(inst: dict, seed: int) -> None:
    result = deferred_acceptance(inst, seed=seed)
    model = Model(inst, tickets_of(result))
    assignment, rounds, proposals = round_da(model)
    assert result.assignment == assignment
    assert (result.rounds, result.proposals) == (rounds, proposals)
    assert model.blocking_pairs(result.assignment) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 10**9),
    st.integers(30, 160),
    st.integers(3, 12),
    st.integers(1, 5),
    st.sampled_from(["dense", "shuffled", "sparse", "str"]),
)
def test_campus_instances_equal_the_round_reference(seed, n, m, n_ent, ids):
    rng = random.Random(seed)
    assert_same_as_round_reference(campus_instance(rng, n, m, n_ent, rng.randint(1, 6), ids), seed % 7)


@pytest.mark.parametrize("seed", range(6))
def test_a_larger_campus_instance_equals_the_round_reference(seed):
    # Enough rounds for enterprises at their cap to receive proposals at positions with and without room.
    assert_same_as_round_reference(campus_instance(random.Random(seed), 400, 24, 6, 5), seed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.booleans(), st.booleans())
def test_random_instances_equal_the_round_reference(seed, ties, given_rank):
    rng = random.Random(seed)
    inst = random_instance(
        rng, rng.randint(5, 50), rng.randint(1, 10), rng.randint(0, 4), max_cap=5, ties=ties, given=given_rank
    )
    assert_same_as_round_reference(inst, seed)


def test_the_round_reference_is_the_textbook_outcome():
    """The reference itself: rounds or one proposal at a time, the same matching (path independence)."""
    rng = random.Random(8)
    for _ in range(15):
        inst = campus_instance(rng, 60, 6, 3, 4, "str")
        model = Model(inst, tickets_of(deferred_acceptance(inst)))
        assert round_da(model)[0] == textbook_da(model)


# ---------------------------------------------------------------------------------------------------
# Compilation
# ---------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(["dense", "shuffled", "sparse", "str"]), st.booleans())
def test_compiled_ranks_and_keys_are_the_naive_ones(seed, ids, subset):
    rng = random.Random(seed)
    inst = campus_instance(rng, rng.randint(1, 60), rng.randint(1, 8), 2, rng.randint(1, 5), ids)
    if subset:  # rankings that leave out applicants and list students who did not apply
        everyone = [s["id"] for s in inst["students"]]
        for pos in inst["positions"]:
            pos["prefs"] = [s for s in pos["prefs"] if rng.random() < 0.7] + [
                s for s in everyone if s not in pos["prefs"] and rng.random() < 0.2
            ]
    c = compile_instance(inst, seed=3)
    model = Model(inst, dict(zip(c.student_ids, c.tickets.tolist(), strict=True)))
    entries = [(s["id"], p) for s in inst["students"] for p in s["prefs"]]
    assert len(entries) == len(c.e_pos)
    naive_rank = [model.p_rank[p].get(s, -1) for s, p in entries]
    assert c.e_prank.tolist() == naive_rank
    assert [c.position_ids[j] for j in c.e_pos.tolist()] == [p for _, p in entries]
    ranked = [i for i, (s, p) in enumerate(entries) if model.acceptable(s, p)]
    assert np.flatnonzero(c.e_key >= 0).tolist() == ranked
    # Within a capacity group the keys order contracts as the model's priority does.
    groups: dict = {}
    for i in ranked:
        groups.setdefault(frozenset(model.group(entries[i][1])), []).append(i)
    for members in groups.values():
        by_engine = sorted(members, key=lambda i: int(c.e_key[i]))
        assert [model.key(*entries[i]) for i in by_engine] == sorted(model.key(*entries[i]) for i in members)


@pytest.mark.parametrize(
    "bad, shown",
    [(True, "True"), (False, "False"), (1.0, "1.0"), ("1", "'1'"), (np.int64(1), "np.int64(1)"), (10**30, str(10**30))],
)
@pytest.mark.parametrize("ids", ["dense", "sparse"])
def test_what_is_not_a_plain_int_id_is_rejected_on_the_int_paths(bad, shown, ids):
    inst = campus_instance(random.Random(1), 20, 4, 2, 2, ids)
    students = [dict(s, prefs=list(s["prefs"])) for s in inst["students"]]
    students[3]["prefs"].append(bad)
    with pytest.raises(InvalidInstance) as info:
        compile_instance({**inst, "students": students})
    assert info.value.errors == [f"students[3] (id {students[3]['id']!r}): prefs names unknown position {shown}"]
    positions = [dict(p, prefs=list(p["prefs"])) for p in inst["positions"]]
    positions[2]["prefs"].append(bad)
    with pytest.raises(InvalidInstance) as info:
        compile_instance({**inst, "positions": positions})
    assert info.value.errors == [f"positions[2] (id {positions[2]['id']!r}): prefs names unknown student {shown}"]


def test_duplicates_are_found_on_the_fast_paths():
    inst = campus_instance(random.Random(2), 30, 5, 2, 3, "dense")
    j = next(j for j, p in enumerate(inst["positions"]) if p["prefs"])
    repeated_student = inst["positions"][j]["prefs"][-1]
    inst["positions"][j]["prefs"].append(repeated_student)
    repeated_position = inst["students"][4]["prefs"][0]
    inst["students"][4]["prefs"].append(repeated_position)
    with pytest.raises(InvalidInstance) as info:
        compile_instance(inst)
    assert info.value.errors == [f"students[4] (id 4): position {repeated_position} appears twice in prefs"]
    del inst["students"][4]["prefs"][-1]
    with pytest.raises(InvalidInstance) as info:
        compile_instance(inst)
    assert info.value.errors == [f"positions[{j}] (id {j}): student {repeated_student} appears twice in prefs"]


@pytest.mark.parametrize("ids", ["dense", "shuffled", "sparse"])
def test_int_ids_give_the_result_of_string_ids(ids):
    as_int = campus_instance(random.Random(5), 150, 10, 4, 4, ids)
    names = {}
    for s in as_int["students"]:
        names[("s", s["id"])] = f"stu-{s['id']}"
    for p in as_int["positions"]:
        names[("p", p["id"])] = f"pos-{p['id']}"
    as_str = {
        "students": [
            {"id": names["s", s["id"]], "prefs": [names["p", p] for p in s["prefs"]]} for s in as_int["students"]
        ],
        "positions": [
            dict(p, id=names["p", p["id"]], prefs=[names["s", s] for s in p["prefs"]]) for p in as_int["positions"]
        ],
        "enterprises": as_int["enterprises"],
    }
    a = deferred_acceptance(as_int, seed=4).to_dict()
    b = deferred_acceptance(as_str, seed=4).to_dict()
    assert {names["s", s]: (names["p", p] if p is not None else None) for s, p in a["assignment"].items()} == b[
        "assignment"
    ]
    assert a["stats"] == b["stats"]


def test_numpy_huge_page_setting_is_restored():
    from numpy._core.multiarray import _set_madvise_hugepage

    before = _set_madvise_hugepage(True)
    try:
        deferred_acceptance(campus_instance(random.Random(3), 20, 3, 1, 2))
        assert _set_madvise_hugepage(True) is True
    finally:
        _set_madvise_hugepage(before)
