#!/usr/bin/env python3
# bench-score.py -- the pandas peer of `lead-score` for `make bench`: the
# playbook make bench scores with (bench/score.playbook, the default of
# 2026-11-01, kept fixed) written out in idiomatic pandas, with the
# semantics of lead-playbook(5), lib/score/lp_score.c and
# lib/playbook/lp_stage.c, so the benchmark compares equal work.  scripts/bench
# checks at the smallest size that score, fit_score, engagement_score,
# grade, stage and score_reasons agree with lead-score's.
#
#   python3 bench-score.py NOW FILE > out.csv     (NOW: 2026-11-01T00:00:00Z)
#
# Expression semantics reproduced (lib/lp_expr.c): a field's value is its
# text trimmed of ASCII white space; empty never matches a comparison;
# a number is a plain decimal ([+-]digits[.digits]); < <= > >= hold only
# when both sides are numbers; = and `in` compare text case-insensitively;
# ~ /re/i is PCRE2 without UTF (ASCII \b), here re.I | re.A; domain()
# is the lower-cased text after the last @ up to / ? # : > ; space , TAB.
# Keep this file in step with bench/score.playbook: when a rule there
# changes, change it here and in bench-score.mlr.
import math
import re
import sys
import warnings

import numpy as np
import pandas as pd

now = pd.Timestamp(sys.argv[1])
now = now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")
df = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
idx = df.index
# The playbook's patterns have groups; only whether they match counts.
warnings.filterwarnings("ignore", "This pattern .* has match groups")
WS = " \t\r\n\f\v"
PLAIN = r"[+-]?(?:\d+\.?\d*|\.\d+)"


def field(name):
    """A column's values, trimmed; empty when the export lacks it."""
    if name in df.columns:
        return df[name].str.strip(WS)
    return pd.Series("", index=idx)


def number(s):
    """Plain decimals as floats, everything else NaN."""
    return pd.to_numeric(s.where(s.str.fullmatch(PLAIN), None), errors="coerce")


def match(s, pattern):
    return s.str.contains(pattern, flags=re.I | re.A, regex=True) & (s != "")


def isin(s, items):
    return s.str.lower().isin([i.lower() for i in items]) & (s != "")


def domain(s):
    return s.str.replace(r"^.*@", "", regex=True).str.replace(
        r"[/?#:>; ,\t].*$", "", regex=True).str.rstrip(".").str.lower()


