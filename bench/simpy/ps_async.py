"""The bench's async-quorum parameter server in SimPy 3, callback style (bench/sim-throughput.ts).

n workers, the server aggregates the first q gradients of each step (0.1 ms), workers compute
for `compute_ms` and skip to the newest model, exponential link delays of mean `mean_ms` drawn
from one random stream per link. Prints {"deliveries", "seconds", "timeMs"} as JSON.
usage: ps_async.py n q steps mean_ms compute_ms
"""
import json
import random
import sys
import time

import simpy


def run(n, q, steps, mean_ms, compute_ms):
    env = simpy.Environment()
    up = [random.Random(f"link/w{i}->server") for i in range(n)]
    down = [random.Random(f"link/server->w{i}") for i in range(n)]
    latest = [-1] * n
    busy = [False] * n
    st = {"step": 0, "count": 0, "aggregating": False, "deliveries": 0}
    done = env.event()

    def at(delay, fn):
        env.timeout(delay).callbacks.append(fn)

    def on_gradient(s):
        st["deliveries"] += 1
        if s != st["step"] or st["aggregating"]:
            return
        st["count"] += 1
        if st["count"] >= q:
            st["aggregating"] = True
            at(0.1, aggregated)

    def aggregated(_ev):
        st["step"] += 1
        st["count"] = 0
        st["aggregating"] = False
        if st["step"] >= steps:
            done.succeed()
        else:
            broadcast()

    def compute(i):
        busy[i] = True
        s = latest[i]

        def finished(_ev):
            busy[i] = False
            at(up[i].expovariate(1 / mean_ms), lambda _e: on_gradient(s))
            if latest[i] > s:
                compute(i)

        at(compute_ms, finished)

    def on_model(i, s):
        st["deliveries"] += 1
        if s <= latest[i]:
            return
        latest[i] = s
        if not busy[i]:
            compute(i)

    def broadcast():
        s = st["step"]
        for i in range(n):
            at(down[i].expovariate(1 / mean_ms), lambda _e, i=i: on_model(i, s))

    t0 = time.perf_counter()
    broadcast()
    env.run(until=done)
    return {"deliveries": st["deliveries"], "seconds": time.perf_counter() - t0, "timeMs": env.now}


if __name__ == "__main__":
    n, q, steps = (int(x) for x in sys.argv[1:4])
    mean_ms, compute_ms = (float(x) for x in sys.argv[4:6])
    print(json.dumps(run(n, q, steps, mean_ms, compute_ms)))
