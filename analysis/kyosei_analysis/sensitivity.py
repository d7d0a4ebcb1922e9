"""The design and the indices of `kyosei sensitivity`, with OpenTURNS (Debian's python3-openturns).

    /usr/bin/python3 -m kyosei_analysis.sensitivity design  < SPEC.json  > DESIGN.csv
    /usr/bin/python3 -m kyosei_analysis.sensitivity indices < STUDY.json > INDICES.csv

The binary runs the simulations; this module only draws the points and reduces the outcomes.

design: SPEC is {"method": "morris"|"sobol", "points": N, "seed": S, "parameters": [{"name",
"distribution": "uniform"|"loguniform"|"triangular"|"normal", "low", "high", "mode", "mean",
"sd"}]}. Every distribution is bounded by [low, high] (a normal is truncated there), so a
Morris level of 0 or 1 is the range's end. It prints CSV: `group` then one column per
parameter, one row per point.
  - morris: N trajectories of k + 1 points on a 4-level grid (Morris 1991; Campolongo,
    Cariboni and Saltelli 2007), each changing one parameter by two thirds of its range
    at a time, in an order drawn per trajectory; `group` is the trajectory. The levels are
    mapped through each parameter's quantile function. OpenTURNS 1.20 in Debian has no
    Morris module (otmorris is separate), so the trajectories are drawn here with
    OpenTURNS' random generator and distributions.
  - sobol: OpenTURNS' SobolIndicesExperiment, N × (k + 2) points (Saltelli's A, B and the k
    mixed blocks); `group` is the block.

indices: STUDY is {"method", "seed", "parameters": [{"name", ... as above}], "groups": [...],
"design": [[...], ...], "outcome": [...]} and it prints CSV, one row per parameter:
  - morris: parameter, mu_star, mu_star_low, mu_star_high, mu, sigma. An elementary effect
    is the outcome's change over the step, per unit of the parameter's range in quantile
    (so mu* reads as "the outcome's change across the whole range"); the 95% interval of
    mu* is a bootstrap over trajectories (1,000 resamples, OpenTURNS' BootstrapExperiment).
  - sobol: parameter, total, total_low, total_high, first, first_low, first_high:
    OpenTURNS' SaltelliSensitivityAlgorithm, its intervals by bootstrap.
"""
from __future__ import annotations

import csv
import json
import sys

import numpy as np
import openturns as ot

LEVELS = 4  # Morris grid levels: a step is LEVELS / (2 (LEVELS - 1)) = 2/3 of the range
BOOTSTRAP = 1000


def marginal(p: dict) -> ot.Distribution:
    low, high = float(p["low"]), float(p["high"])
    kind = p.get("distribution", "uniform")
    if kind == "uniform":
        return ot.Uniform(low, high)
    if kind == "loguniform":
        return ot.LogUniform(float(np.log(low)), float(np.log(high)))
    if kind == "triangular":
        return ot.Triangular(low, float(p["mode"]), high)
    if kind == "normal":
        return ot.TruncatedNormal(float(p["mean"]), float(p["sd"]), low, high)
    raise ValueError(f"{p['name']}: unknown distribution {kind}")


def morris_design(marginals: list[ot.Distribution], trajectories: int) -> tuple[list, np.ndarray]:
    k = len(marginals)
    step = LEVELS / (2 * (LEVELS - 1))
    groups, unit = [], []
    for t in range(trajectories):
        # a start on the grid's lower levels, so that each step +2/3 stays in [0, 1], then
        # steps down from the upper levels: both directions are drawn, as Morris's are
        start = np.array(ot.RandomGenerator.IntegerGenerate(k, LEVELS), dtype=float) / (LEVELS - 1)
        order = [int(i) for i in ot.KPermutationsDistribution(k, k).getRealization()]
        x = start.copy()
        groups.append(t)
        unit.append(x.copy())
        for i in order:
            x[i] = x[i] + step if x[i] + step <= 1 + 1e-12 else x[i] - step
            groups.append(t)
            unit.append(x.copy())
    return groups, np.array(unit)


