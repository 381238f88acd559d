# The edit under review: A from fit 35 (was 40), MQL from score 35 (was 60).
s/^mql    = 60 /mql    = 35 /
s/^grades = A:40,/grades = A:35,/
