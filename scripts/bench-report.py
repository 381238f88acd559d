#!/usr/bin/env python3
# bench-report.py -- the pandas peer of `lead-report --by
# lead_source,campaign` for `make bench`: per source and campaign, leads
# per status and the median and 90th percentile of whole days from
# created_at to first_touch_at (a part of lead-report's work: it also
# maps statuses to stages and keeps three more intervals, SLA, scoring,
# reasons and leaks).  Idiomatic pandas: read the columns it needs, one
# groupby for the counts, one for the quantiles.
#
#   python3 bench-report.py FILE > out.csv
import sys

import pandas as pd

cols = ["lead_source", "campaign", "status", "created_at", "first_touch_at"]
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, usecols=cols)
keys = ["lead_source", "campaign"]
counts = df.groupby(keys + ["status"]).size().unstack(fill_value=0)
fmt = "%Y-%m-%dT%H:%M:%SZ"
days = (pd.to_datetime(df["first_touch_at"], format=fmt, errors="coerce") -
        pd.to_datetime(df["created_at"], format=fmt, errors="coerce")
        ).dt.total_seconds() // 86400
df["days"] = days
q = df.groupby(keys)["days"].quantile([0.5, 0.9], interpolation="lower").unstack()
q.columns = ["median_days", "p90_days"]
counts.join(q).to_csv(sys.stdout)
