"""Peer: the `matching` package (Python) solving the stable mode, candidate-proposing.

Usage: peer_matching.py INSTANCE OUT_JSON

Reads a kakehashi-placement/1 instance without couples, keeps acceptable pairs only (the
package wants every list reciprocated), solves resident-optimal, writes the assignments and
prints {"build_s", "solve_s", "placed"} as one JSON line.
"""

import json
import sys
import threading
import time

from matching.games import HospitalResident


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        inst = json.load(f)
    if inst.get("couples"):
        sys.exit("peer_matching: couples are not supported")
    t0 = time.perf_counter()
    cap = {o["id"]: o["capacity"] for o in inst["organisations"]}
    ranks = {o["id"]: set(o["prefs"]) for o in inst["organisations"]}
    residents = {}
    for c in inst["candidates"]:
        prefs = [o for o in c["prefs"] if cap[o] > 0 and c["id"] in ranks[o]]
        if prefs:
            residents[c["id"]] = prefs
    applied = {}
    for c, prefs in residents.items():
        for o in prefs:
            applied.setdefault(o, set()).add(c)
    hospitals = {
        o["id"]: [c for c in o["prefs"] if c in applied[o["id"]]]
        for o in inst["organisations"]
        if o["id"] in applied
    }
    capacities = {o: cap[o] for o in hospitals}
    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    t1 = time.perf_counter()
    solution = game.solve(optimal="resident")
    t2 = time.perf_counter()
    assignments = {}
    for hospital, matched in solution.items():
        for r in matched:
            assignments[r.name] = hospital.name
    with open(out, "w", encoding="utf-8") as f:
        json.dump(assignments, f)
    print(json.dumps({"build_s": t1 - t0, "solve_s": t2 - t1, "placed": len(assignments)}))


if __name__ == "__main__":
    # The package deep-copies its players, which reference each other: the recursion goes as
    # deep as the instance is large. Give it room, in a thread with a big stack.
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
