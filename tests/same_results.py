#!/usr/bin/env python3
"""same_results.py A.h5 B.h5: exit 0 when two kyosei result files hold bit-identical series,
ledgers, traits, scales and annotations (used to check that GCC and Clang builds agree:
`make test-compilers`)."""
import sys

import h5py
import numpy as np


def datasets(f):
    names = [f"series/{n}" for n in f["series"]]
    names += [n for n in ("ledger", "time", "region", "region_level", "region_parent", "arm",
                          "counterfactual_of", "fiscal_year", "program", "payer") if n in f]
    names += [f"traits/{n}" for n in f.get("traits", {})]
    return names


def values(dataset):
    data = dataset[()]
    if getattr(data, "dtype", None) is not None and data.dtype.kind == "O":
        return repr(data.tolist()).encode()  # strings: their text, not their pointers
    return np.asarray(data).tobytes()


def annotations(f):
    """Numbers describing the start (e.g. /graph's attributes), by group."""
    return {g: dict(f[g].attrs) for g in f if isinstance(f[g], h5py.Group) and g not in ("series", "traits")}


def main(a, b):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        na, nb = datasets(fa), datasets(fb)
        if sorted(na) != sorted(nb):
            print(f"different datasets: {sorted(set(na) ^ set(nb))}")
            return 1
        differ = [n for n in na
                  if fa[n].shape != fb[n].shape or values(fa[n]) != values(fb[n])]
        if annotations(fa) != annotations(fb):
            differ.append("annotations (attributes of the root groups)")
        for n in differ:
            print(f"/{n} differs between {a} and {b}")
        if not differ:
            print(f"identical: {len(na)} datasets (series, ledger, traits, scales) and annotations")
        return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
