/*
 * gen-dupes -- lead exports with known duplicates, for lead-dedupe's
 * quality benchmark (scripts/dedupe-quality).
 *
 * usage: gen-dupes N SEED A.csv [B.csv]
 *        gen-dupes -p N SEED FILE      (person records)
 *
 * N people, each written 1 to 4 times across two exports with different
 * header styles (HubSpot-like A, Salesforce-like B); column _truth names
 * the person.  Copies differ the ways real ones do: typos, transposed
 * letters, nicknames, first and last name swapped, missing e-mail or
 * phone, gmail dots and +tags, company legal suffixes, phone formats,
 * case.  Hard non-matches are generated on purpose: colleagues (same
 * company, domain and postcode), namesakes (common names at other
 * companies) and free-mail users sharing gmail.com.  With one file,
 * every record goes there (with A's header).
 *
 * -p writes person records as a population register or a patient index
 * has them (given_name surname street_number address_1 suburb postcode
 * state date_of_birth soc_sec_id), copies changed by typos, nicknames,
 * swapped names, day and month swapped, missing values, abbreviated
 * street types and mistyped digits; household members (same address and
 * surname) and namesakes are the hard non-matches.
 */
/* Names and addresses are cut to their buffers on purpose: a cut one is
 * just another generated value, so gcc's truncation warning is noise. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static uint64_t seed = 88172645463325252ULL;

static uint32_t
rnd(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (uint32_t)(seed % n);
}

static const char *firsts[] = {
	"Robert", "William", "Elizabeth", "Margaret", "James", "John",
	"Michael", "David", "Richard", "Joseph", "Thomas", "Charles",
	"Christopher", "Daniel", "Matthew", "Anthony", "Donald", "Steven",
	"Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Edward",
	"Mary", "Patricia", "Jennifer", "Linda", "Barbara", "Susan",
	"Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Sandra",
	"Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda",
	"Melissa", "Deborah", "Stephanie", "Rebecca", "Laura", "Sharon",
	"Cynthia", "Kathleen", "Amy", "Angela", "Helen", "Anna", "Brenda",
	"Pamela", "Nicole", "Samantha", "Katherine", "Christine", "Debra",
	"Rachel", "Catherine", "Carolyn", "Janet", "Ruth", "Maria", "Heather",
	"Diane", "Virginia", "Julie", "Joyce", "Victoria", "Olivia", "Kelly",
	"Christina", "Lauren", "Joan", "Evelyn", "Judith", "Megan", "Andrea",
	"Cheryl", "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa",
	"Ann", "Sara", "Madison", "Frances", "Kathryn", "Janice", "Jean",
	"Abigail", "Alice", "Julia", "Judy", "Sophia", "Grace", "Denise",
	"Amber", "Doris", "Marilyn", "Danielle", "Beverly", "Isabella",
	"Theresa", "Diana", "Natalie", "Brittany", "Charlotte", "Marie",
	"Kayla", "Alexis", "Lori", "Raj", "Priya", "Wei", "Yuki", "Lukas",
	"Sofia", "Mateo", "Chloe", "Noah", "Liam", "Ethan", "Mason", "Logan",
	"Lucas", "Jackson", "Aiden", "Oliver", "Elijah", "Gabriel", "Samuel",
	"Benjamin", "Nathan", "Zachary", "Jacob", "Patrick", "Frederick",
	"Gregory", "Timothy", "Peter", "Philip", "Walter", "Vincent",
	"Lawrence", "Leonard", "Harold", "Eugene", "Russell", "Douglas",
};
static const char *nicks[][2] = {
	{ "Robert", "Bob" }, { "William", "Bill" }, { "Elizabeth", "Liz" },
	{ "Margaret", "Peggy" }, { "James", "Jim" }, { "John", "Jack" },
	{ "Michael", "Mike" }, { "David", "Dave" }, { "Richard", "Rick" },
	{ "Joseph", "Joe" }, { "Thomas", "Tom" }, { "Charles", "Charlie" },
	{ "Christopher", "Chris" }, { "Daniel", "Dan" }, { "Matthew", "Matt" },
	{ "Anthony", "Tony" }, { "Steven", "Steve" }, { "Andrew", "Andy" },
	{ "Jennifer", "Jen" }, { "Barbara", "Barb" }, { "Susan", "Sue" },
	{ "Katherine", "Kate" }, { "Samantha", "Sam" }, { "Rebecca", "Becky" },
	{ "Patricia", "Trish" }, { "Benjamin", "Ben" }, { "Nathan", "Nate" },
	{ "Timothy", "Tim" }, { "Peter", "Pete" }, { "Gregory", "Greg" },
	{ "Edward", "Ed" }, { "Kenneth", "Ken" }, { "Deborah", "Debbie" },
	{ "Victoria", "Vicky" }, { "Pamela", "Pam" }, { "Walter", "Walt" },
};
static const char *lasts[] = {
	"Smith", "Smith", "Smith", "Johnson", "Johnson", "Williams", "Brown",
	"Brown", "Jones", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
	"Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
	"Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez",
	"Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
	"Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
	"Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson",
	"Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
	"Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker",
	"Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales",
	"Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
	"Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim",
	"Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood",
	"James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price",
	"Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross",
	"Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell",
	"Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
	"Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan",
	"Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin",
	"Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera",
	"Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray",
	"Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez",
	"McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas",
	"Henry", "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns",
	"Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon",
	"Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz",
	"Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black", "Robertson",
	"Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer",
	"Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols",
	"Stephens", "Soto", "Weaver", "Ryan", "Gardner", "Payne", "Grant",
	"Dunn", "Kelley", "Spencer", "Hawkins", "Arnold", "Pierce", "Hansen",
	"Peters", "Santos", "Hart", "Bradley", "Knight", "Elliott", "Cunningham",
	"Duncan", "Armstrong", "Hudson", "Carroll", "Lane", "Riley", "Andrews",
	"Ray", "Berry", "Perkins", "Hoffman", "Johnston", "Matthews", "Pena",
	"Richards", "Contreras", "Willis", "Carpenter", "Lawrence", "Sandoval",
	"Müller", "Schröder", "Núñez", "Peña", "O'Brien", "Dubois", "Lefèvre",
};
static const char *cwords[] = {
	"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark",
	"Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Massive Dynamic",
	"Aperture", "Black Mesa", "Oscorp", "Gringotts", "Dunder Mifflin",
	"Pied Piper", "Bluth", "Prestige", "Sterling", "Nakatomi", "Monarch",
	"Gekko", "Duff", "Krusty", "Virtucon", "Zorg", "Ollivander",
	"Pioneer Health", "Juniper", "Lighthouse Logistics", "Quantum Data",
	"Evergreen", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Woodgrove",
	"Litware", "Adventure Works", "Proseware", "Lucerne", "Margie Travel",
	"Coho Winery", "Alpine Ski", "Blue Yonder", "City Power", "Consolidated",
	"Graphic Design", "Humongous", "Trey Research", "Wide World",
	"Fourth Coffee", "Southridge", "Datum", "Relecloud", "Munson Pickles",
	"Bellows College", "Best For You", "Fincher", "VanArsdel", "Mosaic",
};
static const char *csuffix[] = { "Inc", "Inc.", "LLC", "Ltd", "Corp",
	"GmbH", "S.A.", "AG", "B.V.", "", "", "Co." };
static const char *freemail[] = { "gmail.com", "yahoo.com", "hotmail.com",
	"outlook.com" };

struct person {
	char	 first[64], last[64], company[96], domain[64], email[128];
	char	 phone[32], postcode[16], city[32];
	int	 nick;		/* index into nicks, or -1 */
};

