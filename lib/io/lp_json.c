/*
 * lp_json -- the JSON Lines and JSON array reader (jansson).
 *
 * JSON Lines: one object per line; blank lines are counted and skipped.
 * A JSON array: objects are loaded one at a time with
 * JSON_DISABLE_EOF_CHECK, so memory holds one element, not the file.
 *
 * The header is the union of the objects' keys in the order first seen.
 * For a regular file the reader scans the whole file once for its keys
 * before reading records; from a pipe it cannot, so the first object's
 * keys are the header and an object with a key outside it is rejected
 * (never silently cut).  Values become text: strings as they are,
 * integers in decimal, reals in the shortest form that reads back the
 * same, true/false, null as empty, arrays and objects as compact JSON.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp_err.h"
#include "lp_private.h"

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
count_lines(struct lp_input *in, size_t from, size_t to)
{
	const char *p = in->buf + from, *e = in->buf + to;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		in->line++;
		p++;
	}
}

/* Skip white space; more input as needed.  Returns 1 with
 * in->buf[in->pos] the next byte, 0 at end, -1 error. */
static int
skip_ws(struct lp_input *in, struct lp_err *err)
{
	for (;;) {
		while (in->pos < in->len) {
			char c = in->buf[in->pos];

			if (c == '\n')
				in->line++;
			else if (!is_ws(c))
				return 1;
			in->pos++;
		}
		in->recstart = in->pos;
		ssize_t r = lp_input_more(in, err);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
}

/*
 * Load the next JSON value: *val set (new reference), or NULL with *why
 * set for a value that is not valid JSON.  Returns 1, 0 at end, -1 error.
 * in->rec_line is the value's first line; raw text is buf[recstart..pos).
 */
static int
load_next(struct lp_input *in, json_t **val, char *why, size_t whylen,
    struct lp_err *err)
{
	json_error_t je;
	int rc;

	*val = NULL;
	if (in->fmt == LP_FMT_NDJSON) {
		const char *s, *e;

		for (;;) {
			s = in->buf + in->pos;
			e = memchr(s, '\n', in->len - in->pos);
			if (e == NULL) {
				ssize_t r;

				in->recstart = in->pos;
				/* For the record limit's message (it said
				 * "line 0" on the first line). */
				in->rec_line = in->line + 1;
				if ((r = lp_input_more(in, err)) < 0)
					return -1;
				if (r > 0)
					continue;
				if (in->pos == in->len)
					return 0;
				/* lp_input_more moved the text to the start
				 * of the buffer (and may have reallocated
				 * it): s was stale, which read the last line
				 * from the wrong place or looped forever. */
				s = in->buf + in->pos;
				e = in->buf + in->len;
			}
			size_t n = (size_t)(e - s) + (e < in->buf + in->len);
			struct lp_str t = lp_str_trim((struct lp_str){ s, n });

			in->recstart = in->pos;
			in->rec_line = in->line + 1;
			in->pos += n;
			in->line += e < in->buf + in->len;
			if (t.n == 0) {
				in->blank++;
				continue;
			}
			*val = json_loadb(t.p, t.n, JSON_REJECT_DUPLICATES, &je);
			break;
		}
	} else {
		if (!in->json_array_open) {
			if ((rc = skip_ws(in, err)) <= 0)
				return rc;
			if (in->buf[in->pos] != '[')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "expected a JSON array of "
				    "objects ('[') at the start");
			in->pos++;
			in->json_array_open = true;
		}
		/* Elements are separated by exactly one comma: a missing
		 * or stray one is an error, as in every JSON parser. */
		if ((rc = skip_ws(in, err)) <= 0)
			goto unclosed;
		if (in->buf[in->pos] == ']') {
			in->pos++;
			if (skip_ws(in, err) != 0)
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "text after the JSON array");
			return 0;
		}
		if (in->json_array_more) {
			if (in->buf[in->pos] != ',')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "expected ',' or ']' after "
				    "an element of the JSON array");
			in->pos++;
			if ((rc = skip_ws(in, err)) <= 0)
				goto unclosed;
			if (in->buf[in->pos] == ']')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "',' before ']' in the JSON "
				    "array (no element after it)");
		}
		if (in->buf[in->pos] == ',')
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->line + 1, "',' where a JSON array element "
			    "should be");
		in->recstart = in->pos;
		in->rec_line = in->line + 1;
		in->json_array_more = true;
		for (;;) {
			ssize_t r;

			*val = json_loadb(in->buf + in->pos, in->len - in->pos,
			    JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
			/* Cut off by the buffer, jansson may call it
			 * premature end or a bad token at the very end. */
			if (*val != NULL || (json_error_code(&je) !=
			    json_error_premature_end_of_input &&
			    (size_t)je.position + 8 < in->len - in->pos))
				break;
			if ((r = lp_input_more(in, err)) < 0)
				return -1;
			if (r == 0)
				break;
		}
		if (*val == NULL) {
			/* Not valid JSON: there is no next element to find. */
			snprintf(why, whylen, "invalid JSON: %s", je.text);
			count_lines(in, in->pos, in->pos + (size_t)je.position);
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->rec_line + je.line - 1, "%s", why);
		}
		count_lines(in, in->pos, in->pos + (size_t)je.position);
		in->pos += (size_t)je.position;
		return 1;
