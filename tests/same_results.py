#!/usr/bin/env python3
"""same_results.py A.h5 B.h5: exit 0 when two kyosei result files hold bit-identical series,
ledgers and traits (used to check that GCC and Clang builds agree: `make test-compilers`)."""
import sys

import h5py
import numpy as np


def datasets(f):
    names = [f"series/{n}" for n in f["series"]]
    names += [n for n in ("ledger",) if n in f]
    names += [f"traits/{n}" for n in f.get("traits", {})]
    return names


def main(a, b):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        na, nb = datasets(fa), datasets(fb)
        if sorted(na) != sorted(nb):
            print(f"different datasets: {sorted(set(na) ^ set(nb))}")
            return 1
        differ = [n for n in na
                  if fa[n].shape != fb[n].shape
                  or np.asarray(fa[n][()]).tobytes() != np.asarray(fb[n][()]).tobytes()]
        for n in differ:
            print(f"/{n} differs between {a} and {b}")
        if not differ:
            print(f"identical: {len(na)} datasets (series, ledger, traits)")
        return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