def design(spec: dict) -> tuple[list, np.ndarray]:
    ot.RandomGenerator.SetSeed(int(spec["seed"]) % (2**31))
    marginals = [marginal(p) for p in spec["parameters"]]
    n = int(spec["points"])
    if spec["method"] == "morris":
        groups, unit = morris_design(marginals, n)
        values = np.array([[float(m.computeQuantile(min(max(u, 0.0), 1.0))[0])
                            for m, u in zip(marginals, row)] for row in unit])
        return groups, values
    sample = np.array(ot.SobolIndicesExperiment(ot.ComposedDistribution(marginals), n, False).generate())
    return [i // n for i in range(len(sample))], sample


def morris_indices(spec: dict) -> list[list]:
    marginals = [marginal(p) for p in spec["parameters"]]
    x = np.array(spec["design"], dtype=float)
    y = np.array(spec["outcome"], dtype=float)
    groups = np.array(spec["groups"])
    unit = np.array([[float(m.computeCDF(v)) for m, v in zip(marginals, row)] for row in x])
    k = x.shape[1]
    trajectories = sorted(set(groups.tolist()))
    effects = np.zeros((len(trajectories), k))  # [trajectory, parameter]
    for t_index, t in enumerate(trajectories):
        rows = np.flatnonzero(groups == t)
        for a, b in zip(rows[:-1], rows[1:]):
            moved = np.flatnonzero(np.abs(unit[b] - unit[a]) > 1e-12)
            if len(moved) != 1:
                raise ValueError(f"trajectory {t}: points {a} and {b} differ in {len(moved)} parameters")
            i = moved[0]
            effects[t_index, i] = (y[b] - y[a]) / (unit[b, i] - unit[a, i])
    mu_star = np.abs(effects).mean(axis=0)
    ot.RandomGenerator.SetSeed(int(spec["seed"]) % (2**31) + 1)
    boot = ot.BootstrapExperiment(ot.Sample(np.abs(effects)))
    resampled = np.array([np.array(boot.generate()).mean(axis=0) for _ in range(BOOTSTRAP)])
    low, high = np.quantile(resampled, [0.025, 0.975], axis=0)
    sigma = effects.std(axis=0, ddof=1) if len(trajectories) > 1 else np.zeros(k)
    return [[p["name"], mu_star[i], low[i], high[i], effects[:, i].mean(), sigma[i]]
            for i, p in enumerate(spec["parameters"])]


def sobol_indices(spec: dict) -> list[list]:
    x = ot.Sample(np.array(spec["design"], dtype=float))
    y = ot.Sample(np.array(spec["outcome"], dtype=float).reshape(-1, 1))
    k = x.getDimension()
    n = x.getSize() // (k + 2)
    ot.RandomGenerator.SetSeed(int(spec["seed"]) % (2**31) + 1)
    ot.ResourceMap.SetAsUnsignedInteger("SobolIndicesAlgorithm-DefaultBootstrapSize", BOOTSTRAP)
    algorithm = ot.SaltelliSensitivityAlgorithm(x, y, n)
    first, total = algorithm.getFirstOrderIndices(), algorithm.getTotalOrderIndices()
    first_ci = algorithm.getFirstOrderIndicesInterval()
    total_ci = algorithm.getTotalOrderIndicesInterval()
    rows = []
    for i, p in enumerate(spec["parameters"]):
        rows.append([p["name"], total[i], total_ci.getLowerBound()[i], total_ci.getUpperBound()[i],
                     first[i], first_ci.getLowerBound()[i], first_ci.getUpperBound()[i]])
    return rows


MORRIS_COLUMNS = ["parameter", "mu_star", "mu_star_low", "mu_star_high", "mu", "sigma"]
SOBOL_COLUMNS = ["parameter", "total", "total_low", "total_high", "first", "first_low", "first_high"]


def indices(spec: dict) -> tuple[list, list]:
    if spec["method"] == "morris":
        return MORRIS_COLUMNS, morris_indices(spec)
    if np.ptp(np.array(spec["outcome"], dtype=float)) == 0:
        # a constant outcome depends on nothing: every index is 0 (Saltelli's ratio is 0/0)
        return SOBOL_COLUMNS, [[p["name"], 0, 0, 0, 0, 0, 0] for p in spec["parameters"]]
    return SOBOL_COLUMNS, sobol_indices(spec)


def main(argv: list[str]) -> int:
    spec = json.load(sys.stdin)
    out = csv.writer(sys.stdout, lineterminator="\n")
    if argv[1:] == ["design"]:
        groups, values = design(spec)
        out.writerow(["group"] + [p["name"] for p in spec["parameters"]])
        for g, row in zip(groups, values):
            out.writerow([g] + [repr(float(v)) for v in row])
        return 0
    if argv[1:] == ["indices"]:
        columns, rows = indices(spec)
        out.writerow(columns)
        for row in rows:
            out.writerow([row[0]] + [repr(float(v)) for v in row[1:]])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
