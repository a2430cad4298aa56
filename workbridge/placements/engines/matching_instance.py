"""Validation and compilation of a matching instance into flat numpy arrays (pure, no Django).

An instance is the JSON-shaped dict documented in docs/matching.md::

    {"students":    [{"id": ..., "prefs": [position ids, best first]}],
     "positions":   [{"id": ..., "capacity": int, "enterprise": id, "prefs": [student ids or [tie group]]}],
     "enterprises": [{"id": ..., "capacity": int or null, "prefs": [student ids or [tie group]] (optional)}]}

``compile_instance`` rejects anything malformed with :class:`InvalidInstance` naming the bad item, and
otherwise returns a :class:`Compiled` instance: student preference lists in CSR form (one flat array of
position indices, one offsets array), each entry carrying the position's rank of that student and the
enterprise's priority key of that (student, position) contract. No dict of dicts is built: rank look-ups
are done by sorting ``position * n_students + student`` codes once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

import numpy as np

MAX_ERRORS = 20


class InvalidInstance(ValueError):
    """The matching instance is malformed; ``errors`` lists every problem found (first ``MAX_ERRORS``)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        head = self.errors[0] if self.errors else "invalid instance"
        more = f" (and {len(self.errors) - 1} more problem(s))" if len(self.errors) > 1 else ""
        super().__init__(head + more)


@dataclass
class Compiled:
    student_ids: list
    position_ids: list
    enterprise_ids: list
    # Student preference lists, CSR over ALL listed entries (original order).
    s_ptr: np.ndarray  # int64 (n+1)
    e_pos: np.ndarray  # int32 (L) position index of each entry
    e_prank: np.ndarray  # int64 (L) rank of the student in the position's (effective) order, -1 = not ranked
    e_key: np.ndarray  # int64 (L) enterprise priority key of the contract (smaller = better), -1 = unacceptable
    pos_cap: np.ndarray  # int64 (m)
    pos_ent: np.ndarray  # int64 (m) enterprise index, -1 = none
    ent_cap: np.ndarray  # int64 (k) -1 = no cap
    ent_given: np.ndarray  # bool (k) the enterprise supplied its own ranking
    tickets: np.ndarray  # int64 (n) lottery ticket of each student (0 = luckiest)
    seed: int
    ties_broken: int  # how many tie groups (>1 member) the lottery ordered, in position/enterprise lists
    lottery_used: bool  # whether any order in the result depends on the lottery
    position_list_len: np.ndarray = field(default=None)  # int64 (m) length of each position's ranking

    @property
    def n(self) -> int:
        return len(self.student_ids)

    @property
    def m(self) -> int:
        return len(self.position_ids)

    @property
    def k(self) -> int:
        return len(self.enterprise_ids)

    def student_of_entry(self) -> np.ndarray:
        lens = np.diff(self.s_ptr)
        return np.repeat(np.arange(self.n, dtype=np.int64), lens)


def _label(value) -> str:
    return repr(value)


def _is_id(value) -> bool:
    return (isinstance(value, str) and value != "") or (isinstance(value, int) and not isinstance(value, bool))


def _check_capacity(errors, where, value, *, nullable: bool):
    if value is None and nullable:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            errors.append(f"{where}: capacity must be a whole number, got {value!r}")
        else:
            errors.append(f"{where}: capacity must be a whole number{' or null' if nullable else ''}, got {value!r}")
    elif value < 0:
        errors.append(f"{where}: capacity must not be negative, got {value}")


def _index_items(errors, items, kind: str, *, required: bool = True):
    if items is None and not required:
        return [], {}
    if not isinstance(items, list):
        errors.append(f"'{kind}' must be a list")
        return [], {}
    # Fast path for the usual case (plain dicts, distinct int or non-empty str ids): C-level passes only. Any
    # doubt falls through to the item-by-item loop below, which names the bad items.
    if set(map(type, items)) <= {dict}:
        try:
            ids = list(map(itemgetter("id"), items))
        except KeyError:
            ids = None
        if ids is not None and set(map(type, ids)) <= {int, str}:
            index = dict(zip(ids, range(len(ids)), strict=True))
            if len(index) == len(ids) and "" not in index:
                return ids, index
    ids = []
    index = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(f"{kind}[{i}] must be an object")
            ids.append(None)
            continue
        ident = item.get("id")
        if not _is_id(ident):
            errors.append(f"{kind}[{i}]: id must be a non-empty string or an integer, got {ident!r}")
            ids.append(None)
            continue
        if ident in index:
            errors.append(f"{kind}[{i}]: duplicate id {_label(ident)} (first at {kind}[{index[ident]}])")
        else:
            index[ident] = i
        ids.append(ident)
    return ids, index


