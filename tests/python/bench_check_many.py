"""Benchmark (not a timed test) of kubeletlint.check_many on 1 and on 2 workers.

    python tests/python/bench_check_many.py [N]

Checks N synthetic /configz payloads (a fleet's worth) and prints payloads per second for each
worker count, plus the speed-up. tests/python/test_bench.py runs it at a small N as a smoke test.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Dict, List


def payloads(n: int) -> List[str]:
    out = []
    for i in range(n):
        cfg = {
            "enableServer": True,
            "address": "0.0.0.0",
            "port": 10250,
            "authentication": {
                "x509": {"clientCAFile": f"/etc/kubernetes/pki/ca-{i % 97}.crt"} if i % 10 else {},
                "webhook": {"enabled": True, "cacheTTL": "2m0s"},
                "anonymous": {"enabled": False},
            },
            "authorization": {"mode": "Webhook"},
            "clusterDNS": ["10.96.0.10"],
            "maxPods": 110,
            "evictionHard": {"memory.available": "100Mi", "nodefs.available": "10%"},
        }
        out.append(json.dumps({"kubeletconfig": cfg}))
    return out


def run(n: int = 5000, worker_counts=(1, 2)) -> Dict[int, float]:
    import kubeletlint

    data = payloads(n)
    rates: Dict[int, float] = {}
    reference = None
    for w in worker_counts:
        t0 = time.perf_counter()
        verdicts = [r.verdict.value if isinstance(r, kubeletlint.Report) else "error" for r in kubeletlint.check_many(data, workers=w)]
        dt = time.perf_counter() - t0
        rates[w] = n / dt if dt > 0 else float("inf")
        if reference is None:
            reference = verdicts
        assert verdicts == reference, "results differ between worker counts"
        print(f"check_many: {n} payloads, workers={w}: {dt:.3f} s, {rates[w]:,.0f} payloads/s")
    if 1 in rates and 2 in rates:
        print(f"speed-up 2 vs 1 worker: {rates[2] / rates[1]:.2f}x")
    return rates


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