unclosed:
		if (rc == 0)
			return lp_err_set(err, EX_DATAERR, in->name, in->line,
			    "JSON array not closed (missing ']' at the end)");
		return rc;
	}
	if (*val == NULL)
		snprintf(why, whylen, "invalid JSON: %s", je.text);
	else if (!json_is_object(*val)) {
		snprintf(why, whylen, "not a JSON object");
		json_decref(*val);
		*val = NULL;
	}
	return 1;
}

/* Append the text of a JSON value to the pending data as one field. */
static void
add_value(struct lp_pending *pd, json_t *v)
{
	char tmp[64];
	char *dump;

	switch (json_typeof(v)) {
	case JSON_STRING:
		lp_pending_field(pd, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		/* The shortest form that reads back as the same double. */
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec,
			    json_real_value(v));
			if (strtod(tmp, NULL) == json_real_value(v))
				break;
		}
		break;
	case JSON_TRUE:
		snprintf(tmp, sizeof(tmp), "true");
		break;
	case JSON_FALSE:
		snprintf(tmp, sizeof(tmp), "false");
		break;
	case JSON_NULL:
		tmp[0] = '\0';
		break;
	default:
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump == NULL)
			lp_oom();
		lp_pending_field(pd, dump, strlen(dump));
		free(dump);
		return;
	}
	lp_pending_field(pd, tmp, strlen(tmp));
}

/* A value that is not a usable object: to --rejects, or an error. */
static int
bad_value(struct lp_input *in, const char *why, struct lp_err *err)
{
	if (!in->have_rejects)
		return lp_err_set(err, EX_DATAERR, in->name, in->rec_line,
		    "%s", why);
	in->reject(in->reject_ctx, in, in->rec_line, in->buf + in->recstart,
	    in->pos - in->recstart, why);
	return 0;
}

/*
 * Turn an object into a pending record, fields in header order (empty
 * unless the object has them).  0, or -1 with err set when the object
 * cannot be read and there is no --rejects.
 */
static int
emit(struct lp_input *in, json_t *obj, struct lp_err *err)
{
	struct lp_pending *pd = &in->pend;
	size_t f0 = pd->nf;
	const char *key;
	json_t *v;
	char why[300];

	for (int i = 0; i < in->ncols; i++)
		lp_pending_field(pd, "", 0);
	json_object_foreach(obj, key, v) {
		int col = lp_map_get(in->keys, key, strlen(key));
		size_t before;

		if (col < 0) {
			snprintf(why, sizeof(why), "key '%.200s' is not in the "
			    "header (the first object's keys)", key);
			pd->data.n = pd->nf > f0 ? pd->f[f0].off : pd->data.n;
			pd->nf = f0;
			return bad_value(in, why, err);
		}
		before = pd->nf;
		add_value(pd, v);
		/* --limit field applies to JSON values as it does to CSV
		 * fields (it was not checked here at all). */
		if (pd->f[before].len > in->opts->limits.max_field)
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->rec_line, "field of %zu bytes is longer than "
			    "the limit of %zu bytes", pd->f[before].len,
			    in->opts->limits.max_field);
		pd->f[f0 + (size_t)col] = pd->f[before];
		pd->nf = before;
	}
	/*
	 * The record's last line: a JSON Lines object is one line (in->line
	 * was not advanced for a last line without a newline); an array
	 * element ends on the line after the in->line completed ones.
	 * (in->line alone made `last` one less than `line` for a one-line
	 * element.)
	 */
	lp_pending_end(pd, f0, in->rec_line, in->fmt == LP_FMT_NDJSON ?
	    in->rec_line : in->line + 1);
	return 0;
}

