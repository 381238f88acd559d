/*
 * gen-leads -- write a deterministic, realistic lead export as CSV.
 *
 *   gen-leads [-s seed] [-n rows] [-f style] [-d dup-rate] [-t typo-rate]
 *             [-m missing-scale] [-D delim] [-l lf|crlf] [-b yes|no] [-N]
 *
 * Styles: salesforce, hubspot, marketo, pipedrive, zoho, excel-de,
 * generic, canonical.  Each writes the headers and value vocabularies of
 * that CRM's lead or contact export; excel-de is a German Excel sheet
 * (semicolons, decimal comma, DD.MM.YYYY); generic is a hand-made English
 * sheet with mixed date and number forms; canonical is what lead-norm
 * writes (canonical names, ISO dates, E.164 phones, ISO country codes,
 * yes/no), for benchmarking the later stages alone.
 *
 * The data: people of 18 countries with their names (Müller, José, Zoë,
 * Łukasz, 王), companies and free-mail addresses; titles by seniority,
 * company sizes, industries, lead sources, statuses and lifecycle stages in
 * each CRM's vocabulary; engagement counts that go together (opens >=
 * clicks, engaged leads ask for demos and get qualified); created and last
 * activity dates in the two years before 2026-11-01; BANT answers for leads
 * that sales worked; notes with commas, quotes and line breaks; missing
 * values, typos, stray white space; and about -d of the rows a duplicate
 * of an earlier person with variations (case, white space, an e-mail
 * alias, another phone format, a company suffix dropped).
 *
 * The output is UTF-8 RFC 4180 CSV: fields are quoted only when they hold
 * the delimiter, a quote or a line break.  The same arguments give the
 * same bytes on every machine: one splitmix64 stream, integer and IEEE
 * double arithmetic only (no libm), no clock, no locale.
 *
 * Plain C, no leadpipe library: it is a build tool (make builds it into
 * BUILD/tools/gen-leads) and a benchmark input generator.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- random */

/*
 * Two streams: one makes the leads, one makes the choices of how a style
 * writes them, so one seed gives the same people in every style.
 */
static uint64_t rng_lead, rng_style;
static uint64_t *rng = &rng_lead;