def fmt_num(v):
    """lp_score.c fmt_num: shortest form, at most two decimals."""
    i = round(v * 100)
    if abs(v) < 1e15 and i == v * 100 and i % 100 == 0:
        return str(int(i) // 100)
    t = ("%.2f" % v).rstrip("0").rstrip(".")
    return "0" if t == "-0" else t


def signed(v):
    return ("+" if v >= 0 else "") + fmt_num(v)


def round_half(x):
    """Half away from zero after removing noise below 1e-6."""
    y = np.sign(x) * np.floor(np.abs(x) * 1e6 + 0.5) / 1e6
    return (np.sign(y) * np.floor(np.abs(y) + 0.5)).astype(np.int64)


reasons = []		# one Series per rule: "" or the reason text


def rule(points, label, cond):
    reasons.append(pd.Series(np.where(cond, signed(points) + " " + label, ""), index=idx))
    return np.where(cond, points, 0)


def per_rule(points, label, value, cap):
    """points * value, |.| capped at cap; nothing when value is not a number."""
    got = (points * value).clip(-cap, cap).fillna(0)
    capped = (points * value).abs() > cap
    text = [("" if g == 0 else "%s %s (%s\u00d7%s%s)" % (signed(g), label, fmt_num(v),
             fmt_num(points), ", max " + fmt_num(cap) if c else ""))
            for g, v, c in zip(got, value.fillna(0), capped)]
    reasons.append(pd.Series(text, index=idx))
    return got.to_numpy()


title, emp = field("title"), number(field("employees"))
email_domain = domain(field("email"))
SENIOR = r"\b(VP|SVP|EVP|Vice President|Head|Director|Chief|C[EFIMORT]O|Founder|Co-?founder|Owner|President|Partner)\b"

# [score.fit]
fit = (rule(15, "Senior title", match(title, SENIOR))
       + rule(5, "Manager title", match(title, r"\b(Manager|Team Lead|Principal)\b")
              & ~match(title, r"\b(VP|Vice President|Head|Director|Chief|C[EFIMORT]O)\b")
              & (title != ""))
       + rule(-10, "Junior title", match(title, r"\b(Intern|Student|Trainee|Assistant)\b"))
       + rule(10, "200+ employees", emp >= 200)
       + rule(5, "50-199 employees", (emp >= 50) & (emp < 200))
       + rule(-5, "Under 10 employees", emp < 10)
       + rule(10, "Target country", isin(field("country"), [
           "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "NL", "BE", "SE", "DK", "NO", "FI",
           "AU", "NZ", "USA", "United States", "Canada", "United Kingdom", "UK", "Germany",
           "France", "Netherlands"]))
       + rule(10, "Target industry", match(field("industry"),
              r"software|saas|internet|information technology|computer|financial services|fintech|telecom"))
       + rule(5, "Has phone", field("phone") != "")
       + rule(-20, "Free email", isin(email_domain, [
           "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com",
           "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
           "mac.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "mail.ru", "yandex.ru",
           "yandex.com", "proton.me", "protonmail.com", "zoho.com", "qq.com", "163.com"]))
       + rule(-50, "Competitor", isin(email_domain, ["competitor.example", "rival.example"])))

# [score.engagement]: max 60, half_life 30d from last_activity_at
eng = (per_rule(2, "Page views", number(field("page_views")), 20)
       + per_rule(5, "Email clicks", number(field("email_clicks")), 15)
       + per_rule(10, "Form submissions", number(field("form_submits")), 30)
       + rule(30, "Asked for a demo", isin(field("demo_requested"), ["yes"]))
       + rule(10, "Webinar", match(field("lead_source"), "webinar") | match(field("campaign"), "webinar")))
capped = eng > 60
eng = np.where(capped, 60, eng)
reasons.append(pd.Series(np.where(capped, "engagement capped at 60", ""), index=idx))

seen = pd.to_datetime(field("last_activity_at").where(lambda s: s != "", None),
                      utc=True, errors="coerce")
age = (now - seen).dt.total_seconds().to_numpy()
dated = ~np.isnan(age)
old = dated & (age > 0)
# No date: undated engagement is not fresh activity, factor 0.
factor = np.where(old, np.power(0.5, np.where(old, age, 0) / (30 * 86400)),
                  np.where(dated, 1.0, 0.0))
days = np.where(old, age, 0) / 86400
decayed = (factor < 1) & (eng != 0)


def decay_reason(e, f, d, undated):
    c = int(math.floor(f * 100 + 0.5))
    ft = "0" if c == 0 else "%d.%02d" % (c // 100, c % 100)
    when = "no activity date" if undated else (
        "%dd old" % math.floor(d) if d >= 1 else "%dh old" % math.floor(d * 24))
    return "engagement %s \u00d7%s (%s) = %d" % (fmt_num(e), ft, when,
                                                  round_half(np.array([e * f]))[0])


reasons.append(pd.Series([decay_reason(e, f, d, not dt) if x else ""
                          for x, e, f, d, dt in zip(decayed, eng, factor, days, dated)],
                         index=idx))
eng = eng * factor

fit_i, eng_i, score_i = round_half(fit), round_half(eng), round_half(fit + eng)
grade = np.select([fit_i >= 40, fit_i >= 25, fit_i >= 10], ["A", "B", "C"], "D")

# [stages]: map the status (case, spaces and punctuation ignored), never
# move back from the current stage column, BANT -> sql, score >= 60 -> mql.
FUNNEL = ["new", "mql", "sal", "sql", "opportunity", "won"]
STAGES = FUNNEL + ["nurture", "disqualified", "lost"]
MAP = {
    "Open - Not Contacted": "new", "Open": "new", "Working - Contacted": "sal", "Working": "sal",
    "Contacted": "sal", "Nurturing": "nurture", "Qualified": "sql",
    "Closed - Converted": "opportunity", "Converted": "opportunity",
    "Closed - Not Converted": "disqualified", "Unqualified": "disqualified",
    "Disqualified": "disqualified", "Closed Won": "won", "Closed Lost": "lost",
    "subscriber": "new", "lead": "new", "marketingqualifiedlead": "mql",
    "salesqualifiedlead": "sql", "customer": "won", "evangelist": "won", "other": "nurture",
    "NEW": "new", "ATTEMPTED_TO_CONTACT": "sal", "IN_PROGRESS": "sal", "CONNECTED": "sal",
    "OPEN_DEAL": "opportunity", "BAD_TIMING": "nurture", "UNQUALIFIED": "disqualified",
    "MQL": "mql", "SAL": "sal", "SQL": "sql", "Recycled": "nurture",
}
NOT_KEY = r"[\x00-/:-@\[-`{-\x7f]"
key = {re.sub(NOT_KEY, "", k).lower(): v for k, v in MAP.items()}
key.update({s: s for s in STAGES})
rank = {s: i for i, s in enumerate(FUNNEL)}


def stage_of(s):
    k = s.str.replace(NOT_KEY, "", regex=True).str.translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))
    return k.map(key).where(s != "", None)


# The stage, as lp_stage.c decides it: the latest funnel stage of the
# status and stage columns; an off-funnel or lost one (status first) wins
# unless the funnel stage is won (no left_behind in this playbook).
status = field("status")
st = stage_of(status)
prev = stage_of(field("stage")) if "stage" in df.columns else pd.Series(None, index=idx, dtype=object)
r_st, r_prev = st.map(rank), prev.map(rank)
funnel = st.where(r_st.notna() & ~(r_prev.notna() & (r_prev > r_st)), prev.where(r_prev.notna(), None))
off = st.where(st.notna() & r_st.isna(), prev.where(prev.notna() & r_prev.isna(), None))
base = funnel.where(off.isna() | (funnel.map(rank) == len(FUNNEL) - 1), off).fillna("new")
b, a, n, t = field("budget"), field("authority"), field("need"), field("timeline")
bant = ((b != "") & (a != "") & (n != "") & (t != "")
        & ~(isin(b, ["no"]) | isin(a, ["no"]) | isin(n, ["no"]) | isin(t, ["no"])))
base = base.where(~(base.map(rank) < 3) | ~bant, "sql")
# New, or parked (nurture) with its score back: mql; MQL is dated.
promoted = base.isin(["new", "nurture"]) & (score_i >= 60)
base = base.where(~promoted, "mql")
unknown = (status != "") & st.isna() & prev.isna()
stage = base.where(~unknown, status)
mql_at = np.where(promoted & ~unknown, now.strftime("%Y-%m-%dT%H:%M:%SZ"), "")

df["score"] = score_i
df["fit_score"] = fit_i
df["engagement_score"] = eng_i
df["grade"] = grade
df["stage"] = stage
df["score_reasons"] = ["; ".join(p for p in row if p) for row in zip(*reasons)]
df["mql_at"] = mql_at
df.to_csv(sys.stdout, index=False)
