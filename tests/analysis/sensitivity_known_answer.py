"""Known answers for kyosei_analysis.sensitivity: y = 4 x1 + x3^2 + 0 x2 on [0, 1]^3 (plus a
wide-ranged x4 that the outcome ignores). Morris's mu* of x1 is 4 exactly (a linear effect,
per unit range); the ignored parameters get mu* 0 with an interval holding 0, and x1 ranks
first. Saltelli's indices: x1 first, the ignored ones' intervals hold 0."""
import sys

import numpy as np

from kyosei_analysis import sensitivity as s

PARAMETERS = [
    {"name": "x1", "distribution": "uniform", "low": 0, "high": 1},
    {"name": "x2", "distribution": "uniform", "low": 0, "high": 1},
    {"name": "x3", "distribution": "triangular", "low": 0, "mode": 0.5, "high": 1},
    {"name": "x4", "distribution": "loguniform", "low": 10, "high": 1000},
]


def model(x):
    return 4 * x[:, 0] + x[:, 2] ** 2


def study(method, points):
    spec = {"method": method, "points": points, "seed": 7, "parameters": PARAMETERS}
    groups, x = s.design(spec)
    assert np.all(x.min(axis=0) >= np.array([0, 0, 0, 10]) - 1e-9)
    assert np.all(x.max(axis=0) <= np.array([1, 1, 1, 1000]) * (1 + 1e-9))
    spec.update(design=x.tolist(), groups=groups, outcome=model(x).tolist())
    columns, rows = s.indices(spec)
    return {r[0]: dict(zip(columns[1:], r[1:])) for r in rows}


failures = []
def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


m = study("morris", 10)
check("morris: mu* of the linear parameter is its slope", abs(m["x1"]["mu_star"] - 4) < 1e-9)
check("morris: it ranks first", max(m, key=lambda n: m[n]["mu_star"]) == "x1")
for name in ("x2", "x4"):
    check(f"morris: {name} is ignored: mu* 0, interval holds 0",
          m[name]["mu_star"] == 0 and m[name]["mu_star_low"] <= 0 <= m[name]["mu_star_high"])
check("morris: the nonlinear x3 has spread (sigma > 0)", m["x3"]["sigma"] > 0)
check("morris: the linear x1 has none", m["x1"]["sigma"] < 1e-9)

t = study("sobol", 2000)
check("sobol: x1 ranks first by total index", max(t, key=lambda n: t[n]["total"]) == "x1")
# Var(4 x1) = 16/12; x3 triangular: Var(x3^2) small; S1(x1) close to 1
check("sobol: S1 of x1 is near its analytic value", abs(t["x1"]["first"] - 0.99) < 0.05)
for name in ("x2", "x4"):
    check(f"sobol: {name}'s total-index interval holds 0",
          t[name]["total_low"] <= 0 <= t[name]["total_high"] or abs(t[name]["total"]) < 1e-12)
check("sobol: x1's interval excludes 0", t["x1"]["total_low"] > 0)
sys.exit(1 if failures else 0)