static uint64_t
next64(void)
{
	uint64_t z = (*rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(void)
{
	return (double)(next64() >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [0, n). */
static unsigned
rnd(unsigned n)
{
	return (unsigned)(((next64() >> 32) * (uint64_t)n) >> 32);
}

static int
chance(double p)
{
	return unif() < p;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PICK(a)		((a)[rnd(NELEM(a))])

/* Index by weight; w sums to anything positive. */
static unsigned
pickw(const unsigned *w, unsigned n)
{
	unsigned sum = 0, r;

	for (unsigned i = 0; i < n; i++)
		sum += w[i];
	r = rnd(sum);
	for (unsigned i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* ---------------------------------------------------------------- output */

static char obuf[1 << 20];
static size_t olen;
static char delim = ',';
static const char *eol = "\n";

static void
oflush(void)
{
	if (olen > 0 && fwrite(obuf, 1, olen, stdout) != olen) {
		perror("gen-leads: write");
		exit(1);
	}
	olen = 0;
}

static void
oput(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		oflush();
	if (n > sizeof(obuf)) {
		if (fwrite(s, 1, n, stdout) != n) {
			perror("gen-leads: write");
			exit(1);
		}
		return;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

/* One field, quoted only when it must be (RFC 4180). */
static void
ofield(const char *s, size_t n)
{
	int q = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r') {
			q = 1;
			break;
		}
	if (!q) {
		oput(s, n);
		return;
	}
	if (olen + 2 * n + 2 > sizeof(obuf))
		oflush();
	obuf[olen++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			obuf[olen++] = '"';
		obuf[olen++] = s[i];
	}
	obuf[olen++] = '"';
}

/* ------------------------------------------------------- string builder */

struct sb {
	char	a[2048];
	size_t	n;
};

static void
sadd(struct sb *b, const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(b->a) - 1 - b->n)
		n = sizeof(b->a) - 1 - b->n;
	memcpy(b->a + b->n, s, n);
	b->n += n;
	b->a[b->n] = '\0';
}

static void
saddc(struct sb *b, char c)
{
	if (b->n < sizeof(b->a) - 1) {
		b->a[b->n++] = c;
		b->a[b->n] = '\0';
	}
}

static void
suint(struct sb *b, unsigned long long v)
{
	char t[24];
	int i = 0;

	do
		t[i++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (i > 0)
		saddc(b, t[--i]);
}

/* v with at least w digits. */
static void
suintw(struct sb *b, unsigned long long v, int w)
{
	unsigned long long p = 1;

	for (int i = 1; i < w; i++)
		p *= 10;
	for (; p > 1 && v < p; p /= 10)
		saddc(b, '0');
	suint(b, v);
}

/* v with a thousands separator sep (0 for none). */
static void
sgroup(struct sb *b, unsigned long long v, char sep)
{
	char t[32];
	int i = 0, k = 0;

	do {
		if (k > 0 && k % 3 == 0 && sep)
			t[i++] = sep;
		t[i++] = (char)('0' + v % 10);
		k++;
	} while ((v /= 10) != 0);
	while (i > 0)
		saddc(b, t[--i]);
}

/* Copy s into a fixed array. */
static void
scpy(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "Display|ascii" -> the display part, or the ascii part (whole if none). */
static void
part(const char *s, int ascii, char *out, size_t cap)
{
	const char *bar = strchr(s, '|');
	size_t n;

	if (bar == NULL) {
		scpy(out, cap, s);
		return;
	}
	if (ascii) {
		scpy(out, cap, bar + 1);
		return;
	}
	n = (size_t)(bar - s);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Lower-case ASCII letters, dropping anything but [a-z0-9]. */
static void
slug(const char *s, char *out, size_t cap)
{
	size_t k = 0;

	for (; *s != '\0' && k + 1 < cap; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			out[k++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

static void
upper_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static void
lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * A typo in an ASCII stretch of s: two letters swapped, one dropped or
 * doubled.  UTF-8 sequences are never split.
 */
static void
typo(char *s, size_t cap)
{
	size_t n = strlen(s), i;
	int tries;

	if (n < 4)
		return;
	for (tries = 0; tries < 8; tries++) {
		i = 1 + rnd((unsigned)(n - 2));
		if (s[i] >= 'a' && s[i] <= 'z' && s[i + 1] >= 'a' &&
		    s[i + 1] <= 'z')
			break;
	}
	if (tries == 8)
		return;
	switch (rnd(3)) {
	case 0: {
		char c = s[i];

		s[i] = s[i + 1];
		s[i + 1] = c;
		break;
	}
	case 1:
		memmove(s + i, s + i + 1, n - i);
		break;
	default:
		if (n + 1 < cap) {
			memmove(s + i + 1, s + i, n - i + 1);
		}
	}
}

/* ------------------------------------------------------------------ data */

enum { L_EN, L_DE, L_FR, L_ES, L_IT, L_NL, L_SE, L_PL, L_IN, L_PT, L_JP,
	L_CN, NLOC };

struct names {
	const char *const	*first;
	unsigned		 nfirst;
	const char *const	*last;
	unsigned		 nlast;
};

static const char *const en_first[] = { "James", "Mary", "John",
	"Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
	"Elizabeth", "William", "Sarah", "Chris", "Jessica", "Daniel", "Emily",
	"Matthew", "Ashley", "Zoë|Zoe", "Chloé|Chloe", "Ryan", "Megan", "Kevin",
	"Laura", "Brian", "Olivia", "Sean", "Siobhán|Siobhan", "Liam", "Grace" };
static const char *const en_last[] = { "Smith", "Johnson", "Williams",
	"Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
	"Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris",
	"Clark", "Lewis", "Walker", "O'Brien|OBrien", "O'Connor|OConnor",
	"McDonald", "Nguyen", "Kim", "Patel", "García|Garcia",
	"Hernández|Hernandez", "Murphy", "Kelly" };
static const char *const de_first[] = { "Lukas", "Anna", "Jürgen|Juergen",
	"Jörg|Joerg", "Sabine", "Stefan", "Katrin", "Thomas", "Julia",
	"Michael", "Jens", "Birgit", "Sören|Soeren", "Maximilian", "Lea",
	"Björn|Bjoern", "Özlem|Oezlem", "Uwe", "Claudia", "Felix", "Hannah",
	"Günther|Guenther", "Mareike", "Tobias" };
static const char *const de_last[] = { "Müller|Mueller", "Schmidt",
	"Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
	"Hoffmann", "Schäfer|Schaefer", "Koch", "Bauer", "Richter", "Klein",
	"Wolf", "Schröder|Schroeder", "Neumann", "Schwarz", "Zimmermann",
	"Braun", "Krüger|Krueger", "Hartmann", "Lange", "Weiß|Weiss",
	"Yılmaz|Yilmaz", "Groß|Gross", "von Berg|vonBerg" };
static const char *const fr_first[] = { "Camille", "Léa|Lea",
	"Hélène|Helene", "François|Francois", "Jérôme|Jerome",
	"Amélie|Amelie", "Nicolas", "Julien", "Céline|Celine", "Mathieu",
	"Chloé|Chloe", "Sébastien|Sebastien", "Élodie|Elodie", "Pierre",
	"Margaux", "Thomas", "Zoé|Zoe", "Benoît|Benoit" };
static const char *const fr_last[] = { "Martin", "Bernard", "Dubois",
	"Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre|Lefevre", "Michel", "Garcia", "Fournier",
	"Rousseau", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
	"Chevalier", "Gauthier" };
static const char *const es_first[] = { "José|Jose", "María|Maria",
	"Antonio", "Carmen", "Javier", "Lucía|Lucia", "Alejandro",
	"Sofía|Sofia", "Álvaro|Alvaro", "Pilar", "Raúl|Raul", "Marta",
	"Sergio", "Inés|Ines" };
static const char *const es_last[] = { "García|Garcia",
	"Fernández|Fernandez", "González|Gonzalez", "Rodríguez|Rodriguez",
	"López|Lopez", "Martínez|Martinez", "Sánchez|Sanchez", "Pérez|Perez",
	"Gómez|Gomez", "Muñoz|Munoz", "Peña|Pena", "Jiménez|Jimenez" };
static const char *const it_first[] = { "Giuseppe", "Francesca", "Marco",
	"Giulia", "Alessandro", "Chiara", "Luca", "Sara", "Matteo", "Elena",
	"Niccolò|Niccolo" };
static const char *const it_last[] = { "Rossi", "Russo", "Ferrari",
	"Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
	"Bruno", "Gallo", "Conti", "De Luca|DeLuca" };
static const char *const nl_first[] = { "Daan", "Sanne", "Bram", "Zoë|Zoe",
	"Lotte", "Sem", "Fleur", "Jeroen", "Anouk", "Ruben", "Eva" };
static const char *const nl_last[] = { "de Jong|deJong", "Jansen",
	"de Vries|deVries", "van den Berg|vandenBerg", "van Dijk|vanDijk",
	"Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer|deBoer" };
static const char *const se_first[] = { "Åsa|Asa", "Björn|Bjorn", "Erik",
	"Ingrid", "Lars", "Maja", "Oskar", "Linnéa|Linnea", "Sven", "Karin",
	"Göran|Goran" };
static const char *const se_last[] = { "Andersson", "Johansson", "Karlsson",
	"Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
	"Lindström|Lindstrom", "Öberg|Oberg", "Åkesson|Akesson" };
static const char *const pl_first[] = { "Łukasz|Lukasz",
	"Małgorzata|Malgorzata", "Piotr", "Anna", "Krzysztof", "Katarzyna",
	"Wojciech", "Agnieszka", "Paweł|Pawel", "Zuzanna", "Michał|Michal",
	"Grzegorz" };
static const char *const pl_last[] = { "Kowalski", "Nowak",
	"Wiśniewski|Wisniewski", "Wójcik|Wojcik", "Kowalczyk",
	"Kamiński|Kaminski", "Lewandowski", "Zieliński|Zielinski",
	"Szymański|Szymanski", "Dąbrowski|Dabrowski", "Woźniak|Wozniak" };
static const char *const in_first[] = { "Priya", "Rahul", "Amit", "Ananya",
	"Vikram", "Sneha", "Arjun", "Pooja", "Rohan", "Kavya", "Sanjay",
	"Deepa" };
static const char *const in_last[] = { "Sharma", "Patel", "Singh", "Kumar",
	"Gupta", "Iyer", "Reddy", "Nair", "Mehta", "Rao", "Joshi",
	"Chatterjee" };
static const char *const pt_first[] = { "João|Joao", "Ana", "Pedro",
	"Mariana", "Lucas", "Beatriz", "Gabriel", "Júlia|Julia", "Rafael",
	"Letícia|Leticia", "Thiago", "Camila" };
static const char *const pt_last[] = { "Silva", "Santos", "Oliveira",
	"Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
	"Conceição|Conceicao", "Araújo|Araujo" };
static const char *const jp_first[] = { "翔太|Shota", "陽菜|Hina",
	"大輝|Daiki", "さくら|Sakura", "健一|Kenichi", "美咲|Misaki", "Yuki",
	"Haruto" };
static const char *const jp_last[] = { "佐藤|Sato", "鈴木|Suzuki",
	"高橋|Takahashi", "田中|Tanaka", "渡辺|Watanabe", "伊藤|Ito",
	"Yamamoto", "Nakamura" };
static const char *const cn_first[] = { "伟|Wei", "芳|Fang", "娜|Na",
	"敏|Min", "静|Jing", "磊|Lei", "Wei", "Xiaoming" };
static const char *const cn_last[] = { "王|Wang", "李|Li", "张|Zhang",
	"刘|Liu", "陈|Chen", "杨|Yang", "黄|Huang", "赵|Zhao", "Wang", "Chen" };

#define NAMES(p)	{ p##_first, NELEM(p##_first), p##_last, NELEM(p##_last) }
static const struct names names[NLOC] = {
	NAMES(en), NAMES(de), NAMES(fr), NAMES(es), NAMES(it), NAMES(nl),
	NAMES(se), NAMES(pl), NAMES(in), NAMES(pt), NAMES(jp), NAMES(cn)
};

static const char *const streets[NLOC][4] = {
	{ "Market St", "Main Street", "Oak Avenue", "5th Ave" },
	{ "Hauptstraße", "Bahnhofstraße", "Lindenallee", "Am Markt" },
	{ "rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire",
	    "rue du Faubourg Saint-Honoré" },
	{ "Calle Mayor", "Gran Vía", "Calle de Alcalá", "Paseo de Gracia" },
	{ "Via Roma", "Corso Italia", "Via Garibaldi", "Via Dante" },
	{ "Keizersgracht", "Herengracht", "Stationsplein", "Kerkstraat" },
	{ "Drottninggatan", "Storgatan", "Kungsgatan", "Sveavägen" },
	{ "ul. Marszałkowska", "ul. Długa", "ul. Floriańska", "al. Jerozolimskie" },
	{ "MG Road", "Brigade Road", "Linking Road", "Park Street" },
	{ "Avenida Paulista", "Rua Augusta", "Rua Oscar Freire", "Avenida Atlântica" },
	{ "Ginza 4-chome", "Shibuya 2-21", "Umeda 1-1", "Roppongi 6-10" },
	{ "Nanjing Road", "Huaihai Road", "Shennan Avenue", "Chang'an Avenue" }
};

struct city {
	const char	*name;
	const char	*state;		/* "code|name" or a name */
	const char	*postal;	/* '#' a digit, '@' a capital letter */
};

struct country {
	const char	*code, *code3, *en, *de;
	const char	*alt[3];	/* what people type instead */
	unsigned	 weight;
	int		 loc;
	const char	*cc;		/* calling code */
	const char	*groups;	/* national number digit groups */
	const char	*tld;
	const char	*freemail[4];
	const char	*suffix[4];
	struct city	 city[5];
};

static const struct country countries[] = {
	{ "US", "USA", "United States", "Vereinigte Staaten",
	    { "USA", "U.S.", "United States of America" }, 300, L_EN, "1",
	    "334", "com", { "gmail.com", "yahoo.com", "hotmail.com", "aol.com" },
	    { "Inc.", "LLC", "Corp.", "" },
	    { { "San Francisco", "CA|California", "941##" },
	      { "New York", "NY|New York", "100##" },
	      { "Austin", "TX|Texas", "787##" },
	      { "Chicago", "IL|Illinois", "606##" },
	      { "Boston", "MA|Massachusetts", "021##" } } },
	{ "GB", "GBR", "United Kingdom", "Vereinigtes Königreich",
	    { "UK", "Great Britain", "England" }, 90, L_EN, "44", "244",
	    "co.uk", { "gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com" },
	    { "Ltd", "plc", "LLP", "Ltd." },
	    { { "London", "England", "EC# #@@" },
	      { "Manchester", "England", "M## #@@" },
	      { "Edinburgh", "Scotland", "EH# #@@" },
	      { "Bristol", "England", "BS# #@@" },
	      { "Cardiff", "Wales", "CF## #@@" } } },
	{ "DE", "DEU", "Germany", "Deutschland",
	    { "Deutschland", "DE", "GER" }, 120, L_DE, "49", "37", "de",
	    { "gmx.de", "web.de", "t-online.de", "gmail.com" },
	    { "GmbH", "AG", "GmbH & Co. KG", "SE" },
	    { { "Berlin", "Berlin", "10###" },
	      { "München", "Bayern", "80###" },
	      { "Hamburg", "Hamburg", "20###" },
	      { "Köln", "Nordrhein-Westfalen", "50###" },
	      { "Frankfurt am Main", "Hessen", "60###" } } },
	{ "FR", "FRA", "France", "Frankreich", { "FR", "France", "FRA" },
	    60, L_FR, "33", "12222", "fr",
	    { "orange.fr", "free.fr", "gmail.com", "laposte.net" },
	    { "SAS", "SA", "SARL", "" },
	    { { "Paris", "Île-de-France", "75###" },
	      { "Lyon", "Auvergne-Rhône-Alpes", "69###" },
	      { "Marseille", "Provence-Alpes-Côte d'Azur", "13###" },
	      { "Toulouse", "Occitanie", "31###" },
	      { "Nantes", "Pays de la Loire", "44###" } } },
	{ "CA", "CAN", "Canada", "Kanada", { "CA", "Canada", "CAN" }, 50,
	    L_EN, "1", "334", "ca",
	    { "gmail.com", "hotmail.com", "yahoo.ca", "outlook.com" },
	    { "Inc.", "Ltd.", "Corp.", "" },
	    { { "Toronto", "ON|Ontario", "M#@ #@#" },
	      { "Vancouver", "BC|British Columbia", "V#@ #@#" },
	      { "Montréal", "QC|Quebec", "H#@ #@#" },
	      { "Calgary", "AB|Alberta", "T#@ #@#" },
	      { "Ottawa", "ON|Ontario", "K#@ #@#" } } },
	{ "NL", "NLD", "Netherlands", "Niederlande",
	    { "The Netherlands", "Holland", "NL" }, 30, L_NL, "31", "234",
	    "nl", { "gmail.com", "hotmail.nl", "ziggo.nl", "outlook.com" },
	    { "B.V.", "N.V.", "B.V.", "" },
	    { { "Amsterdam", "Noord-Holland", "10## @@" },
	      { "Rotterdam", "Zuid-Holland", "30## @@" },
	      { "Utrecht", "Utrecht", "35## @@" },
	      { "Eindhoven", "Noord-Brabant", "56## @@" },
	      { "Den Haag", "Zuid-Holland", "25## @@" } } },
	{ "ES", "ESP", "Spain", "Spanien", { "España", "ES", "Espana" }, 30,
	    L_ES, "34", "333", "es",
	    { "gmail.com", "hotmail.es", "yahoo.es", "outlook.es" },
	    { "S.L.", "S.A.", "S.L.", "" },
	    { { "Madrid", "Madrid", "28###" },
	      { "Barcelona", "Cataluña", "08###" },
	      { "Valencia", "Comunidad Valenciana", "46###" },
	      { "Sevilla", "Andalucía", "41###" },
	      { "Bilbao", "País Vasco", "48###" } } },
	{ "IT", "ITA", "Italy", "Italien", { "Italia", "IT", "ITA" }, 30,
	    L_IT, "39", "244", "it",
	    { "gmail.com", "libero.it", "hotmail.it", "virgilio.it" },
	    { "S.r.l.", "S.p.A.", "S.r.l.", "" },
	    { { "Milano", "Lombardia", "201##" },
	      { "Roma", "Lazio", "001##" },
	      { "Torino", "Piemonte", "101##" },
	      { "Bologna", "Emilia-Romagna", "401##" },
	      { "Napoli", "Campania", "801##" } } },
	{ "CH", "CHE", "Switzerland", "Schweiz", { "Schweiz", "CH", "Suisse" },
	    20, L_DE, "41", "2322", "ch",
	    { "bluewin.ch", "gmail.com", "gmx.ch", "hotmail.com" },
	    { "AG", "GmbH", "SA", "" },
	    { { "Zürich", "ZH", "80##" },
	      { "Genève", "GE", "12##" },
	      { "Basel", "BS", "40##" },
	      { "Bern", "BE", "30##" },
	      { "Lausanne", "VD", "10##" } } },
	{ "AT", "AUT", "Austria", "Österreich", { "Österreich", "AT", "Oesterreich" },
	    20, L_DE, "43", "36", "at",
	    { "gmx.at", "aon.at", "gmail.com", "chello.at" },
	    { "GmbH", "AG", "GmbH", "KG" },
	    { { "Wien", "Wien", "1###" },
	      { "Graz", "Steiermark", "80##" },
	      { "Linz", "Oberösterreich", "40##" },
	      { "Salzburg", "Salzburg", "50##" },
	      { "Innsbruck", "Tirol", "60##" } } },
	{ "SE", "SWE", "Sweden", "Schweden", { "Sverige", "SE", "SWE" }, 20,
	    L_SE, "46", "2322", "se",
	    { "gmail.com", "hotmail.se", "telia.com", "outlook.com" },
	    { "AB", "AB", "AB (publ)", "" },
	    { { "Stockholm", "Stockholms län", "1## ##" },
	      { "Göteborg", "Västra Götaland", "4## ##" },
	      { "Malmö", "Skåne", "2## ##" },
	      { "Uppsala", "Uppsala län", "75# ##" },
	      { "Linköping", "Östergötland", "58# ##" } } },
	{ "PL", "POL", "Poland", "Polen", { "Polska", "PL", "POL" }, 20, L_PL,
	    "48", "333", "pl",
	    { "wp.pl", "onet.pl", "gmail.com", "interia.pl" },
	    { "Sp. z o.o.", "S.A.", "Sp. z o.o.", "" },
	    { { "Warszawa", "Mazowieckie", "0#-###" },
	      { "Kraków", "Małopolskie", "3#-###" },
	      { "Wrocław", "Dolnośląskie", "5#-###" },
	      { "Gdańsk", "Pomorskie", "8#-###" },
	      { "Poznań", "Wielkopolskie", "6#-###" } } },
	{ "IN", "IND", "India", "Indien", { "IN", "Bharat", "India " }, 50,
	    L_IN, "91", "55", "in",
	    { "gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com" },
	    { "Pvt. Ltd.", "Ltd.", "Pvt Ltd", "" },
	    { { "Bengaluru", "Karnataka", "560###" },
	      { "Mumbai", "Maharashtra", "400###" },
	      { "Pune", "Maharashtra", "411###" },
	      { "Hyderabad", "Telangana", "500###" },
	      { "Chennai", "Tamil Nadu", "600###" } } },
	{ "BR", "BRA", "Brazil", "Brasilien", { "Brasil", "BR", "BRA" }, 30,
	    L_PT, "55", "254", "com.br",
	    { "gmail.com", "hotmail.com", "uol.com.br", "bol.com.br" },
	    { "Ltda.", "S.A.", "Ltda", "" },
	    { { "São Paulo", "SP", "0####-###" },
	      { "Rio de Janeiro", "RJ", "2####-###" },
	      { "Belo Horizonte", "MG", "3####-###" },
	      { "Curitiba", "PR", "8####-###" },
	      { "Porto Alegre", "RS", "9####-###" } } },
	{ "AU", "AUS", "Australia", "Australien", { "AU", "Aus", "Australia" },
	    30, L_EN, "61", "144", "com.au",
	    { "gmail.com", "bigpond.com", "outlook.com", "hotmail.com" },
	    { "Pty Ltd", "Pty. Ltd.", "Ltd", "" },
	    { { "Sydney", "NSW|New South Wales", "2###" },
	      { "Melbourne", "VIC|Victoria", "3###" },
	      { "Brisbane", "QLD|Queensland", "4###" },
	      { "Perth", "WA|Western Australia", "6###" },
	      { "Adelaide", "SA|South Australia", "5###" } } },
	{ "JP", "JPN", "Japan", "Japan", { "JP", "日本", "Japan" }, 10, L_JP,
	    "81", "244", "co.jp",
	    { "gmail.com", "yahoo.co.jp", "docomo.ne.jp", "outlook.jp" },
	    { "K.K.", "Co., Ltd.", "Inc.", "" },
	    { { "Tokyo", "Tokyo", "1##-####" },
	      { "Osaka", "Osaka", "5##-####" },
	      { "Yokohama", "Kanagawa", "2##-####" },
	      { "Nagoya", "Aichi", "4##-####" },
	      { "Fukuoka", "Fukuoka", "8##-####" } } },
	{ "CN", "CHN", "China", "China", { "CN", "PRC", "中国" }, 10, L_CN,
	    "86", "344", "cn",
	    { "qq.com", "163.com", "126.com", "sina.com" },
	    { "Co., Ltd.", "Ltd.", "Co., Ltd.", "" },
	    { { "Beijing", "Beijing", "100###" },
	      { "Shanghai", "Shanghai", "200###" },
	      { "Shenzhen", "Guangdong", "518###" },
	      { "Hangzhou", "Zhejiang", "310###" },
	      { "Chengdu", "Sichuan", "610###" } } },
	{ "IE", "IRL", "Ireland", "Irland", { "IE", "Éire", "Republic of Ireland" },
	    10, L_EN, "353", "134", "ie",
	    { "gmail.com", "eircom.net", "hotmail.com", "outlook.com" },
	    { "Ltd", "DAC", "Limited", "" },
	    { { "Dublin", "Leinster", "D0# @#@#" },
	      { "Cork", "Munster", "T12 @#@#" },
	      { "Galway", "Connacht", "H91 @#@#" },
	      { "Limerick", "Munster", "V94 @#@#" },
	      { "Waterford", "Munster", "X91 @#@#" } } },
};
#define NCOUNTRY	NELEM(countries)

/* Company name parts: "Display|ascii" brand, then a sector word. */
static const char *const brand_en[] = { "Acme", "Northwind", "Bluebird",
	"Summit", "Pioneer", "Evergreen", "Ironclad", "Brightline", "Keystone",
	"Redwood", "Silverline", "Harbor", "Atlas", "Lighthouse", "Granite",
	"Cobalt", "Vertex", "Meridian", "Beacon", "Horizon", "Falcon",
	"Orchid", "Sterling", "Juniper", "Quantum", "Tidewater", "Copperleaf",
	"Blue Harbor|BlueHarbor", "Bright Peak|BrightPeak", "Red Fern|RedFern" };
static const char *const brand_de[] = { "Müller|Mueller", "Nordwind",
	"Rheinland", "Alpen", "Bergmann", "Sonnenschein", "Hansa", "Elbe",
	"Schwarzwald", "Isar", "Taunus", "Weißenfels|Weissenfels",
	"Lüneburg|Lueneburg", "Falkenstein", "Brückner|Brueckner" };
static const char *const brand_fr[] = { "Lumière|Lumiere", "Étoile|Etoile",
	"Rivière|Riviere", "Bellevue", "Soleil", "Azur", "Provence", "Mistral",
	"Château|Chateau", "Garonne" };
static const char *const sector_en[] = { "Software", "Systems", "Analytics",
	"Logistics", "Health", "Labs", "Solutions", "Consulting",
	"Manufacturing", "Energy", "Media", "Retail", "Capital", "Robotics",
	"Networks", "Foods", "Technologies", "Data", "Security", "Cloud" };
static const char *const sector_de[] = { "Software", "Systeme", "Logistik",
	"Maschinenbau", "Technik", "Beratung", "Medizintechnik", "Energie",
	"Handel", "Bau", "IT-Service|ITService", "Automation" };
static const char *const sector_fr[] = { "Informatique", "Conseil",
	"Logistique", "Industries", "Santé|Sante", "Énergie|Energie",
	"Systèmes|Systemes", "Digital", "Solutions", "Technologies" };

/* Industries: the generic label, then Salesforce, HubSpot, German. */
static const char *const industry[][4] = {
	{ "Software", "Technology", "Computer Software", "Software" },
	{ "IT Services", "Technology", "Information Technology and Services",
	    "IT-Dienstleistungen" },
	{ "Financial Services", "Finance", "Financial Services",
	    "Finanzdienstleistungen" },
	{ "Manufacturing", "Manufacturing",
	    "Mechanical or Industrial Engineering", "Maschinenbau" },
	{ "Healthcare", "Healthcare", "Hospital & Health Care",
	    "Gesundheitswesen" },
	{ "Retail", "Retail", "Retail", "Einzelhandel" },
	{ "Education", "Education", "Education Management", "Bildung" },
	{ "Telecommunications", "Communications", "Telecommunications",
	    "Telekommunikation" },
	{ "Media", "Media", "Marketing and Advertising", "Medien & Werbung" },
	{ "Consulting", "Consulting", "Management Consulting", "Beratung" },
	{ "Logistics", "Transportation", "Logistics and Supply Chain",
	    "Logistik" },
	{ "Energy", "Energy", "Oil & Energy", "Energie" },
	{ "Government", "Government", "Government Administration",
	    "Öffentliche Verwaltung" },
	{ "Non-profit", "Not For Profit", "Non-Profit Organization Management",
	    "Gemeinnützig" },
	{ "Insurance", "Insurance", "Insurance", "Versicherungen" },
	{ "Automotive", "Manufacturing", "Automotive", "Automobil" },
};
static const unsigned industry_w[] = { 18, 12, 9, 10, 8, 7, 5, 4, 4, 6, 5,
	3, 2, 2, 3, 4 };

/* Functions for titles: English, German. */
static const char *const func_en[] = { "Marketing", "Sales", "IT",
	"Engineering", "Operations", "Finance", "HR", "Product", "Procurement",
	"Customer Success", "Data", "Security" };
static const char *const func_de[] = { "Marketing", "Vertrieb", "IT",
	"Entwicklung", "Betrieb", "Finanzen", "Personal", "Produktmanagement",
	"Einkauf", "Kundenservice", "Data", "IT-Sicherheit" };

/* Lead sources: the generic label, Salesforce, HubSpot, Zoho, German. */
static const char *const source[][5] = {
	{ "Website", "Web", "Organic Search", "Web Download", "Website" },
	{ "Google Ads", "Advertisement", "Paid Search", "Advertisement",
	    "Google Ads" },
	{ "LinkedIn", "Social Media", "Paid Social", "Advertisement",
	    "LinkedIn" },
	{ "Email", "Email", "Email Marketing", "Sales Email Alias",
	    "Newsletter" },
	{ "Trade Show", "Trade Show", "Offline Sources", "Trade Show",
	    "Messe" },
	{ "Webinar", "Webinar", "Other Campaigns", "Internal Seminar",
	    "Webinar" },
	{ "Referral", "Employee Referral", "Referrals", "Employee Referral",
	    "Empfehlung" },
	{ "Partner", "Partner Referral", "Referrals", "Partner", "Partner" },
	{ "List Import", "Purchased List", "Offline Sources", "Web Research",
	    "Adresskauf" },
	{ "Cold Call", "Phone Inquiry", "Direct Traffic", "Cold Call",
	    "Kaltakquise" },
	{ "Other", "Other", "Other Campaigns", "Chat", "Sonstiges" },
};
static const unsigned source_w[] = { 28, 14, 10, 8, 8, 7, 6, 5, 6, 4, 4 };
static const char *const drill[] = { "google", "bing", "linkedin",
	"facebook", "IMPORT", "CRM_UI", "API", "INTEGRATION", "newsletter",
	"partner-portal" };

/* The generic funnel a lead is in. */
enum { S_NEW, S_WORKING, S_NURTURE, S_QUALIFIED, S_CONVERTED, S_DQ, NSTAT };
static const char *const status_generic[] = { "New", "Working", "Nurture",
	"Qualified", "Converted", "Disqualified" };
static const char *const status_de[] = { "Neu", "In Bearbeitung",
	"Später", "Qualifiziert", "Gewonnen", "Disqualifiziert" };
static const char *const status_sf[] = { "Open - Not Contacted",
	"Working - Contacted", "Working - Contacted", "Working - Contacted",
	"Closed - Converted", "Closed - Not Converted" };
static const char *const dq_reasons[] = { "No budget", "Competitor",
	"Wrong contact", "Student", "Spam", "No response", "Not a fit",
	"Duplicate", "Too small" };
static const char *const owners[] = { "Anna Schmidt", "James O'Brien",
	"Priya Patel", "Lukas Weber", "Camille Dubois", "Marco Rossi",
	"Sarah Johnson", "Tom Nguyen", "Jörg Hansen", "Emily Carter" };
static const char *const campaigns[] = { "2026-Q1 Webinar Series",
	"Spring Launch 2026", "SaaS Summit 2025", "Retargeting EMEA",
	"Newsletter Nov 2025", "Partner Week", "CeBIT Revival 2026",
	"Free Trial - Paid Search", "Whitepaper: Data Quality",
	"ABM Tier 1, DACH" };

/* Notes: fragments joined; some carry quotes, commas or line breaks. */
static const char *const notes_en[] = {
	"Met at booth, asked about pricing",
	"Called twice, no answer; left voicemail",
	"Said \"not before Q3\", follow up in June",
	"Interested in API, SSO and audit logs",
	"Prefers email.\nDo not call before 10am",
	"Referred by Anna (customer), wants the \"enterprise\" tier",
	"Budget approved: 50,000 USD",
	"Downloaded whitepaper; visited pricing page 3x",
	"Current vendor contract ends 03/2027",
	"Asked for a demo for 5 people, incl. CTO",
	"Bounced email, found new address on LinkedIn",
	"Competitor user (\"too expensive\"), open to switch",
	"Needs GDPR/DPA review first\nLegal contact: see thread",
	"Student project, not a buyer",
};
static const char *const notes_de[] = {
	"Rückruf erbeten, \"dringend\"",
	"Auf der Messe getroffen; Interesse an API, SSO",
	"Budget ca. 20.000 €, Entscheidung im Q2",
	"Bitte nur per E-Mail kontaktieren.\nKein Anruf vor 10 Uhr",
	"Vertrag mit Wettbewerber läuft bis 31.12.2026",
	"Demo für das Team gewünscht (3 Personen)",
	"Datenschutzprüfung (DSGVO) nötig",
};

static const char *const budget_v[] = { "Yes", "No", "Unknown", "Yes",
	"Approved", "Pending" };
static const char *const authority_v[] = { "Decision Maker", "Influencer",
	"End User", "Decision Maker", "Champion" };
static const char *const need_v[] = { "High", "Medium", "Low", "High" };
static const char *const timeline_v[] = { "This quarter", "Next quarter",
	"3-6 months", "6-12 months", "> 12 months", "Unknown" };
static const char *const timeline_de[] = { "Dieses Quartal",
	"Nächstes Quartal", "3-6 Monate", "6-12 Monate", "> 12 Monate",
	"Unbekannt" };

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

enum dstyle {
	D_ISO,		/* 2026-03-14 */
	D_ISOZ,		/* 2026-03-14T09:31:00Z */
	D_HUB,		/* 2026-03-14 09:31 */
	D_SQL,		/* 2026-03-14 09:31:12 */
	D_US,		/* 3/14/2026 */
	D_DE,		/* 14.03.2026 */
	D_ZOHO,		/* 14 Mar, 2026 09:31:12 */
	D_SERIAL	/* 46095 (Excel, 1900 system) */
};

/* t: seconds since the epoch. */
static void
sdate(struct sb *b, int64_t t, enum dstyle st)
{
	long days = (long)(t / 86400);
	int secs = (int)(t % 86400), y, m, d;

	civil_from_days(days, &y, &m, &d);
	switch (st) {
	case D_ISO:
	case D_ISOZ:
	case D_HUB:
	case D_SQL:
		suint(b, (unsigned)y);
		saddc(b, '-');
		suintw(b, (unsigned)m, 2);
		saddc(b, '-');
		suintw(b, (unsigned)d, 2);
		if (st == D_ISO)
			break;
		saddc(b, st == D_ISOZ ? 'T' : ' ');
		suintw(b, (unsigned)secs / 3600, 2);
		saddc(b, ':');
		suintw(b, (unsigned)secs / 60 % 60, 2);
		if (st == D_HUB)
			break;
		saddc(b, ':');
		suintw(b, (unsigned)secs % 60, 2);
		if (st == D_ISOZ)
			saddc(b, 'Z');
		break;
	case D_US:
		suint(b, (unsigned)m);
		saddc(b, '/');
		suint(b, (unsigned)d);
		saddc(b, '/');
		suint(b, (unsigned)y);
		break;
	case D_DE:
		suintw(b, (unsigned)d, 2);
		saddc(b, '.');
		suintw(b, (unsigned)m, 2);
		saddc(b, '.');
		suint(b, (unsigned)y);
		break;
	case D_ZOHO:
		suintw(b, (unsigned)d, 2);
		saddc(b, ' ');
		sadd(b, mon[m - 1]);
		sadd(b, ", ");
		suint(b, (unsigned)y);
		saddc(b, ' ');
		suintw(b, (unsigned)secs / 3600, 2);
		saddc(b, ':');
		suintw(b, (unsigned)secs / 60 % 60, 2);
		saddc(b, ':');
		suintw(b, (unsigned)secs % 60, 2);
		break;
	case D_SERIAL:
		suint(b, (unsigned long)(days + 25569));
		break;
	}
}

/* ----------------------------------------------------------------- leads */

struct lead {
	unsigned long	 seq;		/* row number, for ids */
	int		 ci;		/* country index */
	int		 city;
	char		 first[48], last[48];	/* as written */
	char		 firsta[48], lasta[48];	/* ASCII, for e-mail */
	char		 email[256];
	char		 company[160];
	char		 domain[128];
	char		 title[96];
	char		 title_de[96];	/* German, for excel-de; "" = none */
	char		 street[80];
	char		 postal[16];
	char		 phone[24];	/* national significant number */
	int		 phone_style;
	int		 mobile;	/* has a second number */
	char		 mobnsn[24];
	int		 ind, src, status, owner, campaign, dq;
	unsigned	 employees;	/* 0: unknown */
	unsigned long long revenue;	/* 0: unknown */
	int64_t		 created, first_touch, last_act, converted, closed;
	int64_t		 mql_at;
	unsigned	 amount;
	unsigned	 pv, opens, clicks, forms;
	int		 demo;		/* 0 no, 1 yes, -1 unknown */
	int		 budget, authority, need, timeline;	/* -1 none */
	int		 lifecycle;	/* hubspot lifecycle index */
	int		 hstatus;	/* hubspot lead status index */
	int		 rating;
	unsigned	 score;
	char		 notes[400];
	char		 notes_de[400];
	/* Which optional values are missing. */
	unsigned	 miss;
	int		 upper_name, pad;	/* messiness of a row */
};

enum {
	M_PHONE = 1 << 0, M_TITLE = 1 << 1, M_INDUSTRY = 1 << 2,
	M_EMPLOYEES = 1 << 3, M_REVENUE = 1 << 4, M_STATE = 1 << 5,
	M_CITY = 1 << 6, M_POSTAL = 1 << 7, M_WEBSITE = 1 << 8,
	M_OWNER = 1 << 9, M_EMAIL = 1 << 10, M_COMPANY = 1 << 11,
	M_FIRST = 1 << 12, M_LAST = 1 << 13, M_STREET = 1 << 14,
	M_SOURCE = 1 << 15, M_LASTACT = 1 << 16, M_COUNTRY = 1 << 17
};

static const char *const lifecycle[] = { "subscriber", "lead",
	"marketingqualifiedlead", "salesqualifiedlead", "opportunity",
	"customer", "evangelist", "other" };
static const char *const hstatus[] = { "NEW", "OPEN", "IN_PROGRESS",
	"ATTEMPTED_TO_CONTACT", "CONNECTED", "OPEN_DEAL", "UNQUALIFIED",
	"BAD_TIMING" };
static const char *const zoho_status[][2] = {
	{ "Not Contacted", "Not Contacted" },
	{ "Attempted to Contact", "Contacted" },
	{ "Contact in Future", "Contact in Future" },
	{ "Pre-Qualified", "Pre-Qualified" },
	{ "Pre-Qualified", "Pre-Qualified" },
	{ "Not Qualified", "Junk Lead" } };
static const char *const rating_v[] = { "", "Hot", "Warm", "Cold" };

/* Options. */
static double dup_rate = 0.05, typo_rate = 0.02, miss_scale = 1.0;
static int no_notes;
static int style;
static int64_t t_end;		/* 2026-11-01T00:00:00Z */

enum { F_SALESFORCE, F_HUBSPOT, F_MARKETO, F_PIPEDRIVE, F_ZOHO,
	F_EXCEL_DE, F_GENERIC, F_CANONICAL };

static int
miss(double p)
{
	return chance(p * miss_scale);
}

/* Fill template: '#' a digit, '@' a capital letter. */
static void
fill(const char *tpl, char *out, size_t cap)
{
	size_t k = 0;

	for (; *tpl != '\0' && k + 1 < cap; tpl++) {
		if (*tpl == '#')
			out[k++] = (char)('0' + rnd(10));
		else if (*tpl == '@')
			out[k++] = (char)('A' + rnd(26));
		else
			out[k++] = *tpl;
	}
	out[k] = '\0';
}

/*
 * How numbers start in each country: the national trunk prefix ("" where
 * there is none, as in Spain or Poland) and the digits a national number
 * may begin with (geographic and mobile ranges).
 */
static const struct {
	const char	*code, *trunk, *lead;
} dialing[] = {
	{ "GB", "0", "1277" }, { "DE", "0", "23456789" },
	{ "FR", "0", "1234567" }, { "NL", "0", "1234567" },
	{ "ES", "", "6789" }, { "IT", "", "03" }, { "CH", "0", "234567" },
	{ "AT", "0", "1234567" }, { "SE", "0", "1234567" },
	{ "PL", "", "1245678" }, { "IN", "0", "6789" },
	{ "BR", "", "123456789" }, { "AU", "0", "23478" },
	{ "JP", "0", "36789" }, { "CN", "", "1" }, { "IE", "0", "1248" },
};

static int
dial_index(const struct country *c)
{
	for (size_t i = 0; i < NELEM(dialing); i++)
		if (strcmp(dialing[i].code, c->code) == 0)
			return (int)i;
	return -1;
}

/* A national significant number of the country's shape. */
static void
make_nsn(const struct country *c, char *out, size_t cap)
{
	int di = dial_index(c);
	size_t k = 0;

	for (const char *g = c->groups; *g != '\0'; g++)
		for (int i = 0; i < *g - '0' && k + 1 < cap; i++) {
			int dgt = (int)rnd(10);

			if (k == 0)
				dgt = di < 0 ? 2 + (int)rnd(8) :
				    dialing[di].lead[rnd((unsigned)
				    strlen(dialing[di].lead))] - '0';
			/* Chinese mobiles are 13x-19x. */
			if (k == 1 && di >= 0 && strcmp(c->code, "CN") == 0)
				dgt = 3 + (int)rnd(7);
			out[k++] = (char)('0' + dgt);
		}
	out[k] = '\0';
	/* North American numbers: a real area code, 555-01xx lines. */
	if (strcmp(c->cc, "1") == 0 && k == 10) {
		static const char *const area[] = { "415", "212", "512",
			"312", "617", "206", "303", "404", "416", "604" };
		memcpy(out, PICK(area), 3);
		memcpy(out + 3, "55501", 5);
	}
}

/* Pick an age in days, more recent leads being more common. */
static int64_t
pick_created(void)
{
	double u = unif();
	int64_t age = (int64_t)(730.0 * u * (0.4 + 0.6 * u));
	int64_t secs = 7 * 3600 + (int64_t)rnd(12 * 3600);

	return t_end - (age + 1) * 86400 + secs;
}

static void
make_company(struct lead *l, const struct country *c)
{
	char brand[40], brand_a[40], sect[40], sect_a[40], d1[40], d2[40];
	const char *suf = c->suffix[rnd(4)];
	const char *const *bl = brand_en, *const *sl = sector_en;
	unsigned nb = NELEM(brand_en), ns = NELEM(sector_en);

	if (c->loc == L_DE && chance(0.7)) {
		bl = brand_de, nb = NELEM(brand_de);
		sl = sector_de, ns = NELEM(sector_de);
	} else if (c->loc == L_FR && chance(0.7)) {
		bl = brand_fr, nb = NELEM(brand_fr);
		sl = sector_fr, ns = NELEM(sector_fr);
	}
	if (chance(0.03)) {
		/* A partnership of two family names: a comma in the name. */
		const struct names *nm = &names[c->loc];
		const char *a = nm->last[rnd(nm->nlast)];
		const char *b = nm->last[rnd(nm->nlast)];

		part(a, 0, brand, sizeof(brand));
		part(b, 0, sect, sizeof(sect));
		snprintf(l->company, sizeof(l->company), "%s, %s & Partners",
		    brand, sect);
		part(a, 1, d1, sizeof(d1));
		part(b, 1, d2, sizeof(d2));
		slug(d1, brand_a, sizeof(brand_a));
		slug(d2, sect_a, sizeof(sect_a));
	} else {
		const char *b = bl[rnd(nb)], *s = sl[rnd(ns)];

		part(b, 0, brand, sizeof(brand));
		part(s, 0, sect, sizeof(sect));
		part(b, 1, d1, sizeof(d1));
		part(s, 1, d2, sizeof(d2));
		slug(d1, brand_a, sizeof(brand_a));
		slug(d2, sect_a, sizeof(sect_a));
		snprintf(l->company, sizeof(l->company), "%s %s%s%s", brand,
		    sect, *suf ? " " : "", suf);
	}
	snprintf(l->domain, sizeof(l->domain), "%s%s%s.%s", brand_a,
	    chance(0.3) ? "-" : "", sect_a, chance(0.6) ? c->tld : "com");
}

static void
make_title(struct lead *l, int german, unsigned fi)
{
	static const unsigned w[] = { 4, 7, 6, 12, 25, 30, 8 };
	static const char *const clevel[] = { "CEO", "CTO", "CFO", "CMO",
		"COO", "CIO", "Chief Revenue Officer", "Founder & CEO",
		"Co-Founder", "Managing Director" };
	static const char *const ic[] = { "%s Specialist", "%s Analyst",
		"Senior %s Specialist", "%s Coordinator", "%s Associate",
		"%s Consultant" };
	static const char *const junior[] = { "Intern", "Student",
		"Assistant", "Working Student", "Trainee" };
	static const char *const de_t[] = { "Geschäftsführer",
		"Geschäftsführerin", "Leiter %s", "Leiterin %s", "Head of %s",
		"Teamleiter %s", "Referent %s", "Sachbearbeiterin %s",
		"Werkstudent", "Bereichsleiter %s", "Vorstand" };
	const char *f = func_en[fi];
	char tmp[96];

	if (german) {
		snprintf(tmp, sizeof(tmp), PICK(de_t), func_de[fi]);
		scpy(l->title_de, sizeof(l->title_de), tmp);
		return;
	}
	switch (pickw(w, NELEM(w))) {
	case 0:
		scpy(l->title, sizeof(l->title), PICK(clevel));
		return;
	case 1:
		snprintf(tmp, sizeof(tmp), chance(0.5) ? "VP of %s" :
		    chance(0.5) ? "Vice President, %s" : "SVP %s", f);
		break;
	case 2:
		snprintf(tmp, sizeof(tmp), "Head of %s", f);
		break;
	case 3:
		snprintf(tmp, sizeof(tmp), chance(0.5) ? "Director of %s" :
		    chance(0.6) ? "%s Director" : "Senior Director, %s", f);
		break;
	case 4:
		snprintf(tmp, sizeof(tmp), chance(0.6) ? "%s Manager" :
		    chance(0.5) ? "Senior %s Manager" : "%s Team Lead", f);
		break;
	case 5:
		snprintf(tmp, sizeof(tmp), PICK(ic), f);
		break;
	default:
		scpy(tmp, sizeof(tmp), PICK(junior));
	}
	scpy(l->title, sizeof(l->title), tmp);
}

static void
make_email(struct lead *l, const struct country *c)
{
	char f[48], la[48], loc[112];
	int isfree = chance(0.18);

	slug(l->firsta, f, sizeof(f));
	slug(l->lasta, la, sizeof(la));
	if (f[0] == '\0')
		scpy(f, sizeof(f), "info");
	switch (rnd(isfree ? 3 : 6)) {
	case 0:
		snprintf(loc, sizeof(loc), "%s.%s", f, la);
		break;
	case 1:
		snprintf(loc, sizeof(loc), "%s%s%u", f, la, 1 + rnd(99));
		break;
	case 2:
		snprintf(loc, sizeof(loc), "%s_%s", f, la);
		break;
	case 3:
		snprintf(loc, sizeof(loc), "%c%s", f[0], la);
		break;
	case 4:
		snprintf(loc, sizeof(loc), "%s", f);
		break;
	default:
		snprintf(loc, sizeof(loc), "%s.%c", f, la[0] ? la[0] : 'x');
	}
	if (isfree) {
		const char *dom = chance(0.5) ? "gmail.com" : c->freemail[rnd(4)];

		if (chance(0.02))
			dom = chance(0.5) ? "gmial.com" : "hotmial.com";
		snprintf(l->email, sizeof(l->email), "%s@%s", loc, dom);
	} else
		snprintf(l->email, sizeof(l->email), "%s@%s", loc, l->domain);
}

static unsigned
make_employees(void)
{
	static const unsigned w[] = { 18, 25, 22, 17, 10, 8 };
	static const unsigned lo[] = { 1, 11, 51, 201, 1001, 5001 };
	static const unsigned hi[] = { 10, 50, 200, 1000, 5000, 120000 };
	unsigned b = pickw(w, NELEM(w));
	double u = unif();

	return lo[b] + (unsigned)((double)(hi[b] - lo[b]) * u * u);
}

/* Round to three significant digits. */
static unsigned long long
round3(unsigned long long v)
{
	unsigned long long p = 1;

	while (v / p >= 1000)
		p *= 10;
	return v / p * p;
}

/* Notes in English and German (excel-de writes the German ones). */
static void
make_notes(struct lead *l)
{
	unsigned a, b;
	const char *sep;

	l->notes[0] = l->notes_de[0] = '\0';
	if (no_notes || !chance(0.18))
		return;
	a = rnd(1000);
	b = chance(0.25) ? 1 + rnd(1000) : 0;
	sep = chance(0.5) ? "\n" : ". ";
	scpy(l->notes, sizeof(l->notes), notes_en[a % NELEM(notes_en)]);
	scpy(l->notes_de, sizeof(l->notes_de), notes_de[a % NELEM(notes_de)]);
	if (b != 0) {
		size_t n = strlen(l->notes);

		snprintf(l->notes + n, sizeof(l->notes) - n, "%s%s", sep,
		    notes_en[b % NELEM(notes_en)]);
		n = strlen(l->notes_de);
		snprintf(l->notes_de + n, sizeof(l->notes_de) - n, "%s%s", sep,
		    notes_de[b % NELEM(notes_de)]);
	}
}

static void
new_lead(struct lead *l, unsigned long seq)
{
	unsigned w[NCOUNTRY];
	const struct country *c;
	const struct names *nm;
	char tmp[64];
	double e;

	memset(l, 0, sizeof(*l));
	l->seq = seq;
	for (unsigned i = 0; i < NCOUNTRY; i++)
		w[i] = countries[i].weight;
	l->ci = (int)pickw(w, NCOUNTRY);
	c = &countries[l->ci];
	/* Some people in one country have names from another. */
	nm = &names[chance(0.12) ? (int)rnd(NLOC) : c->loc];
	{
		const char *f = nm->first[rnd(nm->nfirst)];
		const char *la = nm->last[rnd(nm->nlast)];

		part(f, 0, l->first, sizeof(l->first));
		part(f, 1, l->firsta, sizeof(l->firsta));
		part(la, 0, l->last, sizeof(l->last));
		part(la, 1, l->lasta, sizeof(l->lasta));
	}
	make_company(l, c);
	{
		unsigned fi = rnd(NELEM(func_en));

		make_title(l, 0, fi);
		if (c->loc == L_DE && chance(0.6))
			make_title(l, 1, fi);
	}
	make_email(l, c);
	l->city = (int)rnd(5);
	fill(c->city[l->city].postal, l->postal, sizeof(l->postal));
	snprintf(tmp, sizeof(tmp), "%s", streets[c->loc][rnd(4)]);
	if (c->loc == L_EN || c->loc == L_FR || c->loc == L_PT)
		snprintf(l->street, sizeof(l->street), "%u %s",
		    1 + rnd(c->loc == L_EN ? 2400 : 120), tmp);
	else
		snprintf(l->street, sizeof(l->street), "%s %u", tmp,
		    1 + rnd(120));
	make_nsn(c, l->phone, sizeof(l->phone));
	l->phone_style = (int)rnd(5);
	if ((l->mobile = chance(0.3)))
		make_nsn(c, l->mobnsn, sizeof(l->mobnsn));
	l->ind = (int)pickw(industry_w, NELEM(industry_w));
	l->src = (int)pickw(source_w, NELEM(source_w));
	l->employees = make_employees();
	{
		/* Revenue per employee 40k-340k, in the country's money. */
		double per = 40000.0 + 300000.0 * unif() * unif();

		l->revenue = round3((unsigned long long)(per *
		    (double)l->employees));
	}
	l->owner = (int)rnd(NELEM(owners));
	l->campaign = chance(0.45) ? (int)rnd(NELEM(campaigns)) : -1;

	/* Engagement: a propensity, then counts that go together. */
	e = unif();
	e *= e;
	l->pv = chance(0.2) ? 0 :
	    (unsigned)(unif() * unif() * unif() * (8.0 + 160.0 * e));
	l->opens = (unsigned)(unif() * unif() * (3.0 + 30.0 * e));
	l->clicks = (unsigned)((double)l->opens * unif() * (0.15 + 0.45 * e));
	l->forms = (unsigned)(unif() * unif() * unif() * (2.0 + 8.0 * e));
	if (l->pv == 0 && l->forms > 0)
		l->pv = l->forms;
	l->demo = chance(0.01 + 0.3 * e * e) ? 1 : 0;

	/* Dates. */
	l->created = pick_created();
	l->first_touch = chance(0.4) ? l->created -
	    (int64_t)(unif() * unif() * 90.0 * 86400.0) : l->created;
	l->last_act = l->created +
	    (int64_t)((double)(t_end - l->created) * unif());

	/* The funnel: engaged leads, and those who asked for a demo, go
	 * further. */
	{
		unsigned sw[NSTAT] = { 30, 25, 12, 8, 8, 17 };
		int64_t age = (t_end - l->created) / 86400;

		sw[S_QUALIFIED] += (unsigned)(40.0 * e) + 25u * (unsigned)l->demo;
		sw[S_CONVERTED] += (unsigned)(30.0 * e) + 20u * (unsigned)l->demo;
		if (age < 14) {
			sw[S_NEW] += 60;
			sw[S_CONVERTED] /= 4;
		}
		l->status = (int)pickw(sw, NSTAT);
	}
	l->dq = l->status == S_DQ ? (int)rnd(NELEM(dq_reasons)) : -1;
	if (l->status == S_CONVERTED) {
		l->converted = l->created + (int64_t)(1 + rnd(60)) * 86400 +
		    (int64_t)rnd(36000);
		if (l->converted > t_end)
			l->converted = t_end - 3600;
		if (chance(0.6)) {
			l->closed = l->converted +
			    (int64_t)(10 + rnd(110)) * 86400;
			if (l->closed > t_end)
				l->closed = 0;
			else
				l->amount = (unsigned)round3(5000 +
				    (unsigned long long)(unif() * unif() *
				    (double)(l->employees > 2000 ? 400000 :
				    80000 + 100 * l->employees)));
		}
		if (l->last_act < l->converted)
			l->last_act = l->converted;
	}
	if (l->status == S_NEW && chance(0.5))
		l->miss |= M_OWNER;
	/* HubSpot's two vocabularies follow the funnel. */
	switch (l->status) {
	case S_NEW:
		l->lifecycle = chance(0.3) ? 0 : chance(0.7) ? 1 : 2;
		l->hstatus = chance(0.2) ? -1 : 0;
		break;
	case S_WORKING:
		l->lifecycle = chance(0.5) ? 1 : 2;
		l->hstatus = 1 + (int)rnd(4);
		break;
	case S_NURTURE:
		l->lifecycle = 1;
		l->hstatus = 7;
		break;
	case S_QUALIFIED:
		l->lifecycle = 3;
		l->hstatus = 5;
		break;
	case S_CONVERTED:
		l->lifecycle = l->closed != 0 ? 5 : 4;
		l->hstatus = 5;
		break;
	default:
		l->lifecycle = chance(0.8) ? 1 : 7;
		l->hstatus = 6;
	}
	if (l->lifecycle >= 2 && l->lifecycle <= 6)
		l->mql_at = l->created + (int64_t)(unif() * 20.0 * 86400.0);
	/* BANT: asked when sales worked the lead. */
	l->budget = l->authority = l->need = l->timeline = -1;
	if ((l->status == S_WORKING && chance(0.4)) ||
	    l->status == S_QUALIFIED || l->status == S_CONVERTED ||
	    (l->status == S_DQ && chance(0.3))) {
		l->budget = chance(0.85) ? (int)rnd(NELEM(budget_v)) : -1;
		l->authority = chance(0.85) ? (int)rnd(NELEM(authority_v)) : -1;
		l->need = chance(0.8) ? (int)rnd(NELEM(need_v)) : -1;
		l->timeline = chance(0.8) ? (int)rnd(NELEM(timeline_v)) : -1;
		if (l->status != S_DQ && l->budget == 1)
			l->budget = 0;
	}
	l->rating = l->status == S_DQ ? 3 : (int)rnd(4);
	l->score = (unsigned)(e * 80.0) + l->forms * 5u + 20u * (unsigned)l->demo;

	/* Missing values. */
	if (miss(0.22)) l->miss |= M_PHONE;
	if (miss(0.08)) l->miss |= M_TITLE;
	if (miss(0.25)) l->miss |= M_INDUSTRY;
	if (miss(0.30)) l->miss |= M_EMPLOYEES;
	if (miss(0.45)) l->miss |= M_REVENUE;
	if (miss(0.25)) l->miss |= M_STATE;
	if (miss(0.08)) l->miss |= M_CITY;
	if (miss(0.30)) l->miss |= M_POSTAL;
	if (miss(0.35)) l->miss |= M_WEBSITE;
	if (miss(0.10)) l->miss |= M_OWNER;
	if (miss(0.015)) l->miss |= M_EMAIL;
	if (miss(0.03)) l->miss |= M_COMPANY;
	if (miss(0.02)) l->miss |= M_FIRST;
	if (miss(0.005)) l->miss |= M_LAST;
	if (miss(0.40)) l->miss |= M_STREET;
	if (miss(0.05)) l->miss |= M_SOURCE;
	if (miss(0.10)) l->miss |= M_LASTACT;
	if (miss(0.03)) l->miss |= M_COUNTRY;

	/* Typos where people type. */
	if (chance(typo_rate)) typo(l->company, sizeof(l->company));
	if (chance(typo_rate)) typo(l->title, sizeof(l->title));
	if (chance(typo_rate)) typo(l->title_de, sizeof(l->title_de));
	if (chance(typo_rate)) typo(l->first, sizeof(l->first));
	if (chance(typo_rate)) typo(l->last, sizeof(l->last));
	l->upper_name = chance(0.015) ? 1 : chance(0.015) ? 2 : 0;
	l->pad = chance(0.02);
	make_notes(l);
}

/* The same person again, from another form or import, a bit different. */
static void
dup_lead(struct lead *l, const struct lead *orig, unsigned long seq)
{
	int changes = 1 + (int)rnd(3);
	char *at;

	*l = *orig;
	l->seq = seq;
	l->created = orig->created + (int64_t)(1 + rnd(120)) * 86400;
	if (l->created >= t_end)
		l->created = t_end - 3600;
	l->first_touch = l->created;
	l->last_act = l->created + (int64_t)((double)(t_end - l->created) *
	    unif());
	l->status = chance(0.7) ? S_NEW : S_WORKING;
	l->hstatus = 0;
	l->lifecycle = 1;
	l->converted = l->closed = l->mql_at = 0;
	l->amount = 0;
	l->dq = -1;
	l->src = (int)pickw(source_w, NELEM(source_w));
	l->pv = (unsigned)(unif() * 10.0);
	l->forms = 1;
	l->notes[0] = l->notes_de[0] = '\0';
	while (changes-- > 0) {
		switch (rnd(8)) {
		case 0:		/* e-mail in capitals or mixed case */
			if (chance(0.5))
				upper_ascii(l->email);
			else if (l->email[0] >= 'a' && l->email[0] <= 'z')
				l->email[0] = (char)(l->email[0] - 32);
			break;
		case 1:		/* an alias: plus-tag or googlemail */
			if ((at = strchr(l->email, '@')) != NULL) {
				char tmp[256];

				if (strcmp(at, "@gmail.com") == 0 && chance(0.5))
					snprintf(tmp, sizeof(tmp),
					    "%.*s@googlemail.com",
					    (int)(at - l->email), l->email);
				else
					snprintf(tmp, sizeof(tmp),
					    "%.*s+%s%s", (int)(at - l->email),
					    l->email, chance(0.5) ? "news" :
					    "crm", at);
				scpy(l->email, sizeof(l->email), tmp);
			}
			break;
		case 2:		/* another phone format */
			l->phone_style = (l->phone_style + 1 + (int)rnd(4)) % 5;
			l->miss &= ~(unsigned)M_PHONE;
			break;
		case 3:		/* names in capitals or lower case */
			l->upper_name = 1 + (int)rnd(2);
			break;
		case 4:		/* stray white space */
			l->pad = 1;
			break;
		case 5:		/* company suffix dropped or changed */
			{
				char *sp = strrchr(l->company, ' ');

				if (sp != NULL && sp != l->company)
					*sp = '\0';
			}
			break;
		case 6:		/* accents typed as ASCII */
			scpy(l->first, sizeof(l->first), l->firsta);
			scpy(l->last, sizeof(l->last), l->lasta);
			break;
		default:	/* fewer fields filled in */
			l->miss |= M_TITLE | M_PHONE | M_INDUSTRY |
			    M_EMPLOYEES | M_REVENUE;
		}
	}
}

/* -------------------------------------------------------------- columns */

enum kind {
	K_ID, K_FIRST, K_LAST, K_FULLNAME, K_TITLE, K_COMPANY, K_EMAIL,
	K_PHONE, K_MOBILE, K_SOURCE, K_DRILL, K_STATUS, K_LIFECYCLE, K_LABEL,
	K_OWNER, K_CREATED, K_UPDATED, K_FIRST_TOUCH, K_LAST_ACT,
	K_CONVERTED, K_CLOSED, K_MQL_DATE, K_INDUSTRY, K_EMPLOYEES,
	K_REVENUE, K_STREET, K_CITY, K_STATE, K_POSTAL, K_COUNTRY,
	K_WEBSITE, K_RATING, K_CAMPAIGN, K_PAGEVIEWS, K_OPENS, K_CLICKS,
	K_FORMS, K_DEMO, K_BUDGET, K_AUTHORITY, K_NEED, K_TIMELINE,
	K_NOTES, K_DQ, K_AMOUNT, K_SCORE, K_SYSTEM, K_EMPTY
};

struct col {
	const char	*name;
	enum kind	 kind;
};

static const struct col cols_salesforce[] = {
	{ "Lead ID", K_ID }, { "First Name", K_FIRST },
	{ "Last Name", K_LAST }, { "Title", K_TITLE },
	{ "Company / Account", K_COMPANY }, { "Email", K_EMAIL },
	{ "Phone", K_PHONE }, { "Mobile", K_MOBILE },
	{ "Lead Source", K_SOURCE }, { "Lead Status", K_STATUS },
	{ "Lead Owner", K_OWNER }, { "Create Date", K_CREATED },
	{ "Industry", K_INDUSTRY }, { "No. of Employees", K_EMPLOYEES },
	{ "Annual Revenue", K_REVENUE }, { "Street", K_STREET },
	{ "City", K_CITY }, { "State/Province", K_STATE },
	{ "Zip/Postal Code", K_POSTAL }, { "Country", K_COUNTRY },
	{ "Website", K_WEBSITE }, { "Rating", K_RATING },
	{ "Last Activity", K_LAST_ACT }, { "Converted Date", K_CONVERTED },
	{ "Primary Campaign Source", K_CAMPAIGN },
	{ "Page Views", K_PAGEVIEWS }, { "Email Clicks", K_CLICKS },
	{ "Form Submissions", K_FORMS }, { "Demo Requested", K_DEMO },
	{ "Budget", K_BUDGET }, { "Authority", K_AUTHORITY },
	{ "Need", K_NEED }, { "Timeline", K_TIMELINE },
	{ "Description", K_NOTES }, { NULL, K_EMPTY }
};

static const struct col cols_hubspot[] = {
	{ "Record ID", K_ID }, { "First Name", K_FIRST },
	{ "Last Name", K_LAST }, { "Email", K_EMAIL },
	{ "Phone Number", K_PHONE }, { "Company Name", K_COMPANY },
	{ "Job Title", K_TITLE }, { "Lifecycle Stage", K_LIFECYCLE },
	{ "Lead Status", K_STATUS }, { "Original Source", K_SOURCE },
	{ "Original Source Drill-Down 1", K_DRILL },
	{ "Create Date", K_CREATED }, { "Last Activity Date", K_LAST_ACT },
	{ "Number of Employees", K_EMPLOYEES },
	{ "Annual Revenue", K_REVENUE }, { "Industry", K_INDUSTRY },
	{ "Country/Region", K_COUNTRY }, { "State/Region", K_STATE },
	{ "City", K_CITY }, { "Postal Code", K_POSTAL },
	{ "Website URL", K_WEBSITE }, { "Number of Pageviews", K_PAGEVIEWS },
	{ "Number of Form Submissions", K_FORMS },
	{ "Marketing emails opened", K_OPENS },
	{ "Marketing emails clicked", K_CLICKS },
	{ "Contact owner", K_OWNER },
	{ "Became a Marketing Qualified Lead Date", K_MQL_DATE },
	{ "Demo Requested", K_DEMO }, { "Message", K_NOTES },
	{ NULL, K_EMPTY }
};

static const struct col cols_marketo[] = {
	{ "Id", K_ID }, { "First Name", K_FIRST }, { "Last Name", K_LAST },
	{ "Email Address", K_EMAIL }, { "Company Name", K_COMPANY },
	{ "Job Title", K_TITLE }, { "Phone Number", K_PHONE },
	{ "Lead Source", K_SOURCE }, { "Lead Status", K_STATUS },
	{ "Lead Score", K_SCORE }, { "Acquisition Program", K_CAMPAIGN },
	{ "Created At", K_CREATED }, { "Updated At", K_UPDATED },
	{ "Country", K_COUNTRY }, { "State", K_STATE }, { "City", K_CITY },
	{ "Postal Code", K_POSTAL }, { "Industry", K_INDUSTRY },
	{ "Number of Employees", K_EMPLOYEES },
	{ "Annual Revenue", K_REVENUE }, { "Website", K_WEBSITE },
	{ NULL, K_EMPTY }
};

static const struct col cols_pipedrive[] = {
	{ "Person - ID", K_ID }, { "Person - Name", K_FULLNAME },
	{ "Person - First name", K_FIRST }, { "Person - Last name", K_LAST },
	{ "Person - Email", K_EMAIL }, { "Person - Phone", K_PHONE },
	{ "Organization - Name", K_COMPANY }, { "Person - Owner", K_OWNER },
	{ "Person - Label", K_LABEL }, { "Person - Add time", K_CREATED },
	{ "Person - Last activity date", K_LAST_ACT },
	{ "Lead - Source", K_SOURCE }, { NULL, K_EMPTY }
};

static const struct col cols_zoho[] = {
	{ "Record Id", K_ID }, { "Lead Owner", K_OWNER },
	{ "Company", K_COMPANY }, { "First Name", K_FIRST },
	{ "Last Name", K_LAST }, { "Designation", K_TITLE },
	{ "Email", K_EMAIL }, { "Phone", K_PHONE }, { "Mobile", K_MOBILE },
	{ "Website", K_WEBSITE }, { "Lead Source", K_SOURCE },
	{ "Lead Status", K_STATUS }, { "Industry", K_INDUSTRY },
	{ "No of Employees", K_EMPLOYEES }, { "Annual Revenue", K_REVENUE },
	{ "Created Time", K_CREATED }, { "Last Activity Time", K_LAST_ACT },
	{ "Street", K_STREET }, { "City", K_CITY }, { "State", K_STATE },
	{ "Zip Code", K_POSTAL }, { "Country", K_COUNTRY },
	{ "Description", K_NOTES }, { NULL, K_EMPTY }
};

static const struct col cols_excel_de[] = {
	{ "Vorname", K_FIRST }, { "Nachname", K_LAST }, { "Firma", K_COMPANY },
	{ "Position", K_TITLE }, { "E-Mail", K_EMAIL }, { "Telefon", K_PHONE },
	{ "Straße", K_STREET }, { "PLZ", K_POSTAL }, { "Ort", K_CITY },
	{ "Land", K_COUNTRY }, { "Branche", K_INDUSTRY },
	{ "Mitarbeiter", K_EMPLOYEES }, { "Umsatz", K_REVENUE },
	{ "Quelle", K_SOURCE }, { "Status", K_STATUS },
	{ "Zuständig", K_OWNER }, { "Erstellt am", K_CREATED },
	{ "Letzter Kontakt", K_LAST_ACT }, { "Seitenaufrufe", K_PAGEVIEWS },
	{ "Demo angefragt", K_DEMO }, { "Notizen", K_NOTES },
	{ NULL, K_EMPTY }
};

static const struct col cols_generic[] = {
	{ "ID", K_ID }, { "First Name", K_FIRST }, { "Last Name", K_LAST },
	{ "Email", K_EMAIL }, { "Phone", K_PHONE }, { "Company", K_COMPANY },
	{ "Job Title", K_TITLE }, { "Industry", K_INDUSTRY },
	{ "Employees", K_EMPLOYEES }, { "Annual Revenue", K_REVENUE },
	{ "Country", K_COUNTRY }, { "State", K_STATE }, { "City", K_CITY },
	{ "Zip", K_POSTAL }, { "Source", K_SOURCE },
	{ "Campaign", K_CAMPAIGN }, { "Status", K_STATUS },
	{ "Owner", K_OWNER }, { "Created", K_CREATED },
	{ "Last Activity", K_LAST_ACT }, { "Page Views", K_PAGEVIEWS },
	{ "Email Opens", K_OPENS }, { "Email Clicks", K_CLICKS },
	{ "Form Submissions", K_FORMS }, { "Demo Requested", K_DEMO },
	{ "Budget", K_BUDGET }, { "Authority", K_AUTHORITY },
	{ "Need", K_NEED }, { "Timeline", K_TIMELINE }, { "Notes", K_NOTES },
	{ NULL, K_EMPTY }
};

static const struct col cols_canonical[] = {
	{ "lead_id", K_ID }, { "email", K_EMAIL }, { "first_name", K_FIRST },
	{ "last_name", K_LAST }, { "phone", K_PHONE },
	{ "company", K_COMPANY }, { "website", K_WEBSITE },
	{ "title", K_TITLE }, { "industry", K_INDUSTRY },
	{ "employees", K_EMPLOYEES }, { "annual_revenue", K_REVENUE },
	{ "country", K_COUNTRY }, { "state", K_STATE }, { "city", K_CITY },
	{ "postal_code", K_POSTAL }, { "lead_source", K_SOURCE },
	{ "campaign", K_CAMPAIGN }, { "status", K_STATUS },
	{ "stage", K_EMPTY }, { "dq_reason", K_DQ }, { "owner", K_OWNER },
	{ "created_at", K_CREATED }, { "first_touch_at", K_FIRST_TOUCH },
	{ "last_activity_at", K_LAST_ACT }, { "converted_at", K_CONVERTED },
	{ "closed_at", K_CLOSED }, { "amount", K_AMOUNT },
	{ "page_views", K_PAGEVIEWS }, { "email_opens", K_OPENS },
	{ "email_clicks", K_CLICKS }, { "form_submits", K_FORMS },
	{ "demo_requested", K_DEMO }, { "budget", K_BUDGET },
	{ "authority", K_AUTHORITY }, { "need", K_NEED },
	{ "timeline", K_TIMELINE }, { "lead_source_system", K_SYSTEM },
	{ "notes", K_NOTES }, { NULL, K_EMPTY }
};

struct style {
	const char		*name;
	const struct col	*cols;
	char			 delim;
	int			 crlf, bom;
};

static const struct style styles[] = {
	[F_SALESFORCE] = { "salesforce", cols_salesforce, ',', 1, 0 },
	[F_HUBSPOT] = { "hubspot", cols_hubspot, ',', 0, 1 },
	[F_MARKETO] = { "marketo", cols_marketo, ',', 0, 0 },
	[F_PIPEDRIVE] = { "pipedrive", cols_pipedrive, ',', 0, 0 },
	[F_ZOHO] = { "zoho", cols_zoho, ',', 0, 0 },
	[F_EXCEL_DE] = { "excel-de", cols_excel_de, ';', 1, 1 },
	[F_GENERIC] = { "generic", cols_generic, ',', 0, 0 },
	[F_CANONICAL] = { "canonical", cols_canonical, ',', 0, 0 },
};

/* -------------------------------------------------------------- render */

static void
sname(struct sb *b, const struct lead *l, const char *s)
{
	char tmp[64];

	scpy(tmp, sizeof(tmp), s);
	if (style != F_CANONICAL) {
		if (l->upper_name == 1)
			upper_ascii(tmp);
		else if (l->upper_name == 2)
			lower_ascii(tmp);
	}
	if (l->pad && style != F_CANONICAL)
		saddc(b, ' ');
	sadd(b, tmp);
	if (l->pad && style != F_CANONICAL && chance(0.5))
		saddc(b, ' ');
}

static void
sphone(struct sb *b, const struct lead *l, const char *nsn, int st)
{
	const struct country *c = &countries[l->ci];
	int nanp = strcmp(c->cc, "1") == 0, di;
	size_t k = 0;

	if (style == F_CANONICAL)
		st = 0;
	else if (style == F_EXCEL_DE && st == 0)
		st = 2;
	switch (st) {
	case 0:		/* E.164 */
		saddc(b, '+');
		sadd(b, c->cc);
		sadd(b, nsn);
		return;
	case 1:		/* international, grouped */
	case 3:		/* 00 international or NANP with dashes */
		if (st == 3 && nanp) {
			for (const char *g = c->groups; *g; g++) {
				if (g != c->groups)
					saddc(b, '-');
				for (int i = 0; i < *g - '0'; i++)
					saddc(b, nsn[k++]);
			}
			return;
		}
		sadd(b, st == 1 ? "+" : "00");
		sadd(b, c->cc);
		for (const char *g = c->groups; *g; g++) {
			saddc(b, ' ');
			for (int i = 0; i < *g - '0'; i++)
				saddc(b, nsn[k++]);
		}
		return;
	case 2:		/* national */
		if (nanp) {
			saddc(b, '(');
			for (int i = 0; i < 3; i++)
				saddc(b, nsn[k++]);
			sadd(b, ") ");
			for (int i = 0; i < 3; i++)
				saddc(b, nsn[k++]);
			saddc(b, '-');
			sadd(b, nsn + k);
			return;
		}
		if ((di = dial_index(c)) >= 0)
			sadd(b, dialing[di].trunk);
		for (const char *g = c->groups; *g; g++) {
			if (g != c->groups)
				saddc(b, g == c->groups + 1 &&
				    c->loc == L_DE ? '/' : ' ');
			for (int i = 0; i < *g - '0'; i++)
				saddc(b, nsn[k++]);
		}
		return;
	default:	/* digits only, national */
		if (!nanp && (di = dial_index(c)) >= 0)
			sadd(b, dialing[di].trunk);
		sadd(b, nsn);
	}
}

/* A yes/no the way each style writes a checkbox. */
static void
sbool(struct sb *b, int v)
{
	static const char *const gen[][2] = { { "No", "Yes" }, { "no", "yes" },
		{ "FALSE", "TRUE" }, { "", "x" }, { "0", "1" }, { "N", "Y" } };

	switch (style) {
	case F_SALESFORCE:
		sadd(b, v ? "1" : "0");
		break;
	case F_HUBSPOT:
		sadd(b, v ? "true" : "false");
		break;
	case F_EXCEL_DE:
		sadd(b, v ? (chance(0.7) ? "Ja" : "x") : (chance(0.5) ?
		    "Nein" : ""));
		break;
	case F_CANONICAL:
		sadd(b, v ? "yes" : "no");
		break;
	default:
		sadd(b, gen[rnd(NELEM(gen))][v]);
	}
}

static void
sdate_style(struct sb *b, int64_t t, int with_time)
{
	switch (style) {
	case F_SALESFORCE:
		sdate(b, t, D_US);
		break;
	case F_HUBSPOT:
		sdate(b, t, D_HUB);
		break;
	case F_MARKETO:
		sdate(b, t, D_ISOZ);
		break;
	case F_PIPEDRIVE:
		sdate(b, t, D_SQL);
		break;
	case F_ZOHO:
		sdate(b, t, D_ZOHO);
		break;
	case F_EXCEL_DE:
		sdate(b, t, D_DE);
		break;
	case F_CANONICAL:
		sdate(b, t, with_time ? D_ISOZ : D_ISO);
		break;
	default: {
		unsigned r = rnd(10);

		sdate(b, t, r < 6 ? D_ISO : r < 9 ? D_US : D_SERIAL);
	}
	}
}

static void
srevenue(struct sb *b, unsigned long long v)
{
	switch (style) {
	case F_SALESFORCE:
		saddc(b, '$');
		sgroup(b, v, ',');
		break;
	case F_EXCEL_DE:
		switch (rnd(3)) {
		case 0:
			sgroup(b, v, '.');
			sadd(b, " €");
			break;
		case 1:
			suint(b, v);
			sadd(b, ",00");
			break;
		default:
			suint(b, v);
		}
		break;
	case F_GENERIC:
		switch (rnd(4)) {
		case 0:
			sgroup(b, v, ',');
			break;
		case 1:
			saddc(b, '$');
			sgroup(b, v, ',');
			break;
		case 2:
			if (v >= 1000000) {
				suint(b, v / 1000000);
				if (v / 100000 % 10) {
					saddc(b, '.');
					suint(b, v / 100000 % 10);
				}
				saddc(b, 'M');
				break;
			}
			/* FALLTHROUGH */
		default:
			suint(b, v);
		}
		break;
	default:
		suint(b, v);
	}
}

static void
semployees(struct sb *b, unsigned v)
{
	static const unsigned edge[] = { 10, 50, 200, 500, 1000, 5000, 10000 };

	if (style == F_GENERIC && chance(0.15)) {
		unsigned lo = 1;

		for (unsigned i = 0; i < NELEM(edge); i++) {
			if (v <= edge[i]) {
				suint(b, lo);
				saddc(b, '-');
				suint(b, edge[i]);
				return;
			}
			lo = edge[i] + 1;
		}
		sadd(b, "10000+");
	} else if (style == F_GENERIC && v >= 1000 && chance(0.5))
		sgroup(b, v, ',');
	else if (style == F_EXCEL_DE && v >= 1000 && chance(0.4))
		sgroup(b, v, '.');
	else
		suint(b, v);
}

static void
scountry(struct sb *b, const struct lead *l)
{
	const struct country *c = &countries[l->ci];

	switch (style) {
	case F_CANONICAL:
		sadd(b, c->code);
		break;
	case F_EXCEL_DE:
		sadd(b, chance(0.9) ? c->de : c->code);
		break;
	case F_HUBSPOT:		/* free text on forms */
	case F_GENERIC:
		if (chance(0.3)) {
			const char *s = c->alt[rnd(3)];
			char tmp[64];

			scpy(tmp, sizeof(tmp), s);
			if (chance(typo_rate * 3))
				typo(tmp, sizeof(tmp));
			if (chance(0.2))
				lower_ascii(tmp);
			sadd(b, tmp);
			break;
		}
		sadd(b, c->en);
		break;
	default:
		sadd(b, c->en);
	}
}

static void
sstate(struct sb *b, const struct lead *l)
{
	const char *s = countries[l->ci].city[l->city].state;
	const char *bar = strchr(s, '|');
	char tmp[64];

	if (bar == NULL) {
		sadd(b, s);
		return;
	}
	/* Codes where CRMs keep them; names typed by hand. */
	if (style == F_CANONICAL || style == F_SALESFORCE ||
	    style == F_MARKETO || chance(0.5))
		scpy(tmp, (size_t)(bar - s) + 1, s);	/* the code */
	else
		scpy(tmp, sizeof(tmp), bar + 1);	/* the name */
	sadd(b, tmp);
}

static void
swebsite(struct sb *b, const struct lead *l)
{
	static const char *const pre[] = { "https://www.", "www.", "",
		"http://", "https://" };

	if (style == F_CANONICAL) {
		sadd(b, "https://www.");
		sadd(b, l->domain);
		return;
	}
	sadd(b, PICK(pre));
	sadd(b, l->domain);
	if (chance(0.15))
		saddc(b, '/');
}

/* The id of a record in each CRM's shape. */
static void
sid(struct sb *b, const struct lead *l)
{
	static const char b62[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned long long h = (l->seq + 1) * 0x9e3779b97f4a7c15ULL;

	switch (style) {
	case F_SALESFORCE:
		sadd(b, "00Q5g0000");
		for (int i = 0; i < 9; i++) {
			saddc(b, b62[h % 62]);
			h /= 62;
		}
		break;
	case F_HUBSPOT:
		suint(b, 1001 + l->seq * 3);
		break;
	case F_MARKETO:
		suint(b, 200000 + l->seq);
		break;
	case F_PIPEDRIVE:
		suint(b, 1 + l->seq);
		break;
	case F_ZOHO:
		sadd(b, "zcrm_5725767000");
		suintw(b, 1000000 + l->seq, 9);
		break;
	case F_GENERIC:
		sadd(b, "L-");
		suintw(b, 1 + l->seq, 6);
		break;
	default:
		sadd(b, "L");
		suintw(b, 1 + l->seq, 7);
	}
}

static void
render(struct sb *b, const struct lead *l, enum kind k)
{
	const struct country *c = &countries[l->ci];
	unsigned m = l->miss;

	b->n = 0;
	b->a[0] = '\0';
	switch (k) {
	case K_ID:
		sid(b, l);
		break;
	case K_FIRST:
		if (!(m & M_FIRST))
			sname(b, l, l->first);
		break;
	case K_LAST:
		if (!(m & M_LAST))
			sname(b, l, l->last);
		break;
	case K_FULLNAME:
		if (!(m & M_FIRST)) {
			sname(b, l, l->first);
			saddc(b, ' ');
		}
		sname(b, l, l->last);
		break;
	case K_TITLE:
		if (!(m & M_TITLE))
			sadd(b, style == F_EXCEL_DE && l->title_de[0] ?
			    l->title_de : l->title);
		break;
	case K_COMPANY:
		if (!(m & M_COMPANY)) {
			if (l->pad && style != F_CANONICAL)
				saddc(b, ' ');
			sadd(b, l->company);
		}
		break;
	case K_EMAIL:
		if (m & M_EMAIL)
			break;
		if (style == F_CANONICAL) {
			char tmp[256];

			scpy(tmp, sizeof(tmp), l->email);
			lower_ascii(tmp);
			sadd(b, tmp);
			break;
		}
		sadd(b, l->email);
		if (l->pad)
			saddc(b, ' ');
		break;
	case K_PHONE:
		if (!(m & M_PHONE))
			sphone(b, l, l->phone, l->phone_style);
		break;
	case K_MOBILE:
		if (l->mobile)
			sphone(b, l, l->mobnsn, l->phone_style);
		break;
	case K_SOURCE:
		if (m & M_SOURCE)
			break;
		switch (style) {
		case F_SALESFORCE:
			sadd(b, source[l->src][1]);
			break;
		case F_HUBSPOT:
			sadd(b, source[l->src][2]);
			break;
		case F_ZOHO:
			sadd(b, source[l->src][3]);
			break;
		case F_EXCEL_DE:
			sadd(b, source[l->src][4]);
			break;
		default:
			sadd(b, source[l->src][0]);
		}
		break;
	case K_DRILL:
		if (!(m & M_SOURCE))
			sadd(b, drill[(unsigned)l->src % NELEM(drill)]);
		break;
	case K_STATUS:
		switch (style) {
		case F_SALESFORCE:
			sadd(b, status_sf[l->status]);
			break;
		case F_HUBSPOT:
			if (l->hstatus >= 0)
				sadd(b, hstatus[l->hstatus]);
			break;
		case F_ZOHO:
			sadd(b, zoho_status[l->status][l->seq & 1]);
			break;
		case F_EXCEL_DE:
			sadd(b, status_de[l->status]);
			break;
		default:
			sadd(b, status_generic[l->status]);
		}
		break;
	case K_LIFECYCLE:
		sadd(b, lifecycle[l->lifecycle]);
		break;
	case K_LABEL:
		sadd(b, l->status == S_CONVERTED ? "Customer" :
		    rating_v[l->rating][0] ? rating_v[l->rating] : "");
		if (b->n > 0 && l->status != S_CONVERTED)
			sadd(b, " lead");
		break;
	case K_OWNER:
		if (!(m & M_OWNER))
			sadd(b, owners[l->owner]);
		break;
	case K_CREATED:
		sdate_style(b, l->created, 1);
		break;
	case K_UPDATED:
		sdate_style(b, l->last_act, 1);
		break;
	case K_FIRST_TOUCH:
		sdate_style(b, l->first_touch, 1);
		break;
	case K_LAST_ACT:
		if (!(m & M_LASTACT))
			sdate_style(b, l->last_act, 1);
		break;
	case K_CONVERTED:
		if (l->converted)
			sdate_style(b, l->converted, 0);
		break;
	case K_CLOSED:
		if (l->closed)
			sdate_style(b, l->closed, 0);
		break;
	case K_MQL_DATE:
		if (l->mql_at)
			sdate_style(b, l->mql_at, 1);
		break;
	case K_INDUSTRY:
		if (m & M_INDUSTRY)
			break;
		sadd(b, industry[l->ind][style == F_SALESFORCE ? 1 :
		    style == F_HUBSPOT ? 2 : style == F_EXCEL_DE ? 3 : 0]);
		break;
	case K_EMPLOYEES:
		if (!(m & M_EMPLOYEES))
			semployees(b, l->employees);
		break;
	case K_REVENUE:
		if (!(m & M_REVENUE))
			srevenue(b, l->revenue);
		break;
	case K_STREET:
		if (!(m & M_STREET))
			sadd(b, l->street);
		break;
	case K_CITY:
		if (!(m & M_CITY))
			sadd(b, c->city[l->city].name);
		break;
	case K_STATE:
		if (!(m & M_STATE))
			sstate(b, l);
		break;
	case K_POSTAL:
		if (!(m & M_POSTAL))
			sadd(b, l->postal);
		break;
	case K_COUNTRY:
		if (!(m & M_COUNTRY))
			scountry(b, l);
		break;
	case K_WEBSITE:
		if (!(m & M_WEBSITE))
			swebsite(b, l);
		break;
	case K_RATING:
		sadd(b, rating_v[l->rating]);
		break;
	case K_CAMPAIGN:
		if (l->campaign >= 0)
			sadd(b, campaigns[l->campaign]);
		break;
	case K_PAGEVIEWS:
		suint(b, l->pv);
		break;
	case K_OPENS:
		suint(b, l->opens);
		break;
	case K_CLICKS:
		suint(b, l->clicks);
		break;
	case K_FORMS:
		suint(b, l->forms);
		break;
	case K_DEMO:
		if (style == F_GENERIC && !l->demo && chance(0.3))
			break;
		sbool(b, l->demo);
		break;
	case K_BUDGET:
		if (l->budget < 0)
			break;
		if (style == F_CANONICAL)
			sadd(b, l->budget == 1 ? "no" : l->budget == 2 ? "" :
			    "yes");
		else
			sadd(b, budget_v[l->budget]);
		break;
	case K_AUTHORITY:
		if (l->authority < 0)
			break;
		if (style == F_CANONICAL)
			sadd(b, l->authority == 0 || l->authority == 3 ?
			    "yes" : "no");
		else
			sadd(b, authority_v[l->authority]);
		break;
	case K_NEED:
		if (l->need < 0)
			break;
		if (style == F_CANONICAL)
			sadd(b, l->need == 2 ? "no" : "yes");
		else
			sadd(b, need_v[l->need]);
		break;
	case K_TIMELINE:
		if (l->timeline >= 0)
			sadd(b, style == F_EXCEL_DE ? timeline_de[l->timeline] :
			    timeline_v[l->timeline]);
		break;
	case K_NOTES:
		sadd(b, style == F_EXCEL_DE && c->loc == L_DE ? l->notes_de :
		    l->notes);
		break;
	case K_DQ:
		if (l->dq >= 0)
			sadd(b, dq_reasons[l->dq]);
		break;
	case K_AMOUNT:
		if (l->amount)
			suint(b, l->amount);
		break;
	case K_SCORE:
		suint(b, l->score);
		break;
	case K_SYSTEM: {
		static const char *const sys[] = { "salesforce", "hubspot",
			"marketo", "excel" };

		sadd(b, sys[l->seq % NELEM(sys)]);
		break;
	}
	case K_EMPTY:
		break;
	}
}

/* ---------------------------------------------------------------- main */

static void
usage(FILE *f, int code)
{
	fprintf(f,
	    "usage: gen-leads [-N] [-s seed] [-n rows] [-f style] [-d dup-rate]\n"
	    "                 [-t typo-rate] [-m missing-scale] [-D delim]\n"
	    "                 [-l lf|crlf] [-b yes|no]\n"
	    "styles: salesforce hubspot marketo pipedrive zoho excel-de generic\n"
	    "        canonical (default salesforce)\n"
	    "  -s seed   PRNG seed (default 1); same arguments, same bytes\n"
	    "  -n rows   data rows (default 1000)\n"
	    "  -d rate   share of rows that repeat an earlier person (0.05)\n"
	    "  -t rate   typos per typed field (0.02)\n"
	    "  -m scale  multiply every missing-value rate (1; 0 = none)\n"
	    "  -D delim  delimiter (default , or ; for excel-de; 'tab')\n"
	    "  -l eol    line ends (default crlf for salesforce, excel-de)\n"
	    "  -b bom    UTF-8 byte order mark (default yes for hubspot,\n"
	    "            excel-de)\n"
	    "  -N        no free-text notes column values\n");
	exit(code);
}

static double
rate(const char *s, const char *what, double max)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= max)) {
		fprintf(stderr, "gen-leads: %s: '%s' is not a number "
		    "(allowed 0-%g)\n", what, s, max);
		exit(64);
	}
	return v;
}

#define RING	2048

int
main(int argc, char *argv[])
{
	static struct lead ring[RING];
	struct lead *cur;
	struct sb f;
	const struct col *cols;
	unsigned long long seed = 1, rows = 1000;
	int ch, crlf = -1, bom = -1, dl = 0;
	char *end;

	while ((ch = getopt(argc, argv, "b:D:d:f:hl:m:Nn:s:t:")) != -1) {
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				usage(stderr, 64);
			bom = strcmp(optarg, "yes") == 0;
			break;
		case 'D':
			if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0)
				dl = '\t';
			else if (strlen(optarg) == 1 && optarg[0] != '"' &&
			    optarg[0] != '\n' && optarg[0] != '\r')
				dl = optarg[0];
			else
				usage(stderr, 64);
			break;
		case 'd':
			dup_rate = rate(optarg, "-d", 0.9);
			break;
		case 'f':
			style = -1;
			for (size_t i = 0; i < NELEM(styles); i++)
				if (strcmp(optarg, styles[i].name) == 0)
					style = (int)i;
			if (style < 0) {
				fprintf(stderr, "gen-leads: -f: unknown style "
				    "'%s'\n", optarg);
				usage(stderr, 64);
			}
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'l':
			if (strcmp(optarg, "lf") && strcmp(optarg, "crlf"))
				usage(stderr, 64);
			crlf = strcmp(optarg, "crlf") == 0;
			break;
		case 'm':
			miss_scale = rate(optarg, "-m", 3);
			break;
		case 'N':
			no_notes = 1;
			break;
		case 'n':
			rows = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-') {
				fprintf(stderr, "gen-leads: -n: '%s' is not a "
				    "row count\n", optarg);
				exit(64);
			}
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*optarg == '\0' || *end != '\0') {
				fprintf(stderr, "gen-leads: -s: '%s' is not a "
				    "number\n", optarg);
				exit(64);
			}
			break;
		case 't':
			typo_rate = rate(optarg, "-t", 1);
			break;
		default:
			usage(stderr, 64);
		}
	}
	if (optind != argc)
		usage(stderr, 64);
	delim = dl ? (char)dl : styles[style].delim;
	eol = (crlf < 0 ? styles[style].crlf : crlf) ? "\r\n" : "\n";
	if (bom < 0 ? styles[style].bom : bom)
		oput("\xef\xbb\xbf", 3);
	t_end = (int64_t)days_from_civil(2026, 11, 1) * 86400;
	rng_lead = seed;
	rng_style = seed ^ 0x5851f42d4c957f2dULL ^ ((uint64_t)style << 56);

	cols = styles[style].cols;
	for (int i = 0; cols[i].name != NULL; i++) {
		if (i > 0)
			oput(&delim, 1);
		ofield(cols[i].name, strlen(cols[i].name));
	}
	oput(eol, strlen(eol));
	for (unsigned long long r = 0; r < rows; r++) {
		rng = &rng_lead;
		/* Leads are made in place in a ring of recent ones, which
		 * duplicates are copied from. */
		cur = &ring[r % RING];
		if (r > 20 && chance(dup_rate)) {
			unsigned long long back = 1 + rnd(r < RING ?
			    (unsigned)r : RING - 1);

			dup_lead(cur, &ring[(r - back) % RING],
			    (unsigned long)r);
		} else
			new_lead(cur, (unsigned long)r);
		rng = &rng_style;
		for (int i = 0; cols[i].name != NULL; i++) {
			if (i > 0)
				oput(&delim, 1);
			render(&f, cur, cols[i].kind);
			ofield(f.a, f.n);
		}
		oput(eol, strlen(eol));
	}
	oflush();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-leads: write");
		return 1;
	}
	return 0;
}
