"""The SpawnBench workload in Python: start /bin/true N times and wait for each, CONC at a time, with
subprocess (CONC 1 only) and with Twisted's spawnProcess (processEnded).

Setup: python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install twisted
Run:   /tmp/bench-venv/bin/python Benchmarks/twisted/spawn_bench.py [N] [CONC] [subprocess|twisted]
"""
import subprocess
import sys
import time

args = sys.argv[1:]
TOTAL = int(args[0]) if len(args) > 0 else 2000
CONC = int(args[1]) if len(args) > 1 else 1
WHICH = args[2] if len(args) > 2 else "both"


def bench_subprocess():
    start = time.perf_counter()
    running = []
    done = 0
    started = 0
    while done < TOTAL:
        while len(running) < CONC and started < TOTAL:
            running.append(subprocess.Popen(["/bin/true"]))
            started += 1
        running.pop(0).wait()
        done += 1
    seconds = time.perf_counter() - start
    print(f"spawn /bin/true (python subprocess, {CONC} at a time): {TOTAL / seconds:.0f} spawns/s ({TOTAL} in {seconds:.3f} s)")


def bench_twisted():
    from twisted.internet import epollreactor

    epollreactor.install()
    from twisted.internet import reactor
    from twisted.internet.protocol import ProcessProtocol

    state = {"started": 0, "ended": 0, "failures": 0, "start": None}

    class Child(ProcessProtocol):
        def processEnded(self, reason):
            state["ended"] += 1
            if reason.value.exitCode != 0:
                state["failures"] += 1
            if state["ended"] == TOTAL:
                reactor.stop()
            else:
                start_one()

    def start_one():
        if state["started"] < TOTAL:
            state["started"] += 1
            reactor.spawnProcess(Child(), "/bin/true", ["true"], env={})

    def begin():
        state["start"] = time.perf_counter()
        for _ in range(CONC):
            start_one()

    reactor.callWhenRunning(begin)
    reactor.run()
    seconds = time.perf_counter() - state["start"]
    print(
        f"spawn /bin/true (twisted spawnProcess, {CONC} at a time): {TOTAL / seconds:.0f} spawns/s "
        f"({state['ended']} in {seconds:.3f} s, {state['failures']} failures)"
    )


if WHICH in ("both", "subprocess"):
    bench_subprocess()
if WHICH in ("both", "twisted"):
    bench_twisted()