int
lp_json_fill(struct lp_input *in, struct lp_err *err)
{
	struct lp_pending *pd = &in->pend;

	while (pd->next >= pd->nr) {
		char why[300];
		json_t *obj;
		int rc;

		if (in->done)
			return 0;
		if ((rc = load_next(in, &obj, why, sizeof(why), err)) < 0)
			return -1;
		if (rc == 0) {
			in->done = true;
			return 0;
		}
		rc = obj == NULL ? bad_value(in, why, err) : emit(in, obj, err);
		json_decref(obj);
		if (rc < 0)
			return -1;
	}
	return 1;
}

/* Add the keys of obj to the header being built. */
static void
collect_keys(struct lp_input *in, json_t *obj, char ***names, size_t **lens)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t n = strlen(key);

		if (lp_map_get(in->keys, key, n) >= 0)
			continue;
		lp_map_put(in->keys, key, n, in->ncols);
		*names = lp_xreallocarray(*names, (size_t)in->ncols + 1,
		    sizeof(**names));
		*lens = lp_xreallocarray(*lens, (size_t)in->ncols + 1,
		    sizeof(**lens));
		(*names)[in->ncols] = lp_xstrndup(key, n);
		(*lens)[in->ncols] = n;
		in->ncols++;
	}
}

int
lp_json_open(struct lp_input *in, struct lp_err *err)
{
	struct stat sb;
	char **names = NULL;
	size_t *lens = NULL;
	char why[300];
	json_t *obj = NULL;
	int rc, n;
	bool scan_all;

	if (in->fmt == LP_FMT_AUTO) {
		size_t i = 0;

		while (i < in->len && is_ws(in->buf[i]))
			i++;
		in->fmt = i < in->len && in->buf[i] == '[' ? LP_FMT_JSON :
		    LP_FMT_NDJSON;
	}
	in->keys = lp_map_new();
	scan_all = in->dec.fd != STDIN_FILENO && fstat(in->dec.fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode);
	/*
	 * Collect keys: from every object of a regular file (bad values and
	 * errors are left for the real pass to report, which meets them in
	 * the same order), else from the first object, which then becomes
	 * the first record.  The record limit is the exception: where it
	 * trips depends on how much was read at once, so a header made of the
	 * keys seen before it would too; it stops the run here.
	 */
	for (;;) {
		if ((rc = load_next(in, &obj, why, sizeof(why), err)) <= 0)
			break;
		if (obj != NULL) {
			collect_keys(in, obj, &names, &lens);
			if (!scan_all)
				break;
			json_decref(obj);
			obj = NULL;
		} else if (!scan_all && bad_value(in, why, err) < 0) {
			rc = -1;
			break;
		}
	}
	/* n counts the collected names, freed at out: (in->ncols is 0 again
	 * when lp_input_set_header fails, which leaked them). */
	n = in->ncols;
	in->ncols = 0;
	if (rc < 0 && (!scan_all || in->over_limit))
		goto out;
	if ((rc = lp_input_set_header(in, names, lens, n, err)) < 0)
		goto out;
	if (scan_all) {
		/* Start the file over for the real pass. */
		memset(err, 0, sizeof(*err));
		lp_dec_close(&in->dec);
		if (lseek(in->dec.fd, 0, SEEK_SET) != 0 ||
		    lp_dec_open(&in->dec, in->dec.fd, in->name,
		    in->opts->read_size, err) < 0) {
			rc = lp_err_set(err, EX_IOERR, in->name, 0,
			    "cannot read the file a second time");
			goto out;
		}
		in->dec.mark = in->have_rejects;
		in->pos = in->len = in->recstart = 0;
		in->line = in->blank = 0;
		in->json_array_open = false;
		in->json_array_more = false;
	} else if (obj != NULL)
		rc = emit(in, obj, err);
out:
	json_decref(obj);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(lens);
	return rc < 0 ? -1 : 0;
}

void
lp_json_close(struct lp_input *in)
{
	lp_map_free(in->keys);
	in->keys = NULL;
}
