"""Placement matching: student-proposing deferred acceptance with two capacity levels (pure, no Django).

Public API
----------
``deferred_acceptance(instance, seed=0) -> MatchResult``
    The student-optimal stable matching of the instance (see docs/matching.md for the model and the exact
    stability notion): each position has places, each enterprise optionally an intern cap shared by its
    positions; an enterprise with a cap keeps its best contracts across all of its positions.
``max_placement(instance, seed=0) -> MatchResult``
    Maximises the number of placed students, then minimises the sum of the choice ranks (min-cost max-flow).
    NOT stable: a student may lose a place to a student the position ranked lower.
``InvalidInstance``
    Raised for malformed instances, naming every bad item.

The DA is run in vectorised rounds over flat numpy arrays: in every round all free students propose to
their next acceptable choice at once; each touched position keeps its best ``capacity`` contracts and each
touched capped enterprise then keeps its best ``cap`` contracts across its positions. Because both choice
rules together are the greedy choice of a laminar matroid with one priority order (see docs), this
simultaneous version reaches the same outcome as the one-proposal-at-a-time textbook algorithm. A round only
does the work its admitted proposals need (see ``_da_arrays``): proposals below a full position's or capped
enterprise's worst contract are turned away at once, and the others are merged with the tail of the sorted
places they can change. The held set after every round, and so the rounds and proposals reported, are those
of the plain round-based algorithm (tests/engines/test_matching_fast_paths.py checks this against a
reference).
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from .matching_instance import Compiled, InvalidInstance, compile_instance

__all__ = ["InvalidInstance", "MatchResult", "deferred_acceptance", "max_placement", "compile_instance"]

STABLE_NOTE = "Student-optimal stable matching (student-proposing deferred acceptance)."
MAXFLOW_NOTE = (
    "NOT STABLE: maximises the number of placed students, then minimises the sum of choice ranks. "
    "A student may be left out of a position that ranked them above someone who got it."
)


@dataclass
class MatchResult:
    variant: str
    compiled: Compiled
    held_entry: np.ndarray  # int64 (n) index of the assigned entry in the student CSR, -1 = unassigned
    rounds: int = 0
    proposals: int = 0
    note: str = ""
    extra_stats: dict = field(default_factory=dict)
    _assignment: dict | None = None
    _explanations: dict | None = None

    # -- assignment ---------------------------------------------------------------------------------
    @property
    def assignment(self) -> dict:
        if self._assignment is None:
            c = self.compiled
            pos_ids = c.position_ids
            held = self.held_entry
            pos_of = np.where(held >= 0, c.e_pos[np.maximum(held, 0)] if len(c.e_pos) else 0, -1).tolist()
            self._assignment = {
                sid: (pos_ids[p] if p >= 0 else None) for sid, p in zip(c.student_ids, pos_of, strict=True)
            }
        return self._assignment

    def placed_count(self) -> int:
        return int(np.count_nonzero(self.held_entry >= 0))

    # -- statistics ---------------------------------------------------------------------------------
    @property
    def stats(self) -> dict:
        c = self.compiled
        held = self.held_entry
        placed = held >= 0
        choice = held[placed] - c.s_ptr[:-1][placed]
        by_choice = np.bincount(choice, minlength=1).tolist() if placed.any() else []
        filled = np.bincount(c.e_pos[held[placed]], minlength=c.m) if c.m else np.zeros(0, dtype=np.int64)
        lens = np.diff(c.s_ptr)
        stats = {
            "variant": self.variant,
            "stable": self.variant == "da",
            "note": self.note,
            "students": c.n,
            "positions": c.m,
            "enterprises": c.k,
            "places": int(c.pos_cap.sum()),
            "placed": int(placed.sum()),
            "unplaced": int(c.n - placed.sum()),
            "unplaced_with_empty_list": int(np.count_nonzero(~placed & (lens == 0))),
            "placement_rate": round(float(placed.sum()) / c.n, 4) if c.n else 0.0,
            "by_choice": {str(i + 1): int(v) for i, v in enumerate(by_choice) if v},
            "first_choice": int(by_choice[0]) if by_choice else 0,
            "mean_choice": round(float(choice.mean()) + 1, 3) if placed.any() else None,
            "positions_full": int(np.count_nonzero((filled >= c.pos_cap) & (c.pos_cap > 0))),
            "places_unfilled": int((c.pos_cap - filled).sum()) if c.m else 0,
            "rounds": self.rounds,
            "proposals": self.proposals,
            "seed": c.seed,
            "ties_broken_by_lottery": c.ties_broken,
        }
        if c.k:
            ent_load = (
                np.bincount(c.pos_ent[c.e_pos[held[placed]]], minlength=c.k)
                if placed.any()
                else np.zeros(c.k, dtype=np.int64)
            )
            capped = c.ent_cap >= 0
            stats["enterprises_at_cap"] = int(np.count_nonzero(capped & (ent_load >= c.ent_cap)))
        stats.update(self.extra_stats)
        return stats

    # -- lottery ------------------------------------------------------------------------------------
    @property
    def lottery(self) -> dict:
        c = self.compiled
        out = {
            "seed": c.seed,
            "rule": "one ticket per student from numpy default_rng(seed).permutation; a lower ticket wins a tie",
            "used": c.lottery_used,
            "ties_broken": c.ties_broken,
        }
        if c.lottery_used:
            out["tickets"] = dict(zip(c.student_ids, c.tickets.tolist(), strict=True))
        return out

    # -- explanations -------------------------------------------------------------------------------
    def explain(self, student_id) -> list[dict]:
        return self.explanations[student_id]

    @property
    def explanations(self) -> dict:
        if self._explanations is None:
            self._explanations = _explain(self)
        return self._explanations

    def to_dict(self, *, explanations: bool = True) -> dict:
        out = {"assignment": self.assignment, "stats": self.stats, "lottery": self.lottery}
        if explanations:
            out["explanations"] = self.explanations
        return out


# ---------------------------------------------------------------------------------------------------
# Deferred acceptance
# ---------------------------------------------------------------------------------------------------


def _csr_gather(ptr: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Concatenated index ranges ptr[r]..ptr[r+1] for the given rows (vectorised)."""
    starts = ptr[rows]
    lens = ptr[rows + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lens) - lens
    return np.repeat(starts - offsets, lens) + np.arange(total, dtype=np.int64)


