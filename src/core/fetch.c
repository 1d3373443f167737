#include "sked/fetch.h"

/* The types and constants of libcurl, not its functions (fc below). The
 * options a newer libcurl deprecated are named too: an older one, opened
 * at run time, may know only those (fetch_set_protocols). */
#define CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_DEPRECATION
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/fetch_test.h"
#include "sked/lazylib.h"
#include "sked/text.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

/* libcurl is opened when the first download starts, not linked: with the
 * TLS, HTTP/2, SSH, LDAP and Kerberos libraries it brings, it was 29 of
 * the 48 libraries every sked command loaded, and relocating them cost
 * each command (`sked check`, `sked list`, a status bar's `sked now`
 * every few seconds) 21 million instructions and 8 MB before it did
 * anything. These are libcurl's functions, as curl.h declares them. */
static struct {
	bool tried;  /* fetch_curl_open has run */
	char *error; /* why libcurl could not be opened; NULL when it was */
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *c);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l,
					   const char *s);
	void (*slist_free_all)(struct curl_slist *l);
} fc;

/* Opens libcurl (its ABI 4, which every libcurl since 7.16 keeps) once;
 * false with fc.error when it cannot. */
static bool
fetch_curl_open(void)
{
	if (fc.tried)
		return fc.error == NULL;
	fc.tried = true;
	static const struct {
		const char *name;
		size_t offset;
	} syms[] = {
#define FC_SYM(f) {"curl_" #f, offsetof(__typeof__(fc), f)}
		FC_SYM(global_init),  FC_SYM(global_cleanup),
		FC_SYM(easy_init),    FC_SYM(easy_setopt),
		FC_SYM(easy_getinfo), FC_SYM(easy_perform),
		FC_SYM(easy_cleanup), FC_SYM(easy_strerror),
		FC_SYM(slist_append), FC_SYM(slist_free_all),
#undef FC_SYM
	};
	/* lazylib_try: opened as lazylib.c opens libical and libxml2, but a
	 * failure is a download's, not sked's (no exit). */
	static struct lazylib curl = {"libcurl", "libcurl.so.4", NULL};
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		const char *why = NULL;
		void *f = lazylib_try(&curl, syms[i].name, &why);
		if (f == NULL) {
			fc.error = xasprintf("cannot load libcurl (libcurl.so.4): %s",
					     why ? why : syms[i].name);
			return false;
		}
		/* POSIX makes a function's address from dlsym a void *. */
		memcpy((char *)&fc + syms[i].offset, &f, sizeof(f));
	}
	/* Before any thread: sked starts none, and the browser's updates
	 * run in a child process. */
	if (fc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fc.error = xstrdup("cannot start libcurl");
		return false;
	}
	return true;
}

/* A validator longer than this is not kept: no real ETag or HTTP date is
 * near it, and it is sent back in a request header. */
enum { FETCH_VALIDATOR_MAX = 1024 };
/* A transfer slower than this many bytes a second for FETCH_STALL_SECONDS
 * fails: a stalled body must not hold the user until FETCH_TIMEOUT. */
enum { FETCH_LOW_SPEED = 1, FETCH_STALL_SECONDS = 30 };

/* The start of the authority of url ("h" in "https://u:p@h/x") and its end
 * (the first '/', '?' or '#' after it); false when url has no "scheme://". */
static bool
fetch_authority(const char *url, const char **start, const char **end)
{
	size_t n = uri_scheme(url);
	if (n == 0 || strncmp(url + n, "://", 3) != 0)
		return false;
	*start = url + n + 3;
	*end = *start + strcspn(*start, "/?#");
	return true;
}

char *
fetch_redact(const char *url)
{
	const char *a, *end;
	char *plain;
	if (fetch_authority(url, &a, &end)) {
		/* The user information ends at the authority's last '@'. */
		const char *at = NULL;
		for (const char *p = a; p < end; p++)
			if (*p == '@')
				at = p;
		plain = at == NULL ? xstrdup(url)
				   : xasprintf("%.*s%s", (int)(a - url), url,
					       at + 1);
	} else {
		plain = xstrdup(url);
	}
	/* Only a URI's characters: the text may have come from the network
	 * (a Location header) and goes to a terminal. */
	char *safe = uri_encode(plain);
	free(plain);
	return safe;
}