static void
lower(char *d, const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			*d++ = (char)tolower((unsigned char)*s);
	*d = '\0';
}

/* One keyboard slip: substitute, delete, insert or transpose a letter
 * (ASCII positions only, so UTF-8 stays valid). */
static void
typo(char *s)
{
	size_t n = strlen(s), i;

	if (n < 4)
		return;
	i = 1 + rnd((uint32_t)(n - 2));
	if ((unsigned char)s[i] >= 0x80 || (unsigned char)s[i + 1] >= 0x80 ||
	    (unsigned char)s[i - 1] >= 0x80)
		return;
	switch (rnd(4)) {
	case 0:
		s[i] = (char)('a' + rnd(26));
		break;
	case 1:
		memmove(s + i, s + i + 1, n - i);
		break;
	case 2:
		memmove(s + i + 1, s + i, n - i + 1);
		s[i] = (char)('a' + rnd(26));
		break;
	default: {
		char t = s[i];

		s[i] = s[i + 1];
		s[i + 1] = t;
	}
	}
}

static void
make_person(struct person *p, const struct person *colleague)
{
	char fl[64], ll[64];
	const char *f = firsts[rnd(sizeof(firsts) / sizeof(firsts[0]))];

	snprintf(p->first, sizeof(p->first), "%s", f);
	snprintf(p->last, sizeof(p->last), "%s",
	    lasts[rnd(sizeof(lasts) / sizeof(lasts[0]))]);
	p->nick = -1;
	for (size_t k = 0; k < sizeof(nicks) / sizeof(nicks[0]); k++)
		if (strcmp(nicks[k][0], f) == 0)
			p->nick = (int)k;
	if (colleague != NULL) {
		strcpy(p->company, colleague->company);
		strcpy(p->domain, colleague->domain);
		strcpy(p->postcode, colleague->postcode);
		strcpy(p->city, colleague->city);
	} else {
		const char *w = cwords[rnd(sizeof(cwords) / sizeof(cwords[0]))];
		char d[64];

		snprintf(p->company, sizeof(p->company), "%s %s", w,
		    rnd(3) == 0 ? "Systems" : rnd(2) ? "Group" : "Labs");
		lower(d, p->company);
		snprintf(p->domain, sizeof(p->domain), "%s%u.com", d, rnd(1000));
		snprintf(p->postcode, sizeof(p->postcode), "%05u",
		    10000 + rnd(89999));
		snprintf(p->city, sizeof(p->city), "%s", rnd(2) ? "London" :
		    rnd(2) ? "Springfield" : "Riverside");
	}
	lower(fl, p->first);
	lower(ll, p->last);
	switch (rnd(5)) {
	case 0:
		snprintf(p->email, sizeof(p->email), "%s.%s%u@%s", fl, ll,
		    rnd(100), freemail[rnd(4)]);
		break;
	case 1:
		snprintf(p->email, sizeof(p->email), "%c%s@%s", fl[0], ll,
		    p->domain);
		break;
	default:
		snprintf(p->email, sizeof(p->email), "%s.%s@%s", fl, ll,
		    p->domain);
	}
	snprintf(p->phone, sizeof(p->phone), "+1 %03u 555 %04u",
	    200 + rnd(700), rnd(10000));
}

