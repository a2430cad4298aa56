"""The "maximise placed students" variant: min-cost max-flow (pure Python, no Django).

Network: source -> student (1 unit) -> position (1 unit per acceptable choice, cost = choice index 0..)
-> enterprise if it has a cap (position's places) -> sink (enterprise cap; uncapped positions go straight
to the sink with their places). A maximum flow of minimum cost places as many students as possible and,
among those, minimises the sum of choice ranks. This is NOT a stable matching.

Algorithm: primal-dual successive shortest paths. Each phase runs Dijkstra on reduced costs (potentials keep
them non-negative), then pushes a blocking flow (Dinic) through the zero-reduced-cost edges, so one phase
serves every augmenting path of the current shortest length.
"""

from __future__ import annotations

import heapq

import numpy as np

INF = float("inf")


class _Graph:
    __slots__ = ("n", "head", "to", "cap", "cost", "nxt")

    def __init__(self, n: int):
        self.n = n
        self.head = [-1] * n
        self.to: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []
        self.nxt: list[int] = []

    def add(self, u: int, v: int, cap: int, cost: int) -> int:
        e = len(self.to)
        self.to += (v, u)
        self.cap += (cap, 0)
        self.cost += (cost, -cost)
        self.nxt += (self.head[u], self.head[v])
        self.head[u] = e
        self.head[v] = e + 1
        return e


def _min_cost_max_flow(g: _Graph, s: int, t: int) -> tuple[int, int, int]:
    n = g.n
    to, cap, cost, nxt, head = g.to, g.cap, g.cost, g.nxt, g.head
    pi = [0] * n
    flow = total = phases = 0
    while True:
        # Dijkstra on reduced costs.
        dist = [INF] * n
        dist[s] = 0
        heap = [(0, s)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            pu = pi[u]
            e = head[u]
            while e != -1:
                if cap[e]:
                    v = to[e]
                    nd = d + cost[e] + pu - pi[v]
                    if nd < dist[v]:
                        dist[v] = nd
                        heapq.heappush(heap, (nd, v))
                e = nxt[e]
        dt = dist[t]
        if dt == INF:
            break
        phases += 1
        for v in range(n):
            dv = dist[v]
            pi[v] += dv if dv < dt else dt
        # Blocking flows on the admissible (zero reduced cost) subgraph.
        while True:
            level = [-1] * n
            level[s] = 0
            queue = [s]
            for u in queue:
                e = head[u]
                pu = pi[u]
                while e != -1:
                    v = to[e]
                    if cap[e] and level[v] < 0 and cost[e] + pu - pi[v] == 0:
                        level[v] = level[u] + 1
                        queue.append(v)
                    e = nxt[e]
            if level[t] < 0:
                break
            it = head[:]
            while True:
                # Find one augmenting path by iterative DFS with current-arc pointers.
                path: list[int] = []
                u = s
                while u != t:
                    e = it[u]
                    pu = pi[u]
                    lu = level[u] + 1
                    while e != -1:
                        v = to[e]
                        if cap[e] and level[v] == lu and cost[e] + pu - pi[v] == 0:
                            break
                        e = nxt[e]
                    it[u] = e
                    if e == -1:
                        if not path:
                            break
                        level[u] = -1  # dead end: prune it
                        back = path.pop()
                        u = to[back ^ 1]
                        it[u] = nxt[it[u]]
                        continue
                    path.append(e)
                    u = to[e]
                if u != t:
                    break
                push = min(cap[e] for e in path)
                for e in path:
                    cap[e] -= push
                    cap[e ^ 1] += push
                    total += push * cost[e]
                flow += push
    return flow, total, phases


def max_placement_arrays(c) -> tuple[np.ndarray, dict]:
    """held entry per student (into the compiled student CSR) and extra statistics."""
    n, m, k = c.n, c.m, c.k
    has = c.pos_ent >= 0
    capped_ent = np.zeros(k, dtype=bool)
    if k:
        places = np.bincount(c.pos_ent[has], weights=c.pos_cap[has], minlength=k).astype(np.int64)
        capped_ent = (c.ent_cap >= 0) & (c.ent_cap < places)
    ent_node = {}
    source = 0
    base_pos = 1 + n
    nxt_node = base_pos + m
    for e in np.flatnonzero(capped_ent).tolist():
        ent_node[e] = nxt_node
        nxt_node += 1
    sink = nxt_node
    g = _Graph(sink + 1)
    for e, node in ent_node.items():
        g.add(node, sink, int(c.ent_cap[e]), 0)
    pos_ent = c.pos_ent.tolist()
    for p, cap in enumerate(c.pos_cap.tolist()):
        if cap <= 0:
            continue
        target = ent_node.get(pos_ent[p], sink) if pos_ent[p] >= 0 else sink
        g.add(base_pos + p, target, cap, 0)
    s_ptr = c.s_ptr.tolist()
    e_key = c.e_key.tolist()
    e_pos = c.e_pos.tolist()
    entry_edges: list[tuple[int, int, int]] = []
    for s in range(n):
        start, stop = s_ptr[s], s_ptr[s + 1]
        acceptable = [e for e in range(start, stop) if e_key[e] >= 0]
        if not acceptable:
            continue
        g.add(source, 1 + s, 1, 0)
        # Added in reverse so the adjacency list is walked best choice first.
        for e in reversed(acceptable):
            edge = g.add(1 + s, base_pos + e_pos[e], 1, e - start)
            entry_edges.append((s, e, edge))
    flow, total, phases = _min_cost_max_flow(g, source, sink)
    held = np.full(n, -1, dtype=np.int64)
    for s, e, edge in entry_edges:
        if g.cap[edge] == 0:
            held[s] = e
    return held, {"flow_phases": phases, "total_choice_cost": total}