/* fetch_url_why's reason, without the URL, or NULL: a constant, or one
 * written in why[0..size) (a URI character's, *chars then set). */
static const char *
fetch_url_reason(const char *url, bool *chars, char *why, size_t size)
{
	*chars = false;
	size_t n = uri_scheme(url);
	if (!((n == 4 && strncasecmp(url, "http", 4) == 0) ||
	      (n == 5 && strncasecmp(url, "https", 5) == 0)))
		return "it does not start with http:// or https://";
	size_t at;
	if (!uri_check(url, &at, why, size)) {
		*chars = true;
		return why;
	}
	const char *a, *end;
	if (!fetch_authority(url, &a, &end))
		return "it has no // and host after its scheme";
	for (const char *p = a; p < end; p++)
		if (*p == '@')
			a = p + 1;
	/* A host, not only a port. */
	if (a == end || *a == ':')
		return "it names no host";
	return NULL;
}

char *
fetch_url_why(const char *url)
{
	bool chars;
	char buf[128];
	const char *why = fetch_url_reason(url, &chars, buf, sizeof(buf));
	if (why == NULL)
		return NULL;
	if (chars)
		return xasprintf("the URL is not valid: %s", why);
	/* A URL with a character no URL has is not shown (above):
	 * fetch_redact would show it encoded, a valid URL beside the reason
	 * it is not. */
	char *shown = fetch_redact(url);
	char *msg = xasprintf("%s is not an http or https URL: %s", shown, why);
	free(shown);
	return msg;
}

bool
fetch_url_ok(const char *url)
{
	bool chars;
	char buf[128];
	return fetch_url_reason(url, &chars, buf, sizeof(buf)) == NULL;
}

const char *
fetch_url_user(const char *url, size_t *n)
{
	const char *a, *end, *at = NULL;
	if (!fetch_authority(url, &a, &end))
		return NULL;
	/* The user information ends at the authority's last '@'; the
	 * user name at its first ':'. */
	for (const char *p = a; p < end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL)
		return NULL;
	*n = strcspn(a, ":@");
	return a;
}

void
fetch_global_cleanup(void)
{
	if (fc.tried && fc.error == NULL)
		fc.global_cleanup();
	free(fc.error);
	fc.error = NULL;
	fc.tried = false;
	/* Not dlclose'd: libcurl's libraries register exit handlers. */
}

void
fetch_validators_free(struct fetch_validators *v)
{
	free(v->etag);
	free(v->last_modified);
	v->etag = v->last_modified = NULL;
}

void
fetch_result_free(struct fetch_result *r)
{
	free(r->body);
	fetch_validators_free(&r->validators);
	free(r->effective_url);
	free(r->error);
	memset(r, 0, sizeof *r);
	r->status = FETCH_FAILED;
}

/* What the callbacks collect during one transfer. */
struct fetch_state {
	const struct fetch_options *o;
	size_t max;
	char *body;
	size_t len, cap;
	bool too_big;    /* the body passed the cap */
	bool cancelled;  /* o->progress said stop */
	long code;       /* of the last status line */
	char reason[80]; /* its reason phrase, sanitized */
	struct fetch_validators v; /* of the last response */
};

/* A header value fit to be kept and sent back: printable ASCII (no CR or
 * LF that would start another header), not empty, not huge. */
static bool
fetch_validator_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > FETCH_VALIDATOR_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
			return false;
	return true;
}

static void
fetch_keep_validator(char **slot, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	char *s = xstrndup(v, n);
	free(*slot);
	*slot = NULL;
	if (fetch_validator_ok(s) && strlen(s) == n)
		*slot = s;
	else
		free(s);
}

/* Each header line of each response, redirects and 1xx included: a status
 * line starts a new response, whose validators replace the last one's. */
