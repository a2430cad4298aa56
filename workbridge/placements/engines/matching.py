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
simultaneous version reaches the same outcome as the one-proposal-at-a-time textbook algorithm.
"""

from __future__ import annotations

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


def _take(slots, slot_key, slot_ptr, filled, worst, studs, pos, keys) -> None:
    """Put students into the free places of positions that have room for all of them."""
    order = np.argsort(pos, kind="stable")
    sp = pos[order]
    rank = _group_rank(sp)
    at = slot_ptr[sp] + filled[sp] + rank
    slots[at] = studs[order]
    slot_key[at] = keys[order]
    last = _run_ends(sp)
    filled[sp[last]] += rank[last] + 1
    np.maximum.at(worst, pos, keys)


def _da_arrays(c: Compiled) -> tuple[np.ndarray, int, int]:
    """Core DA on the compiled arrays. Returns (held entry per student, rounds, proposals).

    Each position's places hold students (their contract is their current entry ``nxt``), best key first, with
    the count and the worst key held; each capped enterprise keeps its count and worst key too. A proposal
    that is worse than the worst contract of a full position, or of an enterprise at its cap, is rejected at
    once: the greedy choice of the held contracts plus that proposal keeps the held ones and turns it away
    (and, the choice being substitutable, it would be turned away among more proposals too). Only the
    positions that admit a proposal are re-chosen, so a round costs what its admitted proposals touch instead
    of every held place of every position that received a proposal. The held set after each round, and so
    the rounds and proposals counted, are those of the plain round-based algorithm."""
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
            # A position (or capped enterprise) with room for all its admitted proposals takes them as they are;
            # the others are re-chosen from what they hold plus what they were offered (an enterprise with all
            # of its positions).
            over = filled + np.bincount(apos, minlength=m) > pos_cap
            ents = no_ents
            if capped:
                aent = cap_ent[apos]
                aent = aent[aent >= 0]
                if aent.size:
                    ents = np.flatnonzero(ent_filled + np.bincount(aent, minlength=k) > ent_limit)
                    if ents.size:
                        over[ent_pos[_csr_gather(ent_pos_ptr, ents)]] = True
            chosen = over[apos]
            if not chosen.all():
                easy = ~chosen
                _take(slots, slot_key, slot_ptr, filled, worst, a_stu[easy], apos[easy], akey[easy])
                if capped:
                    eent = cap_ent[apos[easy]]
                    ok = eent >= 0
                    np.add.at(ent_filled, eent[ok], 1)
                    np.maximum.at(ent_worst, eent[ok], akey[easy][ok])
            if chosen.any():
                gather_pos = np.flatnonzero(over)
                before = filled[gather_pos]
                total = int(before.sum())
                if total:
                    offsets = np.cumsum(before) - before
                    at = np.repeat(slot_ptr[gather_pos] - offsets, before) + np.arange(total, dtype=np.int64)
                    cand = np.concatenate((slots[at], a_stu[chosen]))
                    cpos = np.concatenate((np.repeat(gather_pos, before), apos[chosen]))
                    ckey = np.concatenate((slot_key[at], akey[chosen]))
                else:
                    cand, cpos, ckey = a_stu[chosen], apos[chosen], akey[chosen]
                order = np.argsort(cpos * key_base + ckey) if big else np.lexsort((ckey, cpos))
                cand = cand[order]
                cpos = cpos[order]
                ckey = ckey[order]
                keep = _group_rank(cpos) < pos_cap[cpos]
                whole = np.zeros(k + 1, dtype=bool)  # enterprises re-chosen as a whole (index + 1)
                whole[ents + 1] = True
                if ents.size:
                    ent_filled[ents] = 0
                    ent_worst[ents] = -1
                    cent = cap_ent[cpos]
                    sub = np.flatnonzero(keep & whole[cent + 1])
                    if sub.size:
                        sent = cent[sub]
                        skey = ckey[sub]
                        o2 = np.argsort(sent * key_base + skey) if ent_big else np.lexsort((skey, sent))
                        sub = sub[o2]
                        sent = sent[o2]
                        rank = _group_rank(sent)
                        cut = rank >= ent_cap[sent]
                        keep[sub[cut]] = False
                        within = ~cut
                        sub, sent, rank = sub[within], sent[within], rank[within]
                        last = _run_ends(sent)
                        ent_filled[sent[last]] = rank[last] + 1
                        ent_worst[sent[last]] = ckey[sub[last]]
                # Rewrite the places of every re-chosen position with the kept contracts (sorted by pos, key).
                filled[gather_pos] = 0
                worst[gather_pos] = -1
                kept = cand[keep]
                kpos = cpos[keep]
                kkey = ckey[keep]
                krank = _group_rank(kpos)
                at = slot_ptr[kpos] + krank
                slots[at] = kept
                slot_key[at] = kkey
                last = _run_ends(kpos)
                filled[kpos[last]] = krank[last] + 1
                worst[kpos[last]] = kkey[last]
                if capped:
                    # A capped enterprise not re-chosen as a whole had room for everything its re-chosen
                    # positions kept: its count moves by theirs, its worst key is kept as an upper bound
                    # (enough for the rejection test above).
                    gent = cap_ent[gather_pos]
                    sel = (gent >= 0) & ~whole[gent + 1]
                    if sel.any():
                        np.add.at(ent_filled, gent[sel], filled[gather_pos[sel]] - before[sel])
                        kent = cap_ent[kpos]
                        ok = (kent >= 0) & ~whole[kent + 1]
                        np.maximum.at(ent_worst, kent[ok], kkey[ok])
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


@contextmanager
def _small_pages():
    """Run without numpy's MADV_HUGEPAGE advice for large arrays, then restore it.

    The engine makes many short-lived arrays of 4 to 32 MB. With transparent huge pages in "madvise" mode (the
    usual Linux default) each of them is faulted in as 2 MB pages, and that kernel time was a third of a
    200,000-student run (sys 0.52-0.59 s against 0.16 s with small pages, user time unchanged; issue 14). The
    setting is process-wide, so it is switched back on leaving; at worst another thread's arrays meanwhile
    get small pages, which changes nothing but their speed."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # another numpy layout: leave the default alone
        yield
        return
    previous = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(previous)


def deferred_acceptance(instance, seed: int = 0) -> MatchResult:
    """Student-proposing deferred acceptance with position places and enterprise caps."""
    with _small_pages():
        compiled = instance if isinstance(instance, Compiled) else compile_instance(instance, seed=seed)
        held, rounds, proposals = _da_arrays(compiled)
    return MatchResult("da", compiled, held, rounds=rounds, proposals=proposals, note=STABLE_NOTE)


def max_placement(instance, seed: int = 0) -> MatchResult:
    """Maximum number of placed students, then minimum total choice rank; not stable."""
    from .matching_flow import max_placement_arrays

    with _small_pages():
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
