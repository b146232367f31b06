#!/usr/bin/env python3
"""Benchmarks/run.sh's runs.csv -> markdown tables.

usage: summarize.py runs.csv [more runs.csv ...]   (several files are pooled)

Per workload: median requests/s with min-max, Torsion's rps divided by each client's, the client's
user+system CPU per request in µs (= ms per 1,000 requests; "net" subtracts the one-request startup
probe), peak RSS, the server's CPU per request (nginx worker, or torsion-bench-server in W5) and how
busy the whole machine was (200 % = both cores). Then Torsion's ratios to each peer across workloads.
"""
import csv
import statistics
import sys
from collections import OrderedDict

TORSION = "torsion"
WORKLOADS = {
    "W1": "sequential GETs of /1k over one keep-alive connection",
    "W2": "GETs of /1k, 32 in flight over a pool of 32",
    "W3": "GETs of /1m, 4 in flight",
    "W4": "connection churn: GETs of /1k with Connection: close, 8 in flight",
    "W5": "W2 against the embedded Torsion server (torsion-bench-server) instead of nginx",
    "T1": "W1 over TLS (https, one handshake, then reuse)",
    "T2": "W2 over TLS (https, a pool of 32 reused connections)",
    "T3": "W3 over TLS",
    "T4": "W4 over TLS: a new connection and a full handshake per request, so rps = handshakes/s",
}

rows = [r for path in sys.argv[1:] for r in csv.DictReader(open(path))]
ok = [r for r in rows if r["rc"] == "0" and r["rps"]]
bad = [r for r in rows if r["rc"] != "0" or not r["rps"]]


def num(r, k):
    return float(r[k]) if r.get(k) not in ("", None) else 0.0


def cpu_s(r):
    return num(r, "user_s") + num(r, "sys_s")


startup = {r["client"]: cpu_s(r) for r in ok if r["workload"] == "P0"}
groups = OrderedDict()
for r in ok:
    if r["workload"] != "P0":
        groups.setdefault(r["workload"], OrderedDict()).setdefault(r["client"], []).append(r)

med = statistics.median
stats = {}  # (workload, client) -> dict
for wl, clients in groups.items():
    for c, rs in clients.items():
        reqs = [max(num(r, "requests"), 1) for r in rs]
        stats[(wl, c)] = {
            "n": len(rs),
            "rps": med([num(r, "rps") for r in rs]),
            "min": min(num(r, "rps") for r in rs),
            "max": max(num(r, "rps") for r in rs),
            "cpu": med([cpu_s(r) / q * 1e6 for r, q in zip(rs, reqs)]),
            "net": med([max(cpu_s(r) - startup.get(c, 0.0), 0) / q * 1e6 for r, q in zip(rs, reqs)]),
            "rss": med([num(r, "maxrss_kb") / 1024 for r in rs]),
            "server": med([num(r, "server_cpu_s") / q * 1e6 for r, q in zip(rs, reqs)]),
            "busy": med([num(r, "machine_busy_pct") for r in rs]),
            "url": rs[0]["url"], "conc": rs[0]["conc"], "N": rs[0]["n"],
        }

out = []
for wl, clients in groups.items():
    any_c = next(iter(clients))
    s0 = stats[(wl, any_c)]
    n = next((stats[(wl, c)]["N"] for c in clients if c != "wrk"), s0["N"])
    out.append("### %s: %s (N=%s, CONC=%s, %s)" % (wl, WORKLOADS.get(wl, ""), n, s0["conc"], s0["url"]))
    out.append("")
    out.append("| client | runs | median rps | min-max rps | Torsion ÷ client | CPU µs/req (net) | peak RSS MB | server µs/req | busy % |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    t = stats.get((wl, TORSION))
    for c in sorted(clients, key=lambda c: -stats[(wl, c)]["rps"]):
        s = stats[(wl, c)]
        ratio = "%.2f" % (t["rps"] / s["rps"]) if t and s["rps"] else "-"
        out.append("| %s | %d | %.0f | %.0f-%.0f | %s | %.1f (%.1f) | %.0f | %.1f | %.0f |" % (
            c, s["n"], s["rps"], s["min"], s["max"], ratio, s["cpu"], s["net"], s["rss"], s["server"], s["busy"]))
    out.append("")

peers = []
for wl in groups:
    for c in groups[wl]:
        if c != TORSION and c not in peers:
            peers.append(c)
if any((wl, TORSION) in stats for wl in groups) and peers:
    wls = [wl for wl in groups if (wl, TORSION) in stats]
    out.append("### Torsion's ratio to each peer: median rps (Torsion ÷ peer) / client CPU per request (peer ÷ Torsion)")
    out.append("")
    out.append("| peer | " + " | ".join(wls) + " |")
    out.append("|---|" + "---|" * len(wls))
    for c in peers:
        cells = []
        for wl in wls:
            t, s = stats[(wl, TORSION)], stats.get((wl, c))
            cells.append("%.2f / %.2f" % (t["rps"] / s["rps"], s["net"] / t["net"] if t["net"] else 0) if s else "-")
        out.append("| %s | %s |" % (c, " | ".join(cells)))
    out.append("")
    out.append("Ratios above 1 favour Torsion in both halves. wrk is duration-based (WRK_DURATION) and does not read bodies into memory.")
    out.append("")
if startup:
    out.append("Startup probe (CPU of one request, subtracted in 'net'): " + ", ".join(
        "%s %.2f s" % (c, s) for c, s in startup.items()))
if bad:
    out.append("")
    out.append("FAILED runs: " + ", ".join("%s/%s/#%s rc=%s" % (r["client"], r["workload"], r["rep"], r["rc"]) for r in bad))
print("\n".join(out))
