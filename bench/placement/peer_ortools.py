"""Peer: OR-Tools SimpleMinCostFlow solving the welfare mode.

Usage: peer_ortools.py INSTANCE

Network: source -> candidate (capacity 1) -> organisation (capacity 1, cost = the candidate's
rank of it, first choice 1) -> sink (capacity = seats), over acceptable pairs. Maximum flow with
minimum cost = most candidates placed, then lowest rank sum. Prints {"build_s", "solve_s",
"placed", "rank_sum"} as one JSON line.
"""

import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        inst = json.load(f)
    if inst.get("couples"):
        sys.exit("peer_ortools: couples are not supported")
    t0 = time.perf_counter()
    cands = inst["candidates"]
    orgs = inst["organisations"]
    n, m = len(cands), len(orgs)
    org_index = {o["id"]: j for j, o in enumerate(orgs)}
    listed = [set(o["prefs"]) for o in orgs]
    source, sink = 0, n + m + 1
    start, end, capacity, cost = [], [], [], []
    for i, c in enumerate(cands):
        start.append(source)
        end.append(1 + i)
        capacity.append(1)
        cost.append(0)
        for r, oid in enumerate(c["prefs"]):
            j = org_index[oid]
            if c["id"] in listed[j]:
                start.append(1 + i)
                end.append(1 + n + j)
                capacity.append(1)
                cost.append(r + 1)
    for j, o in enumerate(orgs):
        start.append(1 + n + j)
        end.append(sink)
        capacity.append(o["capacity"])
        cost.append(0)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.array(start, dtype=np.int32),
        np.array(end, dtype=np.int32),
        np.array(capacity, dtype=np.int64),
        np.array(cost, dtype=np.int64),
    )
    # Offer every candidate; the solver sends as much as fits (maximum flow) at minimum cost.
    smcf.set_node_supply(source, n)
    smcf.set_node_supply(sink, -n)
    t1 = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    t2 = time.perf_counter()
    if status != smcf.OPTIMAL:
        sys.exit(f"peer_ortools: status {status}")
    print(
        json.dumps(
            {
                "build_s": t1 - t0,
                "solve_s": t2 - t1,
                "placed": smcf.maximum_flow(),
                "rank_sum": smcf.optimal_cost(),
            }
        )
    )


if __name__ == "__main__":
    main()
