"""Peer client: Twisted Agent + HTTPConnectionPool(persistent) + readBody, epoll reactor.

Contract: twisted_agent.py URL N CONC
  N GETs of URL, CONC in flight, pool size CONC, body read fully, status 200 and
  body length checked (against $EXPECT_LEN if set, else against the first body).
  Last stdout line: requests=N seconds=S rps=R  (S: first request -> last response).
  BENCH_CLOSE=1: a non-persistent pool (Connection: close, a new connection per request).
"""
import os
import sys
import time
import warnings

# readBody warns (DeprecationWarning) when the body already arrived before deliverBody; harmless.
warnings.filterwarnings("ignore", category=DeprecationWarning)

from twisted.internet import epollreactor

epollreactor.install()

from twisted.internet import reactor  # noqa: E402
from twisted.web.client import Agent, HTTPConnectionPool, readBody  # noqa: E402


def main():
    url = sys.argv[1].encode()
    n = int(sys.argv[2])
    conc = int(sys.argv[3])
    expect = int(os.environ["EXPECT_LEN"]) if os.environ.get("EXPECT_LEN") else None

    pool = HTTPConnectionPool(reactor, persistent=os.environ.get("BENCH_CLOSE") != "1")
    pool.maxPersistentPerHost = conc
    pool.cachedConnectionTimeout = 600
    pool.retryAutomatically = False
    agent = Agent(reactor, pool=pool)

    st = {"issued": 0, "done": 0, "live": 0, "err": None, "expect": expect, "t0": 0.0, "t1": 0.0}

    def finish():
        st["t1"] = time.perf_counter()
        d = pool.closeCachedConnections()
        d.addBoth(lambda _: reactor.stop())

    def on_response(resp):
        if resp.code != 200:
            raise RuntimeError("status %d" % resp.code)
        return readBody(resp)

    def on_body(body):
        ln = len(body)
        if st["expect"] is None:
            st["expect"] = ln
        elif ln != st["expect"]:
            raise RuntimeError("body length %d != %d" % (ln, st["expect"]))
        st["done"] += 1
        issue()

    def on_error(f):
        if st["err"] is None:
            st["err"] = f
        st["live"] -= 1
        if st["live"] == 0:
            finish()

    def issue():
        if st["issued"] >= n or st["err"] is not None:
            st["live"] -= 1
            if st["live"] == 0:
                finish()
            return
        st["issued"] += 1
        d = agent.request(b"GET", url)
        d.addCallback(on_response)
        d.addCallback(on_body)
        d.addErrback(on_error)

    def start():
        st["live"] = conc
        st["t0"] = time.perf_counter()
        for _ in range(conc):
            issue()

    reactor.callWhenRunning(start)
    reactor.run()

    if st["err"] is not None:
        sys.stderr.write("twisted: error after %d responses: %s\n" % (st["done"], st["err"].getTraceback()))
        sys.exit(1)
    if st["done"] != n:
        sys.stderr.write("twisted: only %d of %d responses\n" % (st["done"], n))
        sys.exit(1)
    secs = st["t1"] - st["t0"]
    print("requests=%d seconds=%.6f rps=%.1f" % (n, secs, n / secs))


if __name__ == "__main__":
    main()