def _ranking_groups(errors, where: str, prefs, student_index) -> list[list[int]] | None:
    """A ranking as a list of tie groups of student indices (slow path, used only when ties or errors)."""
    if not isinstance(prefs, list):
        errors.append(f"{where}: prefs must be a list")
        return None
    groups: list[list[int]] = []
    seen: set = set()
    ok = True
    for entry in prefs:
        members = entry if isinstance(entry, list) else [entry]
        group = []
        for sid in members:
            if not _is_id(sid) or sid not in student_index:
                errors.append(f"{where}: prefs names unknown student {_label(sid)}")
                ok = False
                continue
            if sid in seen:
                errors.append(f"{where}: student {_label(sid)} appears twice in prefs")
                ok = False
                continue
            seen.add(sid)
            group.append(student_index[sid])
        if group:
            groups.append(group)
    return groups if ok else None


def _flat_ranks(groups: list[list[int]], tickets: np.ndarray) -> tuple[list[int], list[int], int]:
    """Students and their 0-based ranks, tie groups ordered by lottery ticket."""
    studs: list[int] = []
    ranks: list[int] = []
    broken = 0
    for group in groups:
        if len(group) > 1:
            broken += 1
            group = sorted(group, key=lambda s: tickets[s])
        for s in group:
            ranks.append(len(studs))
            studs.append(s)
    return studs, ranks, broken


# Rankings are joined with the students' lists in (owner, student) order, as three arrays per side: the order
# that sorts the entries, the students in that order and the number of entries per owner. No owner * n +
# student code arrays are kept and no dict per owner is built; the arrays stay as few as possible because every
# 4-million-entry temporary costs fresh pages (page faults showed as a third of the run's time, issue 14).


def _stable_order(owner: np.ndarray, n_owners: int) -> np.ndarray:
    """Stable argsort by owner: numpy's radix sort on 16-bit keys when there are at most 65,536 owners (about
    45 ms for 4 million entries, where sorting owner * n + student codes takes 300 ms)."""
    if n_owners <= 1 << 16:
        return np.argsort(owner.astype(np.uint16), kind="stable")
    return np.argsort(owner, kind="stable")


def _owner_sorted(owner: np.ndarray, studs: np.ndarray, n_owners: int):
    """Entries whose students already ascend (a student's own lists, in student order), in (owner, student)
    order: the stable sort by owner alone keeps the students ascending inside each owner."""
    order = _stable_order(owner, n_owners)
    return order, studs[order], np.bincount(owner, minlength=n_owners)


def _code_sorted(owner: np.ndarray, studs: np.ndarray, n: int, n_owners: int, counts=None):
    """Ranking entries (grouped by owner when ``counts`` is given, any order otherwise) in (owner, student)
    order."""
    # 32-bit codes when they fit: half the memory and a faster sort (about 55 against 66 ms for 4 million).
    dtype = np.uint32 if n * max(n_owners, 1) < 2**32 else np.int64
    if counts is None:
        codes = owner.astype(dtype) * dtype(n)
        counts = np.bincount(owner, minlength=n_owners)
    else:
        codes = np.repeat(np.arange(n_owners, dtype=dtype) * dtype(n), counts)
    np.add(codes, studs, out=codes, casting="unsafe")
    order = np.argsort(codes)
    return order, studs[order], counts


