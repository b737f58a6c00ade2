"""ByzFL's aggregation rules as its torch code computes them, timed on bench/gars's inputs.

Written for byzsim's bench (not ByzFL's code): each rule below performs the same torch
operations as ByzFL's torch path (byzfl/aggregators, LPD-EPFL/byzfl 69bd1ac): torch.mean,
torch.quantile for the median, torch.sort for the trimmed mean, torch.cdist for Krum / MDA /
NNM, torch.topk for its argpartition, the smoothed Weiszfeld and Centered Clipping loops, one
power-method step per subset for SMEA, per-row clipping. ByzFL's server hands its rules a list of
gradient tensors, which they torch.stack first; the bench times that ("list") and the same rule on
an already stacked tensor ("tensor"). One thread (torch.set_num_threads(1)), float32.

Usage: /usr/bin/python3 bench/byzfl/gars.py --file X.f32 --n N --d D --rules krum:5,average:0
       [--budget-ms 1500] [--heavy smea,mda,nnm]
Prints one JSON object per rule: {"rule", "f", "list_ms", "tensor_ms"} (fastest repetition after
one warm-up; heavy rules: one timed call).
"""
import argparse
import itertools
import json
import sys
import time

import numpy as np
import torch


def average(x, f):
    return torch.mean(x, dim=0)


def median(x, f):
    return torch.quantile(x, q=0.5, dim=0)


def trimmed_mean(x, f):
    if f == 0:
        return torch.mean(x, dim=0)
    return torch.mean(torch.sort(x, dim=0)[0][f:-f], dim=0)


def geometric_median(x, f, nu=0.1, T=3):
    z = torch.zeros_like(x[0])
    kept = x[~torch.any(torch.isinf(x), dim=1)]
    alpha = 1 / len(x)
    for _ in range(T):
        betas = torch.linalg.norm(kept - z, dim=1)
        betas[betas < nu] = nu
        betas = (alpha / betas)[:, None]
        z = torch.sum(kept * betas, dim=0) / torch.sum(betas)
    return z


def krum_scores(x, f):
    n = len(x)
    dist = torch.cdist(x, x) ** 2
    return torch.mean(torch.sort(dist, dim=1)[0][:, 1:n - f], dim=1)


def krum(x, f):
    return x[torch.argmin(krum_scores(x, f))]


def multi_krum(x, f):
    k = len(x) - f
    idx = torch.topk(krum_scores(x, f), k, largest=False)[1][:k]
    return torch.mean(x[idx], dim=0)


def centered_clip(x, f, tau=100.0, L=1):
    v = torch.zeros_like(x[0])
    for _ in range(L):
        diff = x - v
        c = torch.minimum(torch.ones(len(x)), tau / torch.linalg.norm(diff, dim=1))
        v = v + torch.mean(diff * c.reshape(-1, 1), dim=0)
    return v


def mda(x, f):
    n = len(x)
    dist = torch.cdist(x, x)
    best, best_subset = float("inf"), None
    for subset in itertools.combinations(range(n), n - f):
        pairs = list(itertools.combinations(subset, 2))
        diameter = torch.max(dist[tuple(zip(*pairs))])
        if diameter < best:
            best, best_subset = diameter, subset
    return torch.mean(x[torch.as_tensor(best_subset)], dim=0)


def meamed(x, f):
    n, d = x.shape
    k = n - f
    med = torch.quantile(x, q=0.5, dim=0)
    idx = torch.topk(torch.abs(x - med), k, largest=False, dim=0)[1][:k]
    return torch.mean(x.take(idx * d + torch.arange(d)), dim=0)


def smea(x, f):
    n, d = x.shape
    best, best_subset = float("inf"), None
    for subset in itertools.combinations(range(n), n - f):
        sub = x[torch.as_tensor(subset)]
        diffs = sub - torch.mean(sub, dim=0)
        v = torch.randn(d)
        v = v / torch.linalg.norm(v)
        ws = torch.sum(diffs * torch.matmul(diffs, v)[:, None], dim=0)
        eig = torch.matmul((ws / torch.linalg.norm(ws)).double(), ws.double())
        if eig < best:
            best, best_subset = eig, subset
    return torch.mean(x[torch.as_tensor(best_subset)], dim=0)


def nnm(x, f):
    k = len(x) - f
    idx = torch.topk(torch.cdist(x, x), k, largest=False, dim=1)[1][:, :k]
    return torch.mean(x[idx], dim=1)


def bucketing(x, f, s=2):
    n, d = x.shape
    x = x[torch.randperm(n)]
    full = n // s
    out = torch.mean(torch.reshape(x[: full * s], (full, s, d)), dim=1)
    if full * s != n:
        out = torch.cat((out, torch.mean(x[full * s:], dim=0).reshape(1, -1)), dim=0)
    return out


def clip_rows(rows, c=2.0):
    out = list(rows)
    for i, v in enumerate(out):
        norm = torch.linalg.norm(v)
        if norm > c:
            out[i] = torch.mul(v, c / norm)
    return out


def arc(x, f):
    n = len(x)
    mags = sorted(((torch.linalg.norm(v), i) for i, v in enumerate(x)), key=lambda t: t[0])
    clipped = int((2 * f / n) * (n - f))
    cut = n - clipped
    threshold = mags[cut - 1][0]
    for _, i in mags[cut:]:
        norm = torch.linalg.norm(x[i])
        if norm > threshold:
            x[i] = torch.mul(x[i], threshold / norm)
    return x


RULES = {
    "average": average, "median": median, "trimmed-mean": trimmed_mean, "geometric-median": geometric_median,
    "krum": krum, "multi-krum": multi_krum, "centered-clip": centered_clip, "mda": mda, "meamed": meamed,
    "smea": smea, "nnm": nnm, "bucketing": bucketing, "arc": arc,
}


def timed(fn, budget_ms, heavy):
    if heavy:
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1e3
    fn()
    samples, start = [], time.perf_counter()
    while len(samples) < 7 and (len(samples) < 2 or (time.perf_counter() - start) * 1e3 < budget_ms):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e3)
    return min(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--budget-ms", type=float, default=1500)
    ap.add_argument("--heavy", default="")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    stacked = torch.from_numpy(np.fromfile(a.file, dtype="<f4").reshape(a.n, a.d).copy())
    rows = [stacked[i].clone() for i in range(a.n)]
    heavy = set(filter(None, a.heavy.split(",")))
    for spec in a.rules.split(","):
        name, f = spec.split(":")
        f = int(f)
        if name == "clip":
            as_list = lambda: clip_rows(rows)
            as_tensor = lambda: clip_rows(list(stacked))
        elif name == "arc":
            as_list = lambda: arc(torch.stack(rows).float(), f)
            as_tensor = lambda: arc(stacked.clone(), f)
        else:
            rule = RULES[name]
            as_list = lambda: rule(torch.stack(rows).float(), f)
            as_tensor = lambda: rule(stacked, f)
        hv = name in heavy
        out = {"rule": name, "f": f, "list_ms": timed(as_list, a.budget_ms, hv), "tensor_ms": timed(as_tensor, a.budget_ms, hv)}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