static size_t
fetch_header_cb(char *data, size_t size, size_t nitems, void *arg)
{
	struct fetch_state *st = arg;
	size_t n = size * nitems;
	size_t len = n;
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		fetch_validators_free(&st->v);
		st->reason[0] = '\0';
		const char *p = memchr(data, ' ', len);
		if (p != NULL) {
			const char *end = data + len;
			p++;
			st->code = 0;
			while (p < end && *p >= '0' && *p <= '9' &&
			       st->code < 1000)
				st->code = st->code * 10 + (*p++ - '0');
			while (p < end && *p == ' ')
				p++;
			/* The reason phrase is the server's text. */
			char *r = text_sanitize(p, (size_t)(end - p), 0);
			snprintf(st->reason, sizeof st->reason, "%s", r);
			free(r);
		}
		return n;
	}
	const char *colon = memchr(data, ':', len);
	if (colon == NULL)
		return n;
	size_t name = (size_t)(colon - data);
	const char *value = colon + 1;
	size_t vlen = len - name - 1;
	if (name == 4 && strncasecmp(data, "etag", 4) == 0)
		fetch_keep_validator(&st->v.etag, value, vlen);
	else if (name == 13 && strncasecmp(data, "last-modified", 13) == 0)
		fetch_keep_validator(&st->v.last_modified, value, vlen);
	return n;
}

/* The body, decoded: the cap counts what sked keeps, whatever
 * Content-Length said or however small the compressed transfer was. */
static size_t
fetch_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_state *st = arg;
	size_t n = size * nmemb;
	/* Only a 2xx body is kept; an error page is not read to its end. */
	if (st->code < 200 || st->code > 299)
		return 0;
	if (n > st->max - st->len) {
		st->too_big = true;
		return 0;
	}
	if (st->len + n + 1 > st->cap) {
		size_t cap = st->cap ? st->cap : 16384;
		while (cap < st->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? st->len + n + 1 : cap * 2;
		/* Never more than the cap holds (a 64 MiB body must not make
		 * 128 MiB): the test above keeps len + n + 1 <= max + 1. */
		if (cap > st->max + 1)
			cap = st->max + 1;
		st->body = xreallocarray(st->body, cap, 1);
		st->cap = cap;
	}
	memcpy(st->body + st->len, data, n);
	st->len += n;
	st->body[st->len] = '\0';
	return n;
}

static int
fetch_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
		  curl_off_t ultotal, curl_off_t ulnow)
{
	(void)ultotal, (void)ulnow;
	struct fetch_state *st = arg;
	if (st->o->progress == NULL)
		return 0;
	if (!st->o->progress(st->o->progress_arg, (long long)dlnow,
			     dltotal > 0 ? (long long)dltotal : -1)) {
		st->cancelled = true;
		return 1;
	}
	return 0;
}

/* "Not Found" for 404 when the server gave no reason phrase (HTTP/2 has
 * none); NULL for a code without a well-known one. */
static const char *
fetch_reason(long code)
{
	static const struct {
		long code;
		const char *reason;
	} reasons[] = {
		{400, "Bad Request"}, {401, "Unauthorized"},
		{403, "Forbidden"}, {404, "Not Found"}, {408, "Request Timeout"},
		{410, "Gone"}, {429, "Too Many Requests"},
		{500, "Internal Server Error"}, {502, "Bad Gateway"},
		{503, "Service Unavailable"}, {504, "Gateway Timeout"},
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == code)
			return reasons[i].reason;
	return NULL;
}

/* "64 MiB" or "1000 bytes". */
static char *
fetch_size_text(size_t n)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		return xasprintf("%zu MiB", n / (1024 * 1024));
	if (n >= 1024 && n % 1024 == 0)
		return xasprintf("%zu KiB", n / 1024);
	return xasprintf("%zu bytes", n);
}

/* curl's own message, when it holds nothing of the URL's user information
 * (it names hosts and ports, but be sure), made safe for a terminal. */
