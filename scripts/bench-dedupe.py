#!/usr/bin/env python3
# bench-dedupe.py -- the pandas peer of `lead-dedupe --exact email` for
# `make bench`: keep the first record of each e-mail address.  pandas
# compares the addresses as written (lead-dedupe folds case, "mailto:"
# and "Name <...>" first, and never merges empty addresses), so it does
# less work.
#
#   python3 bench-dedupe.py FILE > out.csv
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
df.drop_duplicates("Email").to_csv(sys.stdout, index=False)