def _group_rank(sorted_groups: np.ndarray) -> np.ndarray:
    """0-based rank of each element inside its run of equal values (input sorted by group)."""
    n = len(sorted_groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(sorted_groups[1:], sorted_groups[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    run = np.diff(np.append(starts, n))
    return np.arange(n, dtype=np.int64) - np.repeat(starts, run)


def _run_ends(sorted_groups: np.ndarray) -> np.ndarray:
    """Index of the last element of each run of equal values (input sorted by group)."""
    n = len(sorted_groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    last = np.empty(n, dtype=bool)
    last[-1] = True
    np.not_equal(sorted_groups[1:], sorted_groups[:-1], out=last[:-1])
    return np.flatnonzero(last)


def _run_starts(sorted_groups: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values (input sorted by group)."""
    n = len(sorted_groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(sorted_groups[1:], sorted_groups[:-1], out=first[1:])
    return np.flatnonzero(first)


def _count_below(keys: np.ndarray, starts: np.ndarray, lens: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each segment keys[starts[i] : starts[i] + lens[i]] (ascending), how many keys are below values[i]:
    a binary search run on all segments at once."""
    lo = np.zeros(len(starts), dtype=np.int64)
    hi = lens.astype(np.int64, copy=True)
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) >> 1
        below = keys[np.where(active, starts + mid, 0)] < values
        lo = np.where(active & below, mid + 1, lo)
        hi = np.where(active & ~below, mid, hi)


def _da_arrays(c: Compiled) -> tuple[np.ndarray, int, int]:
    """Core DA on the compiled arrays. Returns (held entry per student, rounds, proposals).

    Each position's places hold students (their contract is their current entry ``nxt``) and its keys, sorted
    best first, with the count and the worst key held; each capped enterprise keeps its count and worst key
    too. A proposal that is worse than the worst contract of a full position, or of an enterprise at its cap,
    is rejected at once: the greedy choice of the held contracts plus that proposal keeps the held ones and
    turns it away (and, the choice being substitutable, it would be turned away among more proposals too).
    The admitted proposals are merged only with the tail of each position's places below its best admitted
    key; an enterprise that may go over its cap also puts each position's r worst contracts in play (r = its
    admitted proposals: it drops at most r, never one with r kept contracts below it at its position). A round
    thus costs what its admitted proposals can change (the whole held set of every touched position and
    enterprise cost three times more at 200,000 students). The held set after each round, and so the rounds
    and proposals counted, are those of the plain round-based algorithm."""
    n, m, k = c.n, c.m, c.k
    acc = c.e_key >= 0  # acceptable entries only take part
    if acc.all():
        acc_idx = None
        a_ptr = c.s_ptr
        a_pos = c.e_pos
        a_key = c.e_key
    else:
        acc_idx = np.flatnonzero(acc)  # entry ids (into the full CSR) of acceptable entries, in order
        lens_acc = np.bincount(c.student_of_entry()[acc_idx], minlength=n).astype(np.int64)
        a_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lens_acc, out=a_ptr[1:])
        a_pos = c.e_pos[acc_idx]
        a_key = c.e_key[acc_idx]

    pos_cap = c.pos_cap
    slot_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(pos_cap, out=slot_ptr[1:])
    slots = np.full(int(slot_ptr[-1]), -1, dtype=np.int64)  # student held in each place
    slot_key = np.full(int(slot_ptr[-1]), -1, dtype=np.int64)  # and the key of that contract
    filled = np.zeros(m, dtype=np.int64)
    worst = np.full(m, -1, dtype=np.int64)  # worst key held by each position, -1 = none

    # Enterprise caps that can bind (cap below the sum of its positions' places).
    cap_ent = np.full(m, -1, dtype=np.int64)
    ent_cap = c.ent_cap
    ent_pos_ptr = ent_pos = None
    capped = False
    if k:
        has = c.pos_ent >= 0
        places = np.bincount(c.pos_ent[has], weights=pos_cap[has], minlength=k).astype(np.int64)
        binding = (ent_cap >= 0) & (ent_cap < places)
        cap_ent = np.where(has & binding[np.maximum(c.pos_ent, 0)], c.pos_ent, -1)
        capped = bool((cap_ent >= 0).any())
        if capped:
            order = np.argsort(c.pos_ent, kind="stable")
            ent_pos = order[c.pos_ent[order] >= 0]
            counts = np.bincount(c.pos_ent[has], minlength=k)
            ent_pos_ptr = np.zeros(k + 1, dtype=np.int64)
            np.cumsum(counts, out=ent_pos_ptr[1:])
    ent_filled = np.zeros(k, dtype=np.int64)
    ent_worst = np.full(k, -1, dtype=np.int64)  # worst key held (an upper bound), -1 = none
    ent_limit = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)  # the cap where it binds
    if capped:
        ent_limit[binding] = ent_cap[binding]
    no_ents = np.zeros(0, dtype=np.int64)
    # An uncapped position's enterprise test must never reject: an impossible count stands in for it.
    ent_cap_of_pos = np.where(cap_ent >= 0, ent_cap[np.maximum(cap_ent, 0)] if k else 0, np.iinfo(np.int64).max)

    key_base = int(a_key.max()) + 1 if len(a_key) else 1
    big = key_base * (m + 1) < 2**62
    ent_big = key_base * (k + 1) < 2**62

    nxt = a_ptr[:-1].copy()
    end = a_ptr[1:]
    free = np.flatnonzero(nxt < end)
    rounds = 0
    proposals = 0
    while free.size:
        rounds += 1
        proposals += free.size
        pe = nxt[free]
        ppos = a_pos[pe].astype(np.int64)
        pkey = a_key[pe]
        # Rejected at once: worse than the worst held of a full position or of an enterprise at its cap.
        out = (filled[ppos] >= pos_cap[ppos]) & (pkey > worst[ppos])
        if capped:
            pent = cap_ent[ppos]
            pe0 = np.maximum(pent, 0)
            out |= (ent_filled[pe0] >= ent_cap_of_pos[ppos]) & (pkey > ent_worst[pe0])
        rejected = [free[out]]
        adm = np.flatnonzero(~out)
        if adm.size:
            a_stu = free[adm]
            apos = ppos[adm]
            akey = pkey[adm]
            o = np.argsort(apos * key_base + akey) if big else np.lexsort((akey, apos))
            a_stu, apos, akey = a_stu[o], apos[o], akey[o]
            first = _run_starts(apos)
            tp = apos[first]  # positions that admitted something, their best admitted key and how many
            r_p = np.diff(np.append(first, len(apos)))
            # A position's places are kept sorted by key. Those better than every proposal it admitted stay as
            # they are (it keeps them whatever else it is offered); only the rest, its tail, is merged with the
            # admitted proposals. tail_from[p] = where that tail starts (filled = nothing to merge).
            tail_from = filled.copy()
            tail_from[tp] = _count_below(slot_key, slot_ptr[tp], filled[tp], akey[first])
            mark = np.zeros(m, dtype=bool)
            mark[tp] = True
            ents = no_ents
            if capped:
                tent = cap_ent[tp]
                sel = tent >= 0
                if sel.any():
                    r_e = np.bincount(tent[sel], weights=r_p[sel], minlength=k).astype(np.int64)
                    hit = np.flatnonzero(r_e)
                    # Enterprises that may go over their cap choose among all their positions; there each
                    # position also puts its r_e worst contracts in play (the enterprise can drop at most r_e,
                    # and a contract with r_e kept ones below it at its own position is never among them).
                    ents = hit[ent_filled[hit] + r_e[hit] > ent_limit[hit]]
                    if ents.size:
                        q = ent_pos[_csr_gather(ent_pos_ptr, ents)]
                        per = ent_pos_ptr[ents + 1] - ent_pos_ptr[ents]
                        tail_from[q] = np.minimum(tail_from[q], np.maximum(filled[q] - np.repeat(r_e[ents], per), 0))
                        mark[q] = True
            gather_pos = np.flatnonzero(mark)
            g_from = tail_from[gather_pos]
            g_len = filled[gather_pos] - g_from
            total = int(g_len.sum())
            if total:
                offsets = np.cumsum(g_len) - g_len
                at = np.repeat(slot_ptr[gather_pos] + g_from - offsets, g_len) + np.arange(total, dtype=np.int64)
                cand = np.concatenate((slots[at], a_stu))
                cpos = np.concatenate((np.repeat(gather_pos, g_len), apos))
                ckey = np.concatenate((slot_key[at], akey))
                order = np.argsort(cpos * key_base + ckey) if big else np.lexsort((ckey, cpos))
                cand = cand[order]
                cpos = cpos[order]
                ckey = ckey[order]
            else:
                cand, cpos, ckey = a_stu, apos, akey
            keep = _group_rank(cpos) < pos_cap[cpos] - tail_from[cpos]
            if ents.size:
                whole = np.zeros(k + 1, dtype=bool)  # enterprises choosing among all their positions (index + 1)
                whole[ents + 1] = True
                ent_room = np.zeros(k, dtype=np.int64)
                ent_room[ents] = ent_cap[ents] - np.add.reduceat(tail_from[q], np.cumsum(per) - per)
                cent = cap_ent[cpos]
                sub = np.flatnonzero(keep & whole[cent + 1])
                if sub.size:
                    sent = cent[sub]
                    o2 = np.argsort(sent * key_base + ckey[sub]) if ent_big else np.lexsort((ckey[sub], sent))
                    sub = sub[o2]
                    sent = sent[o2]
                    keep[sub[_group_rank(sent) >= ent_room[sent]]] = False
            # Write the kept contracts after each position's untouched head, still sorted by key.
            kpos = cpos[keep]
            kkey = ckey[keep]
            krank = _group_rank(kpos)
            at = slot_ptr[kpos] + tail_from[kpos] + krank
            slots[at] = cand[keep]
            slot_key[at] = kkey
            filled[gather_pos] = g_from
            last = _run_ends(kpos)
            filled[kpos[last]] += krank[last] + 1
            nf = filled[gather_pos]
            worst[gather_pos] = np.where(nf > 0, slot_key[np.where(nf > 0, slot_ptr[gather_pos] + nf - 1, 0)], -1)
            if capped:
                # Count and worst key of every capped enterprise that had a position re-chosen.
                emark = np.zeros(k + 1, dtype=bool)
                emark[cap_ent[gather_pos] + 1] = True
                te = np.flatnonzero(emark[1:])
                if te.size:
                    qs = ent_pos[_csr_gather(ent_pos_ptr, te)]
                    per_t = ent_pos_ptr[te + 1] - ent_pos_ptr[te]
                    seg = np.cumsum(per_t) - per_t
                    ent_filled[te] = np.add.reduceat(filled[qs], seg)
                    ent_worst[te] = np.maximum.reduceat(worst[qs], seg)
            rejected.append(cand[~keep])
        rs = np.concatenate(rejected) if len(rejected) > 1 else rejected[0]
        nxt[rs] += 1
        free = rs[nxt[rs] < end[rs]]
    held_entry = np.full(n, -1, dtype=np.int64)
    mask = np.arange(len(slots), dtype=np.int64) - np.repeat(slot_ptr[:-1], pos_cap) < np.repeat(filled, pos_cap)
    occupied = slots[mask]
    entries = nxt[occupied]
    held_entry[occupied] = entries if acc_idx is None else acc_idx[entries]
    return held_entry, rounds, proposals


def _huge_page_switch():
    """numpy's switch for MADV_HUGEPAGE advice on large arrays, or None when this numpy has none.

    numpy offers no public switch (the NUMPY_MADVISE_HUGEPAGE variable is read once, at import), only the
    private ``numpy._core.multiarray._set_madvise_hugepage``; it is therefore looked up defensively, and without
    it the engine runs the same, only slower."""
    try:
        module = importlib.import_module("numpy._core.multiarray")
    except ImportError:
        return None
    switch = getattr(module, "_set_madvise_hugepage", None)
    return switch if callable(switch) else None


@contextmanager
def small_pages():
    """Run without numpy's MADV_HUGEPAGE advice for large arrays, then restore it.

    The engine makes many short-lived arrays of 4 to 32 MB. With transparent huge pages in "madvise" mode (the
    usual Linux default) each of them is faulted in as 2 MB pages, and that kernel time was a third of a
    200,000-student run (sys 0.52-0.59 s against 0.16 s with small pages, user time unchanged; issue 14). The
    setting is process-wide, so it is switched back on leaving; at worst another thread's arrays meanwhile
    get small pages, which changes nothing but their speed."""
    switch = _huge_page_switch()
    if switch is None:
        yield
        return
    previous = switch(False)
    try:
        yield
    finally:
        switch(previous)


def deferred_acceptance(instance, seed: int = 0) -> MatchResult:
    """Student-proposing deferred acceptance with position places and enterprise caps."""
    with small_pages():
        compiled = instance if isinstance(instance, Compiled) else compile_instance(instance, seed=seed)
        held, rounds, proposals = _da_arrays(compiled)
    return MatchResult("da", compiled, held, rounds=rounds, proposals=proposals, note=STABLE_NOTE)


def max_placement(instance, seed: int = 0) -> MatchResult:
    """Maximum number of placed students, then minimum total choice rank; not stable."""
    from .matching_flow import max_placement_arrays

    with small_pages():
        compiled = instance if isinstance(instance, Compiled) else compile_instance(instance, seed=seed)
    held, info = max_placement_arrays(compiled)
    return MatchResult("maxflow", compiled, held, note=MAXFLOW_NOTE, extra_stats=info)


# ---------------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------------


def _explain(result: MatchResult) -> dict:
    """Why each student got their place or none, one item per choice down to the assigned one."""
    c = result.compiled
    m, k = c.m, c.k
    held = result.held_entry
    placed = held >= 0
    # Per position: filled count and the worst (largest) key held; per enterprise the same.
    filled = np.zeros(m, dtype=np.int64)
    worst_key = np.full(m, -1, dtype=np.int64)
    worst_rank = np.full(m, -1, dtype=np.int64)
    hp = c.e_pos[held[placed]].astype(np.int64)
    hk = c.e_key[held[placed]]
    hr = c.e_prank[held[placed]]
    if hp.size:
        np.add.at(filled, hp, 1)
        np.maximum.at(worst_key, hp, hk)
        np.maximum.at(worst_rank, hp, hr)
    ent_filled = np.zeros(k, dtype=np.int64)
    ent_worst = np.full(k, -1, dtype=np.int64)
    if k and hp.size:
        he = c.pos_ent[hp]
        ok = he >= 0
        np.add.at(ent_filled, he[ok], 1)
        np.maximum.at(ent_worst, he[ok], hk[ok])
    pos_ids, ent_ids = c.position_ids, c.enterprise_ids
    stable = result.variant == "da"
    out: dict = {}
    s_ptr = c.s_ptr.tolist()
    held_l = held.tolist()
    e_pos = c.e_pos
    for s, sid in enumerate(c.student_ids):
        start, stop = s_ptr[s], s_ptr[s + 1]
        h = held_l[s]
        last = h if h >= 0 else stop
        items = []
        if start == stop:
            out[sid] = [{"reason": "no_choices"}]
            continue
        entries = range(start, last)
        for e in entries:
            p = int(e_pos[e])
            item = {"choice": e - start + 1, "position": pos_ids[p]}
            key = int(c.e_key[e])
            if key < 0:
                item["reason"] = "not_ranked"
                items.append(item)
                continue
            cap = int(c.pos_cap[p])
            item["your_rank"] = int(c.e_prank[e]) + 1
            item["places"] = cap
            ent = int(c.pos_ent[p])
            if cap == 0:
                item["reason"] = "no_places"
            elif filled[p] >= cap and key > worst_key[p]:
                item["reason"] = "position_full"
                item["last_admitted_rank"] = int(worst_rank[p]) + 1
            elif ent >= 0 and c.ent_cap[ent] >= 0 and ent_filled[ent] >= c.ent_cap[ent] and key > ent_worst[ent]:
                item["reason"] = "enterprise_full"
                item["enterprise"] = ent_ids[ent]
                item["enterprise_cap"] = int(c.ent_cap[ent])
            elif stable:  # cannot happen for a stable matching; reported rather than hidden
                item["reason"] = "unexplained"
            elif filled[p] >= cap:
                item["reason"] = "given_to_others_to_place_more"
                item["last_admitted_rank"] = int(worst_rank[p]) + 1
            else:
                item["reason"] = "left_free_to_place_more"
            items.append(item)
        if h >= 0:
            p = int(e_pos[h])
            items.append(
                {
                    "choice": h - start + 1,
                    "position": pos_ids[p],
                    "reason": "assigned",
                    "your_rank": int(c.e_prank[h]) + 1,
                    "places": int(c.pos_cap[p]),
                }
            )
        else:
            items.append({"reason": "list_exhausted"})
        out[sid] = items
    return out
