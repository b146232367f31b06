"""Peer client: urllib3 HTTPConnectionPool(maxsize=CONC, block=True) driven by CONC threads.

Contract: urllib3_threads.py URL N CONC   (see twisted_agent.py for the full contract)
BENCH_CLOSE=1: every request carries Connection: close (the pool opens a new connection each time).
"""
import itertools
import os
import sys
import threading
import time

import urllib3


def main():
    url = sys.argv[1]
    n = int(sys.argv[2])
    conc = int(sys.argv[3])
    expect = int(os.environ["EXPECT_LEN"]) if os.environ.get("EXPECT_LEN") else None

    pool = urllib3.connection_from_url(url, maxsize=conc, block=True, retries=False)
    path = urllib3.util.parse_url(url).request_uri
    headers = {"Connection": "close"} if os.environ.get("BENCH_CLOSE") == "1" else None
    ticket = itertools.count()  # next() is atomic under the GIL
    done = [0] * conc
    errors = []
    ref = {"len": expect}
    go = threading.Event()

    def worker(i):
        go.wait()
        try:
            while next(ticket) < n:
                r = pool.request("GET", path, headers=headers, preload_content=True, retries=False)
                if r.status != 200:
                    raise RuntimeError("status %d" % r.status)
                ln = len(r.data)
                if ref["len"] is None:
                    ref["len"] = ln
                elif ln != ref["len"]:
                    raise RuntimeError("body length %d != %d" % (ln, ref["len"]))
                done[i] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(conc)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    t1 = time.perf_counter()
    pool.close()

    total = sum(done)
    if errors or total != n:
        sys.stderr.write("urllib3: %d of %d ok; errors: %s\n" % (total, n, errors[:3]))
        sys.exit(1)
    secs = t1 - t0
    print("requests=%d seconds=%.6f rps=%.1f" % (n, secs, n / secs))


if __name__ == "__main__":
    main()
