/*
 * test_alias -- the alias table (lib/data/aliases.txt) and lp_alias.c:
 * every alias resolves to its own field, the headers real CRM exports
 * write resolve as documented, ambiguous headers stay unmapped, and
 * suggestions find the obvious typo and nothing far-fetched.
 */
#include <string.h>

#include "lp_alias.h"
#include "unit.h"

extern const char lp_data_aliases_txt[];
extern const size_t lp_data_aliases_txt_len;

static const char *
canon(const char *s)
{
	return lp_alias_canonical(s, strlen(s));
}

static const char *
suggest(const char *s)
{
	return lp_alias_suggest(s, strlen(s));
}

/* Each alias line of the embedded table resolves to its section. */
static void
test_table(void)
{
	const char *p = lp_data_aliases_txt, *end = p + lp_data_aliases_txt_len;
	char field[64] = "";
	int aliases = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		if (eol == NULL)
			eol = end;
		n = (size_t)(eol - p);
		if (n > 1 && p[0] != '#' && p[0] != '\t' && p[n - 1] == ':' &&
		    n < sizeof(field)) {
			memcpy(field, p, n - 1);
			field[n - 1] = '\0';
		} else if (n > 1 && p[0] == '\t') {
			const char *got = lp_alias_canonical(p + 1, n - 1);

			if (got == NULL || strcmp(got, field) != 0)
				fprintf(stderr, "alias '%.*s': got %s, want %s\n",
				    (int)(n - 1), p + 1, got ? got : "(null)",
				    field);
			CHECK(got != NULL && strcmp(got, field) == 0);
			aliases++;
		}
		p = eol + 1;
	}
	CHECK(aliases > 300);
}

static void
test_fields(void)
{
	const char *const *f = lp_alias_fields();
	static const char *const want[] = {
		"lead_id", "email", "first_name", "last_name", "phone",
		"company", "website", "title", "industry", "employees",
		"annual_revenue", "country", "state", "city", "postal_code",
		"lead_source", "campaign", "status", "stage", "dq_reason",
		"owner", "created_at", "first_touch_at", "last_activity_at",
		"converted_at", "closed_at", "amount", "page_views",
		"email_opens", "email_clicks", "form_submits",
		"demo_requested", "budget", "authority", "need", "timeline",
		"lead_source_system", "mobile", "mql_at", "email_opt_out",
		"email_bounced", NULL
	};
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		CHECK_STR(f[i], want[i]);
		if (f[i] == NULL)
			break;
		/* A canonical name maps to itself, whatever its case. */
		CHECK_STR(canon(f[i]), want[i]);
	}
	CHECK(f[i] == NULL);
	CHECK_STR(canon("LEAD_ID"), "lead_id");
	CHECK_STR(canon("Lead Source System"), "lead_source_system");
}

struct pair {
	const char	*header;
	const char	*want;		/* NULL: must stay unmapped */
};

static void
check_pairs(const struct pair *t)
{
	for (; t->header != NULL; t++) {
		const char *got = canon(t->header);

		if (!(got == NULL && t->want == NULL) &&
		    (got == NULL || t->want == NULL ||
		    strcmp(got, t->want) != 0))
			fprintf(stderr, "header '%s':\n", t->header);
		CHECK_STR(got, t->want);
	}
}

static void
test_salesforce(void)
{
	static const struct pair t[] = {
		{ "Lead ID", "lead_id" }, { "First Name", "first_name" },
		{ "Last Name", "last_name" }, { "Title", "title" },
		{ "Company / Account", "company" }, { "Email", "email" },
		{ "Phone", "phone" }, { "Mobile", "mobile" },
		{ "Lead Source", "lead_source" }, { "Lead Status", "status" },
		{ "Lead Owner", "owner" }, { "Create Date", "created_at" },
		{ "Industry", "industry" },
		{ "No. of Employees", "employees" },
		{ "Annual Revenue", "annual_revenue" }, { "Street", NULL },
		{ "City", "city" }, { "State/Province", "state" },
		{ "Zip/Postal Code", "postal_code" }, { "Country", "country" },
		{ "Website", "website" }, { "Rating", NULL },
		{ "Last Activity", "last_activity_at" },
		{ "Converted Date", "converted_at" },
		{ "Primary Campaign Source", "campaign" },
		/* Data Loader exports use the API names. */
		{ "Id", "lead_id" }, { "FirstName", "first_name" },
		{ "LeadSource", "lead_source" }, { "Status", "status" },
		{ "OwnerId", "owner" }, { "CreatedDate", "created_at" },
		{ "NumberOfEmployees", "employees" },
		{ "PostalCode", "postal_code" }, { "MobilePhone", "mobile" },
		{ "Created By", NULL }, { "Last Modified Date", NULL },
		{ NULL, NULL }
	};

	check_pairs(t);
}

