"""Fit model parameters to published figures with Optuna, driving the kyosei binary.

    PYTHONPATH=analysis /usr/bin/python3 -m kyosei_analysis.calibrate calibration/baseline.yaml

The spec (YAML) names the scenario, the `--set` settings every trial shares, Optuna's seed and
number of trials, the parameters with their search ranges, and the `kyosei check` figures to
fit with their weights. Each trial runs `kyosei check SCENARIO --csv --set ...` and scores the
weighted sum of squared relative errors against the published values. The result (best
values, score, every target figure at the best trial, versions) is written next to the spec
as `<name>_result.yaml`, which the shipped defaults cite.
"""
import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

import optuna
import yaml

from .results import kyosei_exe


def run_check(exe, scenario, settings, values):
    """The figures of `kyosei check --csv` for one set of parameter values, by figure name."""
    cmd = [exe, "check"] + ([scenario] if scenario else []) + ["--csv"]
    for s in list(settings) + [f"{k}={v:.6g}" for k, v in values.items()]:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some figure outside its band, still a result
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return {row["figure"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


def score(figures, targets):
    total = 0.0
    for name, weight in targets.items():
        if name not in figures:
            raise KeyError(f"kyosei check has no figure '{name}'")
        model, published = float(figures[name]["model"]), float(figures[name]["published"])
        total += weight * ((model - published) / published) ** 2
    return total


def calibrate(spec_path, out_path=None, exe=None):
    spec = yaml.safe_load(Path(spec_path).read_text())
    exe = exe or kyosei_exe()
    params, targets = spec["parameters"], spec["targets"]

    def objective(trial):
        values = {k: trial.suggest_float(k, r["low"], r["high"]) for k, r in params.items()}
        return score(run_check(exe, spec.get("scenario", ""), spec.get("settings", []), values),
                     targets)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=int(spec["seed"])))
    study.optimize(objective, n_trials=int(spec["trials"]))
    best = {k: round(float(v), 4) for k, v in study.best_params.items()}
    figures = run_check(exe, spec.get("scenario", ""), spec.get("settings", []), best)
    result = {
        "spec": str(spec_path),
        "optuna": optuna.__version__,
        "sampler": "TPE",
        "seed": int(spec["seed"]),
        "trials": int(spec["trials"]),
        "score": round(score(figures, targets), 6),
        "best": best,
        "figures": {name: {"model": float(figures[name]["model"]),
                           "published": float(figures[name]["published"]),
                           "verdict": figures[name]["verdict"]} for name in targets},
    }
    out = Path(out_path) if out_path else Path(spec_path).with_name(
        Path(spec_path).stem + "_result.yaml")
    out.write_text("# Written by kyosei_analysis.calibrate; the shipped defaults cite it.\n" +
                   yaml.safe_dump(result, allow_unicode=True, sort_keys=False))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("-o", "--output")
    parser.add_argument("--kyosei", help="the kyosei binary (default: the build's)")
    args = parser.parse_args(argv)
    result = calibrate(args.spec, args.output, args.kyosei)
    yaml.safe_dump(result, sys.stdout, allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    main()