def _owner_of_sorted(counts: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Owner of the entries at ``idx`` of an (owner, student)-sorted array with ``counts`` per owner."""
    return np.searchsorted(np.cumsum(counts), idx, side="right")


def _repeated_pairs(studs: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Indices i of an (owner, student)-sorted array where entries i and i + 1 are the same pair."""
    if len(studs) < 2:
        return np.zeros(0, dtype=np.int64)
    same = studs[1:] == studs[:-1]
    starts = np.cumsum(counts) - counts
    same[starts[(starts > 0) & (starts < len(studs))] - 1] = False  # neighbours across two owners
    return np.flatnonzero(same)


def _join(q, r, r_ranks: np.ndarray, n: int, size: int) -> np.ndarray:
    """Rank (from ``r_ranks``, in r's sorted order) of each query in the rankings, -1 where absent; q and r as
    (order, students, counts per owner) in (owner, student) order."""
    q_order, q_studs, q_counts = q
    r_order, r_studs, r_counts = r
    if size and len(r_studs) == size and np.array_equal(q_counts, r_counts) and np.array_equal(q_studs, r_studs):
        # Every ranking lists exactly its applicants (the usual round): a one-to-one join, no search.
        out = np.empty(size, dtype=np.int64)
        out[q_order] = r_ranks
        return out
    out = np.full(size, -1, dtype=np.int64)
    if len(r_studs) == 0 or size == 0:
        return out
    n_owners = len(q_counts)
    r_codes = np.repeat(np.arange(n_owners, dtype=np.int64) * n, r_counts) + r_studs
    q_codes = np.repeat(np.arange(n_owners, dtype=np.int64) * n, q_counts) + q_studs
    at = np.searchsorted(r_codes, q_codes)
    np.minimum(at, len(r_codes) - 1, out=at)
    hit = r_codes[at] == q_codes
    out[q_order[hit]] = r_ranks[at[hit]]
    return out


def _rank_lookup(
    owner: np.ndarray,
    studs: np.ndarray,
    ranks: np.ndarray,
    q_owner: np.ndarray,
    q_stud: np.ndarray,
    n: int,
    n_owners: int,
) -> np.ndarray:
    """rank of (q_owner, q_stud) in the rankings given as parallel arrays, -1 where absent; q_stud ascending."""
    if len(owner) == 0 or len(q_owner) == 0:
        return np.full(len(q_owner), -1, dtype=np.int64)
    q = _owner_sorted(q_owner, q_stud, n_owners)
    r = _code_sorted(owner, studs, n, n_owners)
    return _join(q, r, ranks[r[0]], n, len(q_owner))


def _plain_ints(lists: list[list], lens: np.ndarray, total: int) -> np.ndarray | None:
    """The concatenated lists as int64 when every element is a plain int; None otherwise (a str, float, bool,
    tie group, numpy scalar or an int beyond 64 bits), so the caller takes the checked path.

    np.fromiter alone would accept "5", 5.0 and True; ``sum`` is a cheaper type check than collecting the type
    of 4 million elements (it fails on str and lists, turns float and numpy scalars into a non-int), and
    only the elements equal to 0 or 1 can be bools, so only those are looked at one by one."""
    try:
        if type(sum(map(sum, lists))) is not int:
            return None
        arr = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=total)
    except (TypeError, ValueError, OverflowError):
        return None
    small = np.flatnonzero(arr.view(np.uint64) <= 1)
    if small.size:
        ends = np.cumsum(lens)
        rows = np.searchsorted(ends, small, side="right")
        cols = small - (ends[rows] - lens[rows])
        if any(type(lists[r][c]) is bool for r, c in zip(rows.tolist(), cols.tolist(), strict=True)):
            return None
    return arr


class _Lookup:
    """Maps ids to indices: a dense table for integer ids (none at all when the ids are 0..n-1 in order), a
    dict otherwise."""

    def __init__(self, ids: list, index: dict):
        self.index = index
        self.table = None
        self.identity = False
        if ids and set(map(type, ids)) == {int}:
            try:
                arr = np.fromiter(ids, dtype=np.int64, count=len(ids))
            except OverflowError:
                return
            lo, hi = int(arr.min()), int(arr.max())
            if lo == 0 and hi == len(ids) - 1 and np.array_equal(arr, np.arange(len(ids), dtype=np.int64)):
                self.identity = True
            elif lo >= 0 and hi <= 8 * len(ids) + 1_000_000:
                self.table = np.full(hi + 2, -1, dtype=np.int64)
                self.table[arr] = np.arange(len(ids), dtype=np.int64)

    def map_flat(self, lists: list[list], lens: np.ndarray, total: int) -> np.ndarray | None:
        """Indices of every id in the concatenated lists, -1 for unknown ones; None when some entry is not a
        plain id (a tie group or a wrong type), so the caller takes the slow path."""
        if total == 0:
            return np.zeros(0, dtype=np.int64)
        if self.identity or self.table is not None:
            arr = _plain_ints(lists, lens, total)
            if arr is not None:
                if self.identity:
                    arr[arr.view(np.uint64) >= len(self.index)] = -1
                    return arr
                inside = (arr >= 0) & (arr < len(self.table) - 1)
                out = np.full(total, -1, dtype=np.int64)
                out[inside] = self.table[arr[inside]]
                return out
        types = set(map(type, chain.from_iterable(lists)))
        if types <= {int, str}:
            get = self.index.get
            return np.fromiter((get(x, -1) for x in chain.from_iterable(lists)), dtype=np.int64, count=total)
        return None