static void
test_hubspot(void)
{
	static const struct pair t[] = {
		{ "Record ID", "lead_id" }, { "First Name", "first_name" },
		{ "Email", "email" }, { "Phone Number", "phone" },
		{ "Company Name", "company" }, { "Job Title", "title" },
		{ "Lifecycle Stage", "stage" }, { "Lead Status", "status" },
		{ "Original Source", "lead_source" },
		{ "Original Source Drill-Down 1", NULL },
		{ "Create Date", "created_at" },
		{ "Last Activity Date", "last_activity_at" },
		{ "Number of Employees", "employees" },
		{ "Annual Revenue", "annual_revenue" },
		{ "Number of Pageviews", "page_views" },
		{ "Number of Form Submissions", "form_submits" },
		{ "Marketing emails opened", "email_opens" },
		{ "Marketing emails clicked", "email_clicks" },
		{ "Contact owner", "owner" },
		{ "Became a Marketing Qualified Lead Date", "mql_at" },
		{ "Country/Region", "country" }, { "State/Region", "state" },
		{ "Website URL", "website" },
		{ "First Conversion Date", "first_touch_at" },
		{ "Recent Conversion Date", NULL },
		{ "HubSpot Score", NULL }, { "Mobile Phone Number", "mobile" },
		{ NULL, NULL }
	};

	check_pairs(t);
}

static void
test_others(void)
{
	static const struct pair t[] = {
		/* Marketo */
		{ "Email Address", "email" }, { "Created At", "created_at" },
		{ "Acquisition Program", "campaign" },
		{ "Person Source", NULL }, { "Lead Score", NULL },
		{ "Original Source Type", "lead_source" },
		/* Pipedrive */
		{ "Person - Name", NULL }, { "Person - Email", "email" },
		{ "Person - Phone", "phone" },
		{ "Organization - Name", "company" },
		{ "Person - Organization", "company" },
		{ "Person - Owner", "owner" },
		{ "Person - Add time", "created_at" },
		{ "Deal - Value", "amount" },
		/* Zoho CRM */
		{ "Record Id", "lead_id" }, { "Lead Owner", "owner" },
		{ "No of Employees", "employees" },
		{ "Created Time", "created_at" },
		{ "Last Activity Time", "last_activity_at" },
		{ "Zip Code", "postal_code" }, { "Designation", "title" },
		{ "Lead Conversion Time", "converted_at" },
		/* Ambiguous on their own */
		{ "Name", NULL }, { "Full Name", NULL }, { "Region", NULL },
		{ "Demo", NULL }, { "Score", NULL }, { "Titel", NULL },
		{ "Titre", NULL }, { "Inhaber", NULL },
		/* Generic, mapped */
		{ "Source", "lead_source" }, { "Owner", "owner" },
		{ "Stage", "stage" }, { "ID", "lead_id" },
		{ "# of Employees", "employees" },
		{ "Demo Requested?", "demo_requested" },
		{ "Decision Maker", "authority" },
		{ "Purchase Timeframe", "timeline" },
		{ NULL, NULL }
	};

	check_pairs(t);
}

static void
test_languages(void)
{
	static const struct pair t[] = {
		{ "E-Mail", "email" }, { "E-Mail-Adresse", "email" },
		{ "Firma", "company" }, { "Vorname", "first_name" },
		{ "Nachname", "last_name" }, { "Telefon", "phone" },
		{ "Land", "country" }, { "PLZ", "postal_code" },
		{ "Ort", "city" }, { "Branche", "industry" },
		{ "Mitarbeiter", "employees" }, { "Umsatz", "annual_revenue" },
		{ "Quelle", "lead_source" }, { "Erstellt am", "created_at" },
		{ "Letzte Aktivität", "last_activity_at" },
		{ "Zuständig", "owner" }, { "Straße", NULL },
		{ "Prénom", "first_name" }, { "PRÉNOM", "first_name" },
		{ "Prenom", "first_name" }, { "Nom", "last_name" },
		{ "Société", "company" }, { "SOCIÉTÉ", "company" },
		{ "Societe", "company" }, { "Téléphone", "phone" },
		{ "Pays", "country" }, { "Ville", "city" },
		{ "Code postal", "postal_code" },
		{ "Date de création", "created_at" },
		/* Only ASCII letters are case-folded. */
		{ "ZUSTÄNDIG", NULL },
		{ NULL, NULL }
	};

	check_pairs(t);
}

