/*
 * gen-history -- write a lead history whose outcome follows a known
 * logistic model, for lead-fit's tests and bench.
 *
 *   gen-history [-s seed] [-n rows]
 *
 * Columns: lead_id (an ID), title, employees (10% empty), country,
 * lead_source, page_views, noise (a number unrelated to the outcome),
 * tenant (constant), fax (always empty), status (Closed Won, Closed
 * Lost, or Open for a tenth of the rows).  The true log-odds are
 *
 *   -1.5 + 1.2 [title VP] + 0.5 [title Manager] - 1.0 [title Intern]
 *        + 0.8 [employees >= 200] + 0.6 [country US] - 0.4 [country BR]
 *        + 1.0 [lead_source Referral] + 0.08 page_views
 *
 * Deterministic: splitmix64, no libm (the logistic draw compares the
 * log-odds with the logit of a uniform by bisection on exp's series).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static uint64_t st;

static uint64_t
next(void)
{
	uint64_t z = (st += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
unif(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

/* exp(x) by range reduction and a series: no libm. */
static double
xexp(double x)
{
	int k = 0;
	double s = 1, t = 1;

	while (x > 0.5) {
		x /= 2;
		k++;
	}
	while (x < -0.5) {
		x /= 2;
		k++;
	}
	for (int i = 1; i < 20; i++) {
		t *= x / i;
		s += t;
	}
	while (k-- > 0)
		s *= s;
	return s;
}

int
main(int argc, char *argv[])
{
	static const char *const titles[] = { "VP Sales", "Sales Manager",
		"Engineer", "Intern" };
	static const char *const countries[] = { "US", "DE", "BR", "IN" };
	static const char *const sources[] = { "Webinar", "Ads", "Referral",
		"Organic" };
	long n = 2000;
	int ch;

	st = 1;
	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			n = atol(optarg);
			break;
		case 's':
			st = strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: gen-history [-s seed] [-n rows]\n");
			return 64;
		}
	}
	printf("lead_id,title,employees,country,lead_source,page_views,noise,"
	    "tenant,fax,status\n");
	for (long i = 0; i < n; i++) {
		int t = (int)(next() % 4), c = (int)(next() % 4);
		int s = (int)(next() % 4), pv = (int)(next() % 20);
		long emp = (long)(xexp(unif() * 8));
		int noise = (int)(next() % 1000);
		int hasemp = unif() >= 0.1;
		double eta = -1.5 + (t == 0 ? 1.2 : t == 1 ? 0.5 : t == 3 ? -1.0 :
		    0) + (hasemp && emp >= 200 ? 0.8 : 0) + (c == 0 ? 0.6 :
		    c == 2 ? -0.4 : 0) + (s == 2 ? 1.0 : 0) + 0.08 * pv;
		double p = 1 / (1 + xexp(-eta));
		const char *status = unif() < 0.1 ? "Open" : unif() < p ?
		    "Closed Won" : "Closed Lost";

		printf("L%06ld,%s,", i + 1, titles[t]);
		if (hasemp)
			printf("%ld", emp);
		printf(",%s,%s,%d,%d,acme,,%s\n", countries[c], sources[s], pv,
		    noise, status);
	}
	return ferror(stdout) ? 74 : 0;
}