def _plain_lists(values: list) -> bool:
    return set(map(type, values)) <= {list}


def _flatten_student_prefs(errors, students, s_ids, p_lookup: _Lookup):
    """(lengths, flat position indices) with validation."""
    prefs_lists = [st.get("prefs", []) for st in students]
    if not _plain_lists(prefs_lists):
        for i, prefs in enumerate(prefs_lists):
            if not isinstance(prefs, list):
                errors.append(f"students[{i}] (id {_label(s_ids[i])}): prefs must be a list")
                prefs_lists[i] = []
    lens = np.fromiter(map(len, prefs_lists), dtype=np.int64, count=len(prefs_lists))
    total = int(lens.sum())
    pos = p_lookup.map_flat(prefs_lists, lens, total)
    if pos is not None and not (pos < 0).any():
        return lens, pos
    for i, prefs in enumerate(prefs_lists):
        for pid in prefs:
            if not _is_id(pid) or pid not in p_lookup.index:
                errors.append(f"students[{i}] (id {_label(s_ids[i])}): prefs names unknown position {_label(pid)}")
                if len(errors) >= MAX_ERRORS:
                    return lens, None
    return lens, pos


def _masked_keys(
    e_prank, e_stu, flat_pos, s_ptr, lens, J, fits, tickets, pos_ent, ent_given, g_owner, g_stud, g_rank, n, k
) -> np.ndarray:
    """Contract keys when some entries are unranked, an enterprise gave its own ranking or the composite key
    would overflow (e_prank is updated in place for the enterprises' rankings)."""
    L = len(e_prank)
    choice = np.arange(L, dtype=np.int64) - np.repeat(s_ptr[:-1], lens)
    e_key = np.full(L, -1, dtype=np.int64)
    given_entry = np.zeros(L, dtype=bool)
    if ent_given.any() and L:
        ent_of_entry = pos_ent[flat_pos]
        given_entry = (ent_of_entry >= 0) & ent_given[np.maximum(ent_of_entry, 0)]
        erank = _rank_lookup(
            np.asarray(g_owner, dtype=np.int64),
            np.asarray(g_stud, dtype=np.int64),
            np.asarray(g_rank, dtype=np.int64),
            ent_of_entry[given_entry],
            e_stu[given_entry],
            max(n, 1),
            k,
        )
        ok = (erank >= 0) & (e_prank[given_entry] >= 0)
        sub = np.full(int(given_entry.sum()), -1, dtype=np.int64)
        sub[ok] = erank[ok] * J + choice[given_entry][ok]
        e_key[given_entry] = sub
        # For the position-level order of such an enterprise's positions the enterprise's ranking is used.
        pr = np.full(len(sub), -1, dtype=np.int64)
        pr[ok] = erank[ok]
        e_prank[given_entry] = pr
    derived = ~given_entry & (e_prank >= 0)
    if fits:
        e_key[derived] = (e_prank[derived] * (n + 1) + tickets[e_stu[derived]]) * J + choice[derived]
    else:  # dense ranks when the composite would overflow
        idx = np.flatnonzero(derived)
        order = np.lexsort((choice[idx], tickets[e_stu[idx]], e_prank[idx]))
        dense = np.empty(len(idx), dtype=np.int64)
        dense[order] = np.arange(len(idx), dtype=np.int64)
        offset = int(e_key.max()) + 1 if L else 0
        e_key[idx] = dense + offset
    return e_key