static void
csv(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\n") != NULL) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

/* Write one copy of p, changed as a copy would be (copy 0: as is). */
static void
emit(FILE *f, const struct person *p, int copy, long id, long truth)
{
	char first[64], last[64], email[128], phone[32], company[128];
	char pc[16], idb[24], tb[24], t[64];

	strcpy(first, p->first);
	strcpy(last, p->last);
	strcpy(email, p->email);
	strcpy(phone, p->phone);
	strcpy(pc, p->postcode);
	snprintf(company, sizeof(company), "%s %s", p->company,
	    csuffix[rnd(sizeof(csuffix) / sizeof(csuffix[0]))]);
	if (company[strlen(company) - 1] == ' ')
		company[strlen(company) - 1] = '\0';
	if (copy > 0) {
		int changes = 1 + (int)rnd(3);

		for (int c = 0; c < changes; c++)
			switch (rnd(11)) {
			case 0:
				typo(first);
				break;
			case 1:
				typo(last);
				break;
			case 2:
				if (p->nick >= 0)
					strcpy(first, nicks[p->nick][1]);
				else
					typo(first);
				break;
			case 3:
				strcpy(t, first);
				strcpy(first, last);
				strcpy(last, t);
				break;
			case 4:
				email[0] = '\0';
				break;
			case 5: {
				/* A typo inside the e-mail's local part. */
				char *at = strchr(email, '@');

				if (at != NULL && at - email > 4) {
					*at = '\0';
					typo(email);
					strcat(email, strchr(p->email, '@'));
				}
				break;
			}
			case 6:
				phone[0] = '\0';
				break;
			case 7:
				snprintf(phone, sizeof(phone), "(%.3s) %.3s-%.4s",
				    p->phone + 3, p->phone + 7, p->phone + 11);
				break;
			case 8:
				for (char *s = first; *s; s++)
					*s = (char)toupper((unsigned char)*s);
				for (char *s = last; *s; s++)
					*s = (char)toupper((unsigned char)*s);
				break;
			case 9:
				pc[0] = '\0';
				break;
			default:
				if (strstr(email, "@gmail.com") != NULL) {
					char *at = strchr(email, '@');

					memmove(at + 5, at, strlen(at) + 1);
					memcpy(at, "+news", 5);
				} else
					typo(company);
			}
	}
	snprintf(idb, sizeof(idb), "R%ld", id);
	snprintf(tb, sizeof(tb), "P%ld", truth);
	csv(f, idb, 0);
	csv(f, first, 0);
	csv(f, last, 0);
	csv(f, email, 0);
	csv(f, phone, 0);
	csv(f, company, 0);
	csv(f, pc, 0);
	csv(f, p->city, 0);
	csv(f, tb, 1);
}

static const char *streets[] = { "kirkwood", "banks", "mcmillan", "station",
	"pitt", "beach", "george", "church", "high", "victoria", "albert",
	"king", "queen", "william", "elizabeth", "park", "hill", "bridge",
	"railway", "mill", "river", "forest", "lake", "ocean", "garden" };
static const char *stypes[][2] = { { "street", "st" }, { "road", "rd" },
	{ "crescent", "cres" }, { "avenue", "ave" }, { "place", "pl" } };
static const char *suburbs[] = { "kingston", "narrabundah", "burwood",
	"toowong", "sydney", "st kilda", "fitzroy", "glebe", "manly",
	"randwick", "parramatta", "bondi", "carlton", "richmond", "hawthorn",
	"brighton", "mosman", "newtown", "paddington", "balmain" };
static const char *states[] = { "nsw", "vic", "qld", "act", "wa", "sa",
	"tas", "nt" };

struct rec {
	char	 given[64], sur[64], no[16], street[64], stype[16];
	char	 suburb[32], pc[8], state[8], ssid[16];
	int	 y, m, d, nick, st;
};

static void
digit_typo(char *s)
{
	size_t n = strlen(s);

	if (n > 0)
		s[rnd((uint32_t)n)] = (char)('0' + rnd(10));
}

static void
emit_rec(FILE *f, const struct rec *r, int copy, long id, long truth)
{
	struct rec c = *r;
	char addr[96], dob[16], t[64], b[24];

	snprintf(addr, sizeof(addr), "%s %s", c.street, c.stype);
	snprintf(dob, sizeof(dob), "%04d%02d%02d", c.y, c.m, c.d);
	for (int k = copy > 0 ? 1 + (int)rnd(3) : 0; k > 0; k--)
		switch (rnd(12)) {
		case 0: typo(c.given); break;
		case 1: typo(c.sur); break;
		case 2:
			if (c.nick >= 0)
				strcpy(c.given, nicks[c.nick][1]);
			else
				typo(c.given);
			for (char *s = c.given; *s; s++)
				*s = (char)tolower((unsigned char)*s);
			break;
		case 3:
			strcpy(t, c.given);
			strcpy(c.given, c.sur);
			strcpy(c.sur, t);
			break;
		case 4: c.ssid[0] = '\0'; break;
		case 5: digit_typo(c.ssid); break;
		case 6:
			if (c.d <= 12)
				snprintf(dob, sizeof(dob), "%04d%02d%02d", c.y,
				    c.d, c.m);
			else
				digit_typo(dob + 4);
			break;
		case 7: digit_typo(dob + 2); break;
		case 8:
			snprintf(addr, sizeof(addr), "%s %s", c.street,
			    stypes[c.st][1]);
			break;
		case 9: c.suburb[0] = '\0'; break;
		case 10: digit_typo(c.pc); break;
		default: dob[0] = '\0';
		}
	snprintf(b, sizeof(b), "rec-%ld", id);
	csv(f, b, 0);
	csv(f, c.given, 0);
	csv(f, c.sur, 0);
	csv(f, c.no, 0);
	csv(f, addr, 0);
	csv(f, c.suburb, 0);
	csv(f, c.pc, 0);
	csv(f, c.state, 0);
	csv(f, dob, 0);
	csv(f, c.ssid, 0);
	snprintf(b, sizeof(b), "P%ld", truth);
	csv(f, b, 1);
}

static int
persons(long n, FILE *f)
{
	struct rec prev;
	long id = 0;

	fputs("rec_id,given_name,surname,street_number,address_1,suburb,"
	    "postcode,state,date_of_birth,soc_sec_id,_truth\n", f);
	for (long i = 0; i < n; i++) {
		struct rec r;
		uint32_t x = rnd(100);
		int copies = x < 60 ? 1 : x < 85 ? 2 : x < 95 ? 3 : 4;
		const char *g = firsts[rnd(sizeof(firsts) / sizeof(firsts[0]))];

		memset(&r, 0, sizeof(r));
		lower(r.given, g);
		lower(r.sur, lasts[rnd(sizeof(lasts) / sizeof(lasts[0]))]);
		r.nick = -1;
		for (size_t k = 0; k < sizeof(nicks) / sizeof(nicks[0]); k++)
			if (strcmp(nicks[k][0], g) == 0)
				r.nick = (int)k;
		if (i > 0 && rnd(6) == 0) {
			/* A household: the previous person's address and
			 * surname. */
			strcpy(r.sur, prev.sur);
			strcpy(r.no, prev.no);
			strcpy(r.street, prev.street);
			strcpy(r.stype, prev.stype);
			strcpy(r.suburb, prev.suburb);
			strcpy(r.pc, prev.pc);
			strcpy(r.state, prev.state);
			r.st = prev.st;
		} else {
			snprintf(r.no, sizeof(r.no), "%u", 1 + rnd(300));
			strcpy(r.street, streets[rnd(sizeof(streets) /
			    sizeof(streets[0]))]);
			r.st = (int)rnd(5);
			strcpy(r.stype, stypes[r.st][0]);
			strcpy(r.suburb, suburbs[rnd(sizeof(suburbs) /
			    sizeof(suburbs[0]))]);
			snprintf(r.pc, sizeof(r.pc), "%04u", 2000 + rnd(5000));
			strcpy(r.state, states[rnd(8)]);
		}
		if (i > 0 && rnd(25) == 0) {
			/* A namesake elsewhere. */
			strcpy(r.given, prev.given);
			strcpy(r.sur, prev.sur);
			r.nick = prev.nick;
		}
		r.y = 1930 + (int)rnd(85);
		r.m = 1 + (int)rnd(12);
		r.d = 1 + (int)rnd(28);
		snprintf(r.ssid, sizeof(r.ssid), "%07u", rnd(10000000));
		for (int c = 0; c < copies; c++)
			emit_rec(f, &r, c, ++id, i + 1);
		prev = r;
	}
	return fclose(f) != 0 ? 74 : 0;
}

int
main(int argc, char *argv[])
{
	long n, id = 0;
	FILE *a, *b;
	struct person prev;

	if (argc == 5 && strcmp(argv[1], "-p") == 0) {
		FILE *f;

		seed ^= (uint64_t)atol(argv[3]) * 0x9e3779b97f4a7c15ULL;
		if ((f = fopen(argv[4], "w")) == NULL) {
			perror("gen-dupes");
			return 73;
		}
		return persons(atol(argv[2]), f);
	}
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: gen-dupes N SEED A.csv [B.csv]\n");
		return 64;
	}
	n = atol(argv[1]);
	seed ^= (uint64_t)atol(argv[2]) * 0x9e3779b97f4a7c15ULL;
	if ((a = fopen(argv[3], "w")) == NULL ||
	    (b = argc == 5 ? fopen(argv[4], "w") : a) == NULL) {
		perror("gen-dupes");
		return 73;
	}
	fputs("Record ID,First Name,Last Name,Email,Phone Number,"
	    "Company Name,Postal Code,City,_truth\n", a);
	if (b != a)
		fputs("Lead ID,First Name,Last Name,Email Address,Phone,"
		    "Company / Account,Zip/Postal Code,City,_truth\n", b);
	for (long i = 0; i < n; i++) {
		struct person p;
		uint32_t r = rnd(100);
		int copies = r < 60 ? 1 : r < 85 ? 2 : r < 95 ? 3 : 4;

		/* One person in five works where the previous one does. */
		bool colleague = i > 0 && rnd(5) == 0;

		make_person(&p, colleague ? &prev : NULL);
		/* Namesakes: one in twenty shares the previous one's name
		 * (at another company). */
		if (i > 0 && !colleague && rnd(20) == 0) {
			strcpy(p.first, prev.first);
			strcpy(p.last, prev.last);
			p.nick = prev.nick;
		}
		for (int c = 0; c < copies; c++)
			emit(rnd(2) ? a : b, &p, c, ++id, i + 1);
		prev = p;
	}
	if ((b != a && fclose(b) != 0) || fclose(a) != 0) {
		perror("gen-dupes");
		return 74;
	}
	return 0;
}