static void
test_matching(void)
{
	CHECK_STR(canon("EMAIL"), "email");
	CHECK_STR(canon("e_mail"), "email");
	CHECK_STR(canon("  E-Mail  "), "email");
	CHECK_STR(canon("EMAIL_ADDRESS"), "email");
	CHECK_STR(canon("email.address"), "email");
	CHECK_STR(canon("\"Job Title\""), "title");
	CHECK_STR(canon("no_of_employees"), "employees");
	CHECK_STR(canon("zip-postal-code"), "postal_code");
	/* Only the first n bytes count. */
	CHECK_STR(lp_alias_canonical("Emailxyz", 5), "email");
	CHECK_STR(lp_alias_canonical("Email", 0), NULL);
	CHECK_STR(canon(""), NULL);
	CHECK_STR(canon("---"), NULL);
	CHECK_STR(canon("Emails"), NULL);
	CHECK_STR(canon("Mail Address"), NULL);
	/* Digits count: they are part of the key. */
	CHECK_STR(canon("Email 2"), NULL);

	/* A name longer than any key is unknown, not truncated to one. */
	char big[400];

	memset(big, 'x', sizeof(big));
	memcpy(big, "email", 5);
	CHECK_STR(lp_alias_canonical(big, sizeof(big)), NULL);
	CHECK_STR(lp_alias_suggest(big, sizeof(big)), NULL);
}

/* Dotted names from flattened JSON (lp_json.c): whole first, then the
 * last part under a wrapper that holds the record's own fields. */
static void
test_dotted(void)
{
	CHECK_STR(canon("properties.email"), "email");
	CHECK_STR(canon("properties.jobtitle"), "title");
	CHECK_STR(canon("Properties.LifecycleStage"), "stage");
	CHECK_STR(canon("fields.all.email"), "email");
	CHECK_STR(canon("fields.company"), "company");
	CHECK_STR(canon("data.Email"), "email");
	CHECK_STR(canon("record.phone"), "phone");
	CHECK_STR(canon("values.city"), "city");
	/* The whole name first: an alias as it stands. */
	CHECK_STR(canon("Owner.Name"), "owner");
	CHECK_STR(canon("email.address"), "email");
	CHECK_STR(canon("Account.Name"), "company");	/* "Account Name" */
	CHECK_STR(canon(".email"), "email");		/* punctuation */
	/* A related record's fields are not the lead's. */
	CHECK_STR(canon("Owner.Email"), NULL);
	CHECK_STR(canon("associations.companies.results"), NULL);
	CHECK_STR(canon("properties.hs_object_id"), NULL);
	CHECK_STR(canon("properties."), NULL);
	CHECK_STR(canon("propertiesx.email"), NULL);
	/* The wrapper must be the whole prefix. */
	CHECK_STR(canon("x.properties.email"), NULL);
}

static void
test_suggest(void)
{
	CHECK_STR(suggest("titel"), "title");
	CHECK_STR(suggest("emial"), "email");
	CHECK_STR(suggest("emial_adress"), "email");
	CHECK_STR(suggest("Job Titel"), "title");
	CHECK_STR(suggest("compnay"), "company");
	CHECK_STR(suggest("lead_sorce"), "lead_source");
	CHECK_STR(suggest("page_view"), "page_views");
	CHECK_STR(suggest("emailclick"), "email_clicks");
	CHECK_STR(suggest("demo_requsted"), "demo_requested");
	CHECK_STR(suggest("Vornmae"), "first_name");
	CHECK_STR(suggest("created"), "created_at");
	CHECK_STR(suggest("cty"), "city");
	CHECK_STR(suggest("ownr"), "owner");
	/* A known name suggests its own field. */
	CHECK_STR(suggest("Email"), "email");
	/* Short names allow one edit only; far names get nothing. */
	CHECK_STR(suggest("xyz"), NULL);
	CHECK_STR(suggest("ab"), NULL);
	CHECK_STR(suggest("zzzzzzzz"), NULL);
	CHECK_STR(suggest("favourite_colour"), NULL);
	CHECK_STR(suggest(""), NULL);
	CHECK_STR(suggest("!!!"), NULL);
}

int
main(void)
{
	test_fields();
	test_table();
	test_salesforce();
	test_hubspot();
	test_others();
	test_languages();
	test_matching();
	test_dotted();
	test_suggest();
	return UNIT_DONE("test_alias");
}