static char *
fetch_curl_text(CURLcode rc, const char *errbuf, const char *url)
{
	const char *a, *end, *at = NULL;
	if (fetch_authority(url, &a, &end))
		for (const char *p = a; p < end; p++)
			if (*p == '@')
				at = p;
	bool leak = false;
	if (at != NULL && errbuf[0] != '\0') {
		/* Any part of the user information, user or password. */
		const char *colon = memchr(a, ':', (size_t)(at - a));
		const char *parts[2][2] = {{a, colon ? colon : at},
					   {colon ? colon + 1 : at, at}};
		for (int i = 0; i < 2; i++) {
			size_t n = (size_t)(parts[i][1] - parts[i][0]);
			char *s = xstrndup(parts[i][0], n);
			if (n > 0 && strstr(errbuf, s) != NULL)
				leak = true;
			free(s);
		}
	}
	const char *text = errbuf[0] != '\0' && !leak ? errbuf
						      : fc.easy_strerror(rc);
	return text_sanitize(text, strlen(text), 0);
}

/* The error sentence for a transfer that did not end with a 2xx or 304. */
static char *
fetch_error(CURL *c, CURLcode rc, const struct fetch_state *st,
	    const char *url, const char *shown, const char *errbuf)
{
	if (st->cancelled)
		return xstrdup("cancelled");
	if (st->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		char *cap = fetch_size_text(st->max);
		char *e = xasprintf("%s is larger than %s, sked's limit for a "
				    "schedule", shown, cap);
		free(cap);
		return e;
	}
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && st->code != 0)) {
		const char *reason = st->reason[0] ? st->reason
						   : fetch_reason(st->code);
		if (st->code == 304)
			return xasprintf("HTTP 304 Not Modified from %s, which "
					 "was not asked for", shown);
		if (st->code >= 300 && st->code < 400)
			return xasprintf("HTTP %ld %s from %s without a place "
					 "to go", st->code,
					 reason ? reason : "redirect", shown);
		return xasprintf("HTTP %ld%s%s from %s", st->code,
				 reason ? " " : "", reason ? reason : "",
				 shown);
	}
	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL: {
		/* Only a redirect can lead there, the URL asked for was
		 * checked; curl's effective URL is then the refused one. */
		char *asked = fetch_redact(url);
		char *e = xasprintf("%s redirects to %s, which is not an http "
				    "or https address: not followed",
				    asked, shown);
		free(asked);
		return e;
	}
	case CURLE_TOO_MANY_REDIRECTS:
		return xasprintf("more than %d redirects from %s (a redirect "
				 "loop?)", FETCH_MAX_REDIRECTS, shown);
	case CURLE_PARTIAL_FILE: {
		curl_off_t want = -1;
		fc.easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
		if (want > 0)
			return xasprintf("%s was cut short: %zu of %lld bytes "
					 "came", shown, st->len,
					 (long long)want);
		return xasprintf("%s was cut short", shown);
	}
	case CURLE_OPERATION_TIMEDOUT: {
		long ms = st->o->timeout_ms > 0 ? st->o->timeout_ms
						: FETCH_TIMEOUT * 1000L;
		curl_off_t connected = 0;
		fc.easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected == 0)
			return xasprintf("%s did not answer in time (%ld s)",
					 shown, ms < FETCH_CONNECT_TIMEOUT * 1000L
							? (ms + 999) / 1000
							: (long)FETCH_CONNECT_TIMEOUT);
		/* Which limit: the whole download's, or nothing coming
		 * for FETCH_STALL_SECONDS (ended well before the other). */
		curl_off_t total = 0;
		fc.easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total);
		if (total / 1000 + 1000 < ms) {
			long stall = st->o->stall_seconds > 0
				? st->o->stall_seconds
				: (long)FETCH_STALL_SECONDS;
			return xasprintf("%s stalled: nothing came for %ld s "
					 "(%zu bytes had come)", shown, stall,
					 st->len);
		}
		return xasprintf("%s timed out: the download took longer "
				 "than %ld s", shown, (ms + 999) / 1000);
	}
	case CURLE_COULDNT_CONNECT: {
		long err = 0;
		fc.easy_getinfo(c, CURLINFO_OS_ERRNO, &err);
		return xasprintf("cannot connect to %s: %s", shown,
				 err ? strerror((int)err) : "no answer");
	}
	case CURLE_COULDNT_RESOLVE_HOST:
		return xasprintf("cannot find the host of %s (no network, or "
				 "a wrong name?)", shown);
	default: {
		char *why = fetch_curl_text(rc, errbuf, url);
		char *e = xasprintf("cannot download %s: %s", shown, why);
		free(why);
		return e;
	}
	}
}

