"""The example of docs/output.md: read a kyosei result with h5py and pandas.

Run: /usr/bin/python3 docs/examples/read_output.py kyosei-default.h5
(a test runs it on a fresh result, so it cannot drift from the file layout).
"""
import sys

import h5py
import numpy as np
import pandas as pd

path = sys.argv[1] if len(sys.argv) > 1 else "kyosei-default.h5"
with h5py.File(path, "r") as f:
    # Provenance and the resolved scenario.
    print(f.attrs["scenario_name"], "seed", f.attrs["seed"], "kyosei", f.attrs["kyosei_version"])
    # Dimension scales.
    arms = f["arm"].asstr()[()]
    regions = f["region"].asstr()[()]
    levels = f["region_level"].asstr()[()]
    days = f["time"][()]
    start = f["time"].attrs["units"].split()[-1]  # "days since YYYY-MM-DD"
    total = int(np.flatnonzero(levels == "total")[0])

    # One series: [arm, replicate, time, region]; units and kind as attributes.
    hidden = f["series/hidden_households"]
    print("hidden_households:", hidden.attrs["long_name"], f"[{hidden.attrs['units']}]", hidden.attrs["kind"])
    frame = pd.DataFrame({
        "arm": np.repeat(arms, len(days)),
        "date": np.tile(pd.to_datetime(start) + pd.to_timedelta(days, unit="D"), len(arms)),
        "mean_over_replicates": hidden[:, :, :, total].mean(axis=1).ravel(),
    })
    print(frame.groupby("arm")["mean_over_replicates"].last())

    # Counts are per sample interval: sum over time for the run's total.
    conferenced = f["series/compound_cases_conferenced"][:, :, :, total].sum(axis=2).mean(axis=1)
    print(dict(zip(arms, conferenced)))

    # The ledger: yen by [arm, replicate, fiscal_year, region, program, payer].
    ledger = f["ledger"]
    programs, payers = f["program"].asstr()[()], f["payer"].asstr()[()]
    by_payer = ledger[:, :, :, total, :, :].sum(axis=(2, 3)).mean(axis=1)  # [arm, payer]
    print(pd.DataFrame(by_payer, index=arms, columns=payers).round(0))
    assert np.isclose(ledger[:, :, :, total].sum(), f["series/cost_total"][:, :, :, total].sum())
    print("regions:", len(regions), "programs:", list(programs))
