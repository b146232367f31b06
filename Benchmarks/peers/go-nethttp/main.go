// Peer client: Go net/http with a keep-alive Transport (MaxIdleConnsPerHost = MaxConnsPerHost = CONC)
// driven by CONC goroutines (GOMAXPROCS = all cores unless set).
//
// Contract: gonethttp URL N CONC  (see Benchmarks/README.md for the full contract).
// BENCH_CLOSE=1 turns keep-alive off (DisableKeepAlives: Connection: close, a new connection each time).
package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: gonethttp URL N CONC")
		os.Exit(2)
	}
	url := os.Args[1]
	n, _ := strconv.ParseInt(os.Args[2], 10, 64)
	conc, _ := strconv.Atoi(os.Args[3])
	expect := int64(-1)
	if s := os.Getenv("EXPECT_LEN"); s != "" {
		expect, _ = strconv.ParseInt(s, 10, 64)
	}

	tr := &http.Transport{
		Proxy:               nil,
		MaxIdleConns:        conc,
		MaxIdleConnsPerHost: conc,
		MaxConnsPerHost:     conc,
		DisableCompression:  true,
		IdleConnTimeout:     600 * time.Second,
		DisableKeepAlives:   os.Getenv("BENCH_CLOSE") == "1",
	}
	client := &http.Client{Transport: tr}

	var ticket, done int64
	var firstErr atomic.Value
	var refLen int64 = expect
	var refMu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})

	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer // reused per goroutine; body is read fully into it
			<-start
			for atomic.AddInt64(&ticket, 1) <= n {
				if firstErr.Load() != nil {
					return
				}
				resp, err := client.Get(url)
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					return
				}
				buf.Reset()
				if resp.ContentLength > 0 {
					buf.Grow(int(resp.ContentLength) + 512)
				}
				_, err = buf.ReadFrom(resp.Body)
				resp.Body.Close()
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					return
				}
				if resp.StatusCode != 200 {
					firstErr.CompareAndSwap(nil, fmt.Sprintf("status %d", resp.StatusCode))
					return
				}
				ln := int64(buf.Len())
				refMu.Lock()
				if refLen < 0 {
					refLen = ln
				}
				want := refLen
				refMu.Unlock()
				if ln != want {
					firstErr.CompareAndSwap(nil, fmt.Sprintf("body length %d != %d", ln, want))
					return
				}
				atomic.AddInt64(&done, 1)
			}
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	secs := time.Since(t0).Seconds()
	tr.CloseIdleConnections()

	if e := firstErr.Load(); e != nil || done != n {
		fmt.Fprintf(os.Stderr, "gonethttp: %d of %d ok; error: %v\n", done, n, e)
		os.Exit(1)
	}
	fmt.Printf("requests=%d seconds=%.6f rps=%.1f\n", n, secs, float64(n)/secs)
}