int (*fetch_test_setopt)(int option);

/* One option set; its CURLcode (fetch_test.h may play a refusal). */
#define FETCH_SETOPT(c, opt, value)                                      \
	(fetch_test_setopt != NULL && fetch_test_setopt((int)(opt)) != 0  \
		 ? (CURLcode)fetch_test_setopt((int)(opt))                \
		 : fc.easy_setopt((c), (opt), (value)))

/* Whether rc says an option that matters was set; else the download
 * must not start without it: *error (the first such) says which. */
static bool
fetch_required(CURLcode rc, const char *name, char **error)
{
	if (rc == CURLE_OK)
		return true;
	if (*error == NULL)
		*error = xasprintf("cannot download safely: this libcurl "
				   "refuses %s (%s)", name,
				   fc.easy_strerror(rc));
	return false;
}

/* The options for both limits in one place: the protocols sked may reach
 * at first and after a redirect. libcurl is opened at run time, so the
 * one built against may be newer than the one running: the _STR options
 * (7.85) are tried first, and an older libcurl that does not know them
 * gets the bitmasks they replaced. False with *error when neither takes:
 * without them a redirect could lead to file: or ftp:. */
static bool
fetch_set_protocols(CURL *c, char **error)
{
	static const long mask = CURLPROTO_HTTP | CURLPROTO_HTTPS;
	CURLcode rc = CURLE_UNKNOWN_OPTION, redir = CURLE_UNKNOWN_OPTION;
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0: the headers name them */
	rc = FETCH_SETOPT(c, CURLOPT_PROTOCOLS_STR, "http,https");
	redir = FETCH_SETOPT(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
	if (rc == CURLE_UNKNOWN_OPTION)
		rc = FETCH_SETOPT(c, CURLOPT_PROTOCOLS, mask);
	if (redir == CURLE_UNKNOWN_OPTION)
		redir = FETCH_SETOPT(c, CURLOPT_REDIR_PROTOCOLS, mask);
	bool ok = fetch_required(rc, "CURLOPT_PROTOCOLS", error);
	return fetch_required(redir, "CURLOPT_REDIR_PROTOCOLS", error) && ok;
}

/* The conditional headers, only from validators fit to send. */
static struct curl_slist *
fetch_conditions(const struct fetch_validators *v)
{
	struct curl_slist *h = NULL;
	if (v == NULL)
		return NULL;
	if (v->etag != NULL && fetch_validator_ok(v->etag)) {
		char *s = xasprintf("If-None-Match: %s", v->etag);
		h = fc.slist_append(h, s);
		free(s);
	}
	if (v->last_modified != NULL && fetch_validator_ok(v->last_modified)) {
		char *s = xasprintf("If-Modified-Since: %s", v->last_modified);
		h = fc.slist_append(h, s);
		free(s);
	}
	return h;
}

enum fetch_status
fetch_url(const char *url, const struct fetch_options *o,
	  struct fetch_result *r)
{
	static const struct fetch_options none = {0};
	if (o == NULL)
		o = &none;
	memset(r, 0, sizeof *r);
	r->status = FETCH_FAILED;
	char *shown = fetch_redact(url);
	char *why = fetch_url_why(url);
	if (why != NULL) {
		r->error = why;
		r->effective_url = shown;
		return r->status;
	}
	if (!fetch_curl_open()) {
		r->error = xstrdup(fc.error);
		r->effective_url = shown;
		return r->status;
	}
	CURL *c = fc.easy_init();
	if (c == NULL) {
		r->error = xstrdup("cannot start a download (libcurl failed)");
		r->effective_url = shown;
		return r->status;
	}
	struct fetch_state st = {
		.o = o,
		.max = o->max_bytes ? o->max_bytes : FETCH_MAX_BYTES,
	};
	char errbuf[CURL_ERROR_SIZE] = "";
	long timeout = o->timeout_ms > 0 ? o->timeout_ms
					 : FETCH_TIMEOUT * 1000L;
	long connect = FETCH_CONNECT_TIMEOUT * 1000L;
	struct curl_slist *headers = fetch_conditions(o->validators);

	/* Those that matter for safety or limits are checked (a refused
	 * one fails the download); the others are comfort. */
	char *refused = NULL;
	bool ok = fetch_required(FETCH_SETOPT(c, CURLOPT_URL, url),
				 "CURLOPT_URL", &refused);
	ok = fetch_set_protocols(c, &refused) && ok;
#define FETCH_REQUIRE(opt, value)                                             \
	(ok = fetch_required(FETCH_SETOPT(c, opt, value), #opt, &refused) && ok)
	/* Signals belong to the program (the browser's SIGWINCH, Ctrl-C). */
	FETCH_REQUIRE(CURLOPT_NOSIGNAL, 1L);
	FETCH_REQUIRE(CURLOPT_FOLLOWLOCATION, 1L);
	FETCH_REQUIRE(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
	FETCH_REQUIRE(CURLOPT_SSL_VERIFYPEER, 1L);
	FETCH_REQUIRE(CURLOPT_SSL_VERIFYHOST, 2L);
	FETCH_SETOPT(c, CURLOPT_USERAGENT, "sked/" SKED_VERSION);
	/* "": every encoding this libcurl decodes (gzip, deflate...). */
	FETCH_SETOPT(c, CURLOPT_ACCEPT_ENCODING, "");
	FETCH_REQUIRE(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)st.max);
	FETCH_REQUIRE(CURLOPT_CONNECTTIMEOUT_MS,
		      connect < timeout ? connect : timeout);
	FETCH_REQUIRE(CURLOPT_TIMEOUT_MS, timeout);
	FETCH_REQUIRE(CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED);
	FETCH_REQUIRE(CURLOPT_LOW_SPEED_TIME, o->stall_seconds > 0
						      ? o->stall_seconds
						      : (long)FETCH_STALL_SECONDS);
	FETCH_REQUIRE(CURLOPT_HTTPHEADER, headers);
	FETCH_REQUIRE(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	FETCH_REQUIRE(CURLOPT_HEADERDATA, &st);
	FETCH_REQUIRE(CURLOPT_WRITEFUNCTION, fetch_write_cb);
	FETCH_REQUIRE(CURLOPT_WRITEDATA, &st);
	FETCH_REQUIRE(CURLOPT_XFERINFOFUNCTION, fetch_progress_cb);
	FETCH_REQUIRE(CURLOPT_XFERINFODATA, &st);
	FETCH_REQUIRE(CURLOPT_NOPROGRESS, 0L);
#undef FETCH_REQUIRE
	FETCH_SETOPT(c, CURLOPT_ERRORBUFFER, errbuf);
	if (!ok) {
		r->error = refused;
		r->effective_url = shown;
		fc.slist_free_all(headers);
		fc.easy_cleanup(c);
		return r->status;
	}

	CURLcode rc = fc.easy_perform(c);
	long code = 0;
	fc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	r->http_code = code;
	char *eff = NULL;
	if (fc.easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK &&
	    eff != NULL) {
		free(shown);
		shown = fetch_redact(eff);
	}
	bool conditional = headers != NULL;
	if (rc == CURLE_OK && code >= 200 && code <= 299 && !st.too_big) {
		r->status = FETCH_OK;
		r->body = st.body ? st.body : xstrdup("");
		r->len = st.len;
		st.body = NULL;
	} else if (rc == CURLE_OK && code == 304 && conditional) {
		r->status = FETCH_NOT_MODIFIED;
	} else {
		r->error = fetch_error(c, rc, &st, url, shown, errbuf);
	}
	if (r->status != FETCH_FAILED) {
		r->validators = st.v;
		st.v = (struct fetch_validators){0};
	}
	r->effective_url = shown;
	fetch_validators_free(&st.v);
	free(st.body);
	fc.slist_free_all(headers);
	fc.easy_cleanup(c);
	return r->status;
}
