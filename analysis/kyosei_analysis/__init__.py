"""Read kyosei HDF5 results into pandas, for notebooks, tables and the HTML report.

    import kyosei_analysis as ka
    run = ka.load("kyosei-default.h5")
    run.series("consultations_new")          # long frame: arm, replicate, day, date, region, value
    run.summary("cases_open", level="total") # mean and 95% interval over replicates by arm and day
                                              # (from the kyosei binary: compare --over-time)
    run.ledger()                              # long frame: arm, replicate, fiscal_year, region, program, payer, yen

Uses Debian's python3-h5py, -numpy and -pandas only.
"""
from .results import Results, load

__all__ = ["Results", "load"]
