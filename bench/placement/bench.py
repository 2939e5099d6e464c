"""Placement engine benchmark: our engine against its peers, side by side, on the same instances.

Run through run.sh (which prepares the virtual environment and builds the engine). Generates
instances with the engine's own generator, then for each size:

- our solve time (best of --repeat, from the engine's phase timings) and whole-process time and
  peak memory (`kakehashi place`, or the bench driver when the binary is not there);
- `matching` (stable, whole process and its own solve time) at B, and at C with --matching-at-c,
  checking that it finds the same candidate-optimal stable placement;
- OR-Tools SimpleMinCostFlow (welfare), checking that its optimum equals ours;
- the couples instances (5% of candidates in couples) in the stable mode.

Prints a Markdown report (also written to WORK/report.md) and exits non-zero if an optimum or
a stable placement disagrees with a peer.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

SIZES = {
    "B": dict(candidates=6000, organisations=1500, choices=10),
    "C": dict(candidates=40000, organisations=6000, choices=12),
}
SEED = 1
COUPLES_PERCENT = 5


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd, stdout_path=None):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS in MB, stdout, stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        out = open(stdout_path, "w") if stdout_path else subprocess.PIPE
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.perf_counter() - start
        if stdout_path:
            out.close()
        if proc.returncode != 0:
            sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
        rss_kb = int(tf.read().strip().splitlines()[-1])
        return wall, rss_kb / 1024, (proc.stdout or ""), proc.stderr


def best_of(n, cmd, stdout_path=None):
    """Best wall time of n runs; peak memory is the largest seen."""
    walls, rss, last = [], 0.0, None
    for _ in range(n):
        wall, mb, out, err = timed(cmd, stdout_path)
        walls.append(wall)
        rss = max(rss, mb)
        last = (out, err)
    return min(walls), rss, last


def machine():
    lscpu = sh(["lscpu"]).stdout
    model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), "?")
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({sh(['nproc']).stdout.strip()} available), {model}, {mem_kb / 1024 / 1024:.0f} GiB memory, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--kakehashi", default="")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--matching-at-c", action="store_true", help="also run `matching` at C (~8 min)")
    ap.add_argument("--sizes", default="B,C")
    args = ap.parse_args()
    work = args.work
    py = sys.executable
    here = os.path.dirname(os.path.abspath(__file__))

    # The real binary when it has the subcommand, else the bench driver (same library call).
    engine = [args.driver, "place"]
    engine_name = "placement_bench place (bench driver)"
    if args.kakehashi and os.access(args.kakehashi, os.X_OK):
        probe = subprocess.run([args.kakehashi, "place", "--help"], capture_output=True, text=True)
        if probe.returncode == 0:
            engine = [args.kakehashi, "place"]
            engine_name = "kakehashi place"

    def generate(name, size, couples):
        path = os.path.join(work, f"{name}.json")
        flags = [f"--{k}" for k in ("candidates", "organisations", "choices")]
        cmd = [args.driver, "generate"]
        for flag, key in zip(flags, ("candidates", "organisations", "choices")):
            cmd += [flag, str(size[key])]
        cmd += ["--couples-percent", str(couples), "--seed", str(SEED), "-o", path]
        sh(cmd)
        return path

    def ours(path, mode, tag):
        out = os.path.join(work, f"{tag}.{mode}.result.json")
        # Solve-phase timings: best of --repeat inside one process (the driver).
        _, _, _, err = timed([args.driver, "place", "--mode", mode, "--repeat", str(args.repeat), path, "-o", out])
        phases = json.loads(err.strip().splitlines()[-1])
        wall, rss, _ = best_of(args.repeat, engine + ["--mode", mode, path, "-o", out])
        with open(out, encoding="utf-8") as f:
            result = json.load(f)
        return dict(solve_s=phases["solve_ms"] / 1000, phases=phases, whole_s=wall, rss_mb=rss, result=result)

    rows = {}
    failures = []
    for size_name in args.sizes.split(","):
        size = SIZES[size_name]
        path = generate(size_name, size, 0)
        cpath = generate(f"{size_name}{COUPLES_PERCENT}", size, COUPLES_PERCENT)
        r = rows[size_name] = {}
        for mode in ("stable", "welfare", "rank-maximal"):
            r[mode] = ours(path, mode, size_name)
        r["couples"] = ours(cpath, "stable", f"{size_name}{COUPLES_PERCENT}")
        # OR-Tools (welfare).
        wall, rss, (out, _) = best_of(min(args.repeat, 3), [py, os.path.join(here, "peer_ortools.py"), path])
        peer = json.loads(out.strip().splitlines()[-1])
        r["ortools"] = dict(whole_s=wall, rss_mb=rss, solve_s=peer["solve_s"], placed=peer["placed"], rank_sum=peer["rank_sum"])
        summary = r["welfare"]["result"]["summary"]
        same = (summary["placed"], summary["rank_sum"]) == (peer["placed"], peer["rank_sum"])
        r["ortools"]["same_optimum"] = same
        if not same:
            failures.append(f"{size_name}: OR-Tools optimum {peer['placed']}/{peer['rank_sum']} != ours {summary['placed']}/{summary['rank_sum']}")
        # matching (stable).
        if size_name != "C" or args.matching_at_c:
            mout = os.path.join(work, f"{size_name}.matching.json")
            wall, rss, out, _ = timed([py, os.path.join(here, "peer_matching.py"), path, mout])
            peer = json.loads(out.strip().splitlines()[-1])
            with open(mout, encoding="utf-8") as f:
                theirs = json.load(f)
            mine = {a["candidate"]: a["organisation"] for a in r["stable"]["result"]["assignments"]}
            same = theirs == mine
            r["matching"] = dict(whole_s=wall, rss_mb=rss, solve_s=peer["solve_s"], build_s=peer["build_s"], same_placement=same)
            if not same:
                failures.append(f"{size_name}: matching's stable placement differs from ours")

    lines = []
    p = lines.append
    p(f"Machine: {machine()}")
    p(f"Engine whole-process command: `{' '.join(os.path.basename(x) for x in engine)} --mode MODE INSTANCE -o RESULT`")
    p(f"Instances: generator seed {SEED}; B = 6,000 candidates / 1,500 organisations / 10 choices, C = 40,000 / 6,000 / 12; B{COUPLES_PERCENT}, C{COUPLES_PERCENT}: the same with {COUPLES_PERCENT}% of candidates in couples.")
    p(f"Times are the best of {args.repeat} runs (peers: 3; `matching`: 1); memory is peak RSS.")
    p("")
    p("| size | what | solve | whole process | peak RSS | result |")
    p("| --- | --- | ---: | ---: | ---: | --- |")
    def fmt_s(s):
        return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"
    for size_name, r in rows.items():
        for mode in ("stable", "welfare", "rank-maximal", "couples"):
            x = r[mode]
            s = x["result"]["summary"]
            label = f"ours, {mode}" if mode != "couples" else f"ours, stable, {COUPLES_PERCENT}% couples"
            extra = f"placed {s['placed']}, rank sum {s['rank_sum']}"
            if mode == "couples":
                extra += f", stable: {x['result']['stable']}, rounds {s['stable_search']['rounds']}"
            p(f"| {size_name} | {label} | {fmt_s(x['solve_s'])} | {fmt_s(x['whole_s'])} | {x['rss_mb']:.1f} MB | {extra} |")
        o = r["ortools"]
        p(f"| {size_name} | OR-Tools SimpleMinCostFlow, welfare | {fmt_s(o['solve_s'])} | {fmt_s(o['whole_s'])} | {o['rss_mb']:.1f} MB | placed {o['placed']}, rank sum {o['rank_sum']}; same optimum: {o['same_optimum']} |")
        if "matching" in r:
            mt = r["matching"]
            p(f"| {size_name} | `matching`, stable | {fmt_s(mt['solve_s'])} (+{fmt_s(mt['build_s'])} building the game) | {fmt_s(mt['whole_s'])} | {mt['rss_mb']:.1f} MB | same placement: {mt['same_placement']} |")
    p("")
    p("| size | target | measured | met |")
    p("| --- | --- | --- | --- |")
    for size_name, r in rows.items():
        st, we, rm, co, o = r["stable"], r["welfare"], r["rank-maximal"], r["couples"], r["ortools"]
        if size_name == "C":
            p(f"| C | stable solve <= 10 ms | {st['solve_s'] * 1000:.2f} ms | {st['solve_s'] <= 0.010} |")
            p(f"| C | stable peak memory <= 50 MB | {st['rss_mb']:.1f} MB | {st['rss_mb'] <= 50} |")
        if "matching" in r:
            ratio = r["matching"]["whole_s"] / st["whole_s"]
            p(f"| {size_name} | stable whole process vs `matching` (>= 1,000x at C) | {ratio:,.0f}x faster | {ratio >= 1000 if size_name == 'C' else 'n/a at B'} |")
        ratio = we["solve_s"] / o["solve_s"]
        p(f"| {size_name} | welfare solve <= 1/2 OR-Tools | {ratio:.3f} of OR-Tools ({1 / ratio:.1f}x faster) | {ratio <= 0.5} |")
        ratio = we["whole_s"] / o["whole_s"]
        p(f"| {size_name} | welfare whole process <= 1/2 OR-Tools | {ratio:.3f} of OR-Tools | {ratio <= 0.5} |")
        p(f"| {size_name} | welfare memory <= OR-Tools | {we['rss_mb']:.1f} MB vs {o['rss_mb']:.1f} MB | {we['rss_mb'] <= o['rss_mb']} |")
        p(f"| {size_name} | welfare optimum = OR-Tools | {o['same_optimum']} | {o['same_optimum']} |")
        ratio = rm["solve_s"] / we["solve_s"]
        p(f"| {size_name} | rank-maximal solve <= 2x welfare | {ratio:.2f}x | {ratio <= 2} |")
        ratio = rm["whole_s"] / we["whole_s"]
        p(f"| {size_name} | rank-maximal whole process <= 2x welfare | {ratio:.2f}x | {ratio <= 2} |")
        ratio = co["solve_s"] / st["solve_s"]
        p(f"| {size_name} | couples ({COUPLES_PERCENT}%) stable solve <= 10x singles | {ratio:.2f}x, stable: {co['result']['stable']} | {ratio <= 10} |")
        ratio = co["whole_s"] / st["whole_s"]
        p(f"| {size_name} | couples ({COUPLES_PERCENT}%) whole process <= 10x singles | {ratio:.2f}x | {ratio <= 10} |")
    p("")
    p("Our phase timings (best of runs, ms):")
    p("")
    p("| size | mode | parse | validate | solve | check | write |")
    p("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for size_name, r in rows.items():
        for mode in ("stable", "welfare", "rank-maximal", "couples"):
            ph = r[mode]["phases"]
            p(f"| {size_name} | {mode} | {ph['parse_ms']:.1f} | {ph['validate_ms']:.1f} | {ph['solve_ms']:.2f} | {ph['check_ms']:.1f} | {ph['write_ms']:.1f} |")
    if failures:
        p("")
        p("FAILURES: " + "; ".join(failures))
    report = "\n".join(lines)
    print(report)
    with open(os.path.join(work, "report.md"), "w", encoding="utf-8") as f:
        f.write(report + "\n")
    for r in rows.values():
        for x in r.values():
            x.pop("result", None)
    with open(os.path.join(work, "report.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