def compile_instance(instance, seed: int = 0) -> Compiled:
    """Validate ``instance`` and turn it into arrays; raises InvalidInstance naming every bad item."""
    errors: list[str] = []
    if not isinstance(instance, dict):
        raise InvalidInstance(["the instance must be a JSON object with 'students' and 'positions'"])
    unknown_keys = set(instance) - {"students", "positions", "enterprises"}
    if unknown_keys:
        errors.append(f"unknown top-level key(s): {', '.join(sorted(map(str, unknown_keys)))}")
    students = instance.get("students")
    positions = instance.get("positions")
    enterprises = instance.get("enterprises")
    if students is None:
        errors.append("'students' is missing")
    if positions is None:
        errors.append("'positions' is missing")
    s_ids, s_index = _index_items(errors, students if students is not None else [], "students")
    p_ids, p_index = _index_items(errors, positions if positions is not None else [], "positions")
    e_ids, e_index = _index_items(errors, enterprises, "enterprises", required=False)
    has_enterprises = enterprises is not None
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])
    n, m, k = len(s_ids), len(p_ids), len(e_ids)

    # Capacities and enterprise links.
    pos_cap = np.zeros(m, dtype=np.int64)
    pos_ent = np.full(m, -1, dtype=np.int64)
    for j, pos in enumerate(positions):
        where = f"positions[{j}] (id {_label(p_ids[j])})"
        cap = pos.get("capacity")
        if "capacity" not in pos:
            errors.append(f"{where}: capacity is missing")
        else:
            _check_capacity(errors, where, cap, nullable=False)
            if isinstance(cap, int) and not isinstance(cap, bool) and cap >= 0:
                pos_cap[j] = cap
        ent = pos.get("enterprise")
        if has_enterprises and ent is not None:
            if not _is_id(ent) or ent not in e_index:
                errors.append(f"{where}: names unknown enterprise {_label(ent)}")
            else:
                pos_ent[j] = e_index[ent]
    ent_cap = np.full(k, -1, dtype=np.int64)
    for j, ent in enumerate(enterprises or []):
        where = f"enterprises[{j}] (id {_label(e_ids[j])})"
        cap = ent.get("capacity")
        _check_capacity(errors, where, cap, nullable=True)
        if isinstance(cap, int) and not isinstance(cap, bool) and cap >= 0:
            ent_cap[j] = cap
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])

    # Student preference lists.
    s_lookup = _Lookup(s_ids, s_index)
    p_lookup = _Lookup(p_ids, p_index)
    lens, flat_pos = _flatten_student_prefs(errors, students, s_ids, p_lookup)
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])
    s_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lens, out=s_ptr[1:])
    L = int(s_ptr[-1])
    e_stu = np.repeat(np.arange(n, dtype=np.int32 if n < 2**31 else np.int64), lens)
    # The student entries in (position, student) order: serves the duplicate check here and the join with the
    # positions' rankings below.
    q_sorted = _owner_sorted(flat_pos, e_stu, m)
    if _repeated_pairs(q_sorted[1], q_sorted[2]).size:
        # Reported in (student, position) order, first MAX_ERRORS of them.
        codes = np.sort(e_stu.astype(np.int64) * max(m, 1) + flat_pos)
        dup = np.flatnonzero(codes[1:] == codes[:-1])
        for d in dup[:MAX_ERRORS]:
            s, p = divmod(int(codes[d]), max(m, 1))
            errors.append(f"students[{s}] (id {_label(s_ids[s])}): position {_label(p_ids[p])} appears twice in prefs")
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])

    rng = np.random.default_rng(seed)
    tickets = np.empty(n, dtype=np.int64)
    tickets[rng.permutation(n)] = np.arange(n, dtype=np.int64)
    ties_broken = 0

    # Position rankings: fast path (flat lists of known ids), slow path per position otherwise.
    p_lists = [pos.get("prefs", []) for pos in positions]
    if not _plain_lists(p_lists):
        for j, prefs in enumerate(p_lists):
            if not isinstance(prefs, list):
                errors.append(f"positions[{j}] (id {_label(p_ids[j])}): prefs must be a list")
                p_lists[j] = []
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])
    p_lens = np.fromiter(map(len, p_lists), dtype=np.int64, count=m)
    p_total = int(p_lens.sum())
    r_stud = s_lookup.map_flat(p_lists, p_lens, p_total)
    if r_stud is not None and not (r_stud < 0).any():
        r_sorted = _code_sorted(None, r_stud, max(n, 1), m, counts=p_lens)
        for d in _repeated_pairs(r_sorted[1], p_lens)[:MAX_ERRORS].tolist():
            p, s = int(_owner_of_sorted(p_lens, d)), int(r_sorted[1][d])
            errors.append(f"positions[{p}] (id {_label(p_ids[p])}): student {_label(s_ids[s])} appears twice in prefs")
        # A ranking's entries are its list in order: the rank of a sorted entry is its place in its owner's list.
        r_ranks = r_sorted[0] - np.repeat(np.cumsum(p_lens) - p_lens, p_lens)
        pos_list_len = p_lens
    else:
        owners, studs_all, ranks_all = [], [], []
        pos_list_len = np.zeros(m, dtype=np.int64)
        for j, prefs in enumerate(p_lists):
            groups = _ranking_groups(errors, f"positions[{j}] (id {_label(p_ids[j])})", prefs, s_index)
            if len(errors) >= MAX_ERRORS:
                break
            if groups is None:
                continue
            studs, ranks, broken = _flat_ranks(groups, tickets)
            ties_broken += broken
            owners.extend([j] * len(studs))
            studs_all.extend(studs)
            ranks_all.extend(ranks)
            pos_list_len[j] = len(studs)
        r_sorted = _code_sorted(np.asarray(owners, dtype=np.int64), np.asarray(studs_all, dtype=np.int64), max(n, 1), m)
        r_ranks = np.asarray(ranks_all, dtype=np.int64)[r_sorted[0]]
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])
    e_prank = _join(q_sorted, r_sorted, r_ranks, max(n, 1), L)
    del q_sorted, r_sorted, r_ranks

    # Enterprise rankings given explicitly (optional).
    ent_given = np.zeros(k, dtype=bool)
    g_owner, g_stud, g_rank = [], [], []
    for j, ent in enumerate(enterprises or []):
        if "prefs" not in ent or ent.get("prefs") is None:
            continue
        groups = _ranking_groups(errors, f"enterprises[{j}] (id {_label(e_ids[j])})", ent["prefs"], s_index)
        if groups is None:
            continue
        ent_given[j] = True
        studs, ranks, broken = _flat_ranks(groups, tickets)
        ties_broken += broken
        g_owner.extend([j] * len(studs))
        g_stud.extend(studs)
        g_rank.extend(ranks)
    if errors:
        raise InvalidInstance(errors[:MAX_ERRORS])

    # Contract keys. j = index of the entry in the student's own list (breaks a student's own two contracts
    # with one enterprise in the student's favour, see docs/matching.md).
    J = int(lens.max()) + 1 if n else 1
    max_rank = int(pos_list_len.max()) if m else 0
    bound = (max_rank + 1) * (n + 1) * J
    fits = bound < 2**62 // max(m + 1, 1)
    if fits and not ent_given.any() and (L == 0 or e_prank.min() >= 0):
        # Every entry ranked and no enterprise ranking: (rank * (n + 1) + ticket) * J + choice without masks;
        # ticket * J + choice = (ticket * J - s_ptr[s]) + entry index.
        e_key = np.arange(L, dtype=np.int64)
        e_key += np.repeat(tickets * J - s_ptr[:-1], lens)
        e_key += e_prank * ((n + 1) * J)
    else:
        e_key = _masked_keys(
            e_prank, e_stu, flat_pos, s_ptr, lens, J, fits, tickets, pos_ent, ent_given, g_owner, g_stud, g_rank, n, k
        )
    # The lottery matters when an enterprise with a binding cap merges several positions' rankings (ties of
    # equal rank across positions) or when a ranking had tie groups.
    capped_multi = False
    if k:
        pos_count = np.bincount(pos_ent[pos_ent >= 0], minlength=k)
        capped_multi = bool(np.any((ent_cap >= 0) & (pos_count > 1) & ~ent_given))
    return Compiled(
        student_ids=s_ids,
        position_ids=p_ids,
        enterprise_ids=e_ids,
        s_ptr=s_ptr,
        e_pos=flat_pos.astype(np.int32) if L else np.zeros(0, dtype=np.int32),
        e_prank=e_prank,
        e_key=e_key,
        pos_cap=pos_cap,
        pos_ent=pos_ent,
        ent_cap=ent_cap,
        ent_given=ent_given,
        tickets=tickets,
        seed=seed,
        ties_broken=ties_broken,
        lottery_used=bool(ties_broken or capped_multi),
        position_list_len=pos_list_len,
    )
