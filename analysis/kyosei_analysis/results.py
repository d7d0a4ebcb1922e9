"""A kyosei result file as pandas frames (DESIGN.md §5 layout)."""
from __future__ import annotations

import datetime as _dt
import io as _io
import os
import shutil
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import yaml


def _strings(dataset) -> list[str]:
    return [x.decode() if isinstance(x, bytes) else str(x) for x in dataset[()]]


def _attr(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def kyosei_exe() -> str:
    """The kyosei binary whose interval routine the intervals here come from: $KYOSEI_EXE (set
    by `kyosei report`), else `kyosei` on the PATH, else this checkout's build/release/kyosei."""
    built = Path(__file__).resolve().parents[2] / "build" / "release" / "kyosei"
    for candidate in (os.environ.get("KYOSEI_EXE", ""), shutil.which("kyosei") or "", str(built)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("intervals come from the kyosei binary's one interval routine: build it "
                       "(make build) or set KYOSEI_EXE")


def over_time(path: str, metrics: list[str], baseline: str | None = None) -> pd.DataFrame:
    """`kyosei compare --over-time --csv`: every sample and region, each arm's mean over
    replicates with its 95% interval and its difference from the baseline."""
    args = [kyosei_exe(), "compare", path, "--over-time", "--csv"]
    for m in metrics:
        args += ["--metric", m]
    if baseline:
        args += ["--baseline", baseline]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kyosei compare failed: {done.stderr.strip()}")
    return pd.read_csv(_io.StringIO(done.stdout))


class Results:
    """Everything in one kyosei HDF5 file, read eagerly (files are small)."""

    def __init__(self, path: str):
        self.path = path
        with h5py.File(path, "r") as f:
            self.attrs = {k: (_attr(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v)
                          for k, v in f.attrs.items()}
            self.scenario_yaml = _attr(f["scenario"][()])
            self.arms = _strings(f["arm"])
            # The arm the others are compared with (files without one: the first).
            name = self.attrs.get("baseline")
            self.baseline = self.arms.index(name) if name in self.arms else 0
            self.replicates = int(f["replicate"].shape[0])
            self.days = np.asarray(f["time"][()], dtype=int)
            # Which days were sampled ("month", "quarter", "30 days", ...); older files: the gap.
            gap = int(self.days[1] - self.days[0]) if len(self.days) > 1 else 0
            self.sampling = (_attr(f["time"].attrs["sampling"]) if "sampling" in f["time"].attrs
                             else f"{gap} days")
            self.start_date = _dt.date.fromisoformat(_attr(f["time"].attrs["units"]).split()[-1])
            self.regions = pd.DataFrame({"region": _strings(f["region"]),
                                         "level": _strings(f["region_level"]),
                                         "parent": _strings(f["region_parent"])})
            self.metrics = {}
            self._series = {}
            for name, ds in f["series"].items():
                self.metrics[name] = {k: _attr(ds.attrs[k]) for k in ("units", "long_name", "kind") if k in ds.attrs}
                self._series[name] = ds[()]
            self.graph = dict(f["graph"].attrs) if "graph" in f else {}
            # For each arm, the arm a counterfactual twin mirrors (-1: not a twin).
            self.counterfactual_of = ([int(x) for x in f["counterfactual_of"][()]]
                                      if "counterfactual_of" in f else [-1] * len(self.arms))
            self.traits = {name: ds[()] for name, ds in f["traits"].items()} if "traits" in f else {}
            if "ledger" in f:
                self._ledger = f["ledger"][()]
                self.fiscal_years = [int(y) for y in f["fiscal_year"][()]]
                self.programs = _strings(f["program"])
                self.payers = _strings(f["payer"])
            else:
                self._ledger = None

    @property
    def scenario(self) -> dict:
        return yaml.safe_load(self.scenario_yaml)

    @property
    def dates(self) -> list[_dt.date]:
        return [self.start_date + _dt.timedelta(days=int(d)) for d in self.days]

    def total_index(self) -> int:
        return int(np.flatnonzero(self.regions["level"].to_numpy() == "total")[0])

    def array(self, metric: str) -> np.ndarray:
        """[arm, replicate, time, region] values of a metric."""
        return self._series[metric]

    def series(self, metric: str, level: str | None = None) -> pd.DataFrame:
        """A metric as a long frame; `level` keeps only "area", "municipality" or "total"."""
        x = self._series[metric]
        a, r, t, g = np.meshgrid(np.arange(x.shape[0]), np.arange(x.shape[1]), np.arange(x.shape[2]),
                                 np.arange(x.shape[3]), indexing="ij")
        frame = pd.DataFrame({"arm": np.asarray(self.arms)[a.ravel()], "replicate": r.ravel(),
                              "day": self.days[t.ravel()], "region": self.regions["region"].to_numpy()[g.ravel()],
                              "level": self.regions["level"].to_numpy()[g.ravel()], "value": x.ravel()})
        frame["date"] = pd.to_datetime(self.start_date) + pd.to_timedelta(frame["day"], unit="D")
        return frame if level is None else frame[frame["level"] == level].reset_index(drop=True)

    def summary(self, metric: str, level: str = "total") -> pd.DataFrame:
        """Mean and 95% interval over replicates, by arm, region and day, from the kyosei
        binary (`compare --over-time`: the intervals `kyosei compare` prints)."""
        frame = over_time(self.path, [metric])
        frame = frame[frame["level"] == level] if level is not None else frame
        frame = frame.rename(columns={"ci95_low": "low", "ci95_high": "high"})
        frame["count"] = self.replicates
        frame["date"] = pd.to_datetime(self.start_date) + pd.to_timedelta(frame["day"], unit="D")
        return frame[["arm", "region", "day", "date", "mean", "count", "low", "high"]].reset_index(drop=True)

    def per_replicate_total(self, metric: str, region: int | None = None) -> np.ndarray:
        """[arm, replicate]: counts summed over the run, levels and ratios at the end."""
        g = self.total_index() if region is None else region
        x = self._series[metric][:, :, :, g]
        kind = self.metrics[metric].get("kind", "count")
        return x.sum(axis=2) if kind == "count" else x[:, :, -1]

    def ledger(self) -> pd.DataFrame:
        """The fiscal ledger as a long frame of yen."""
        if self._ledger is None:
            return pd.DataFrame(columns=["arm", "replicate", "fiscal_year", "region", "program", "payer", "yen"])
        x = self._ledger
        idx = np.indices(x.shape).reshape(6, -1)
        return pd.DataFrame({"arm": np.asarray(self.arms)[idx[0]], "replicate": idx[1],
                             "fiscal_year": np.asarray(self.fiscal_years)[idx[2]],
                             "region": self.regions["region"].to_numpy()[idx[3]],
                             "program": np.asarray(self.programs)[idx[4]],
                             "payer": np.asarray(self.payers)[idx[5]], "yen": x.ravel()})


def load(path: str) -> Results:
    return Results(path)
