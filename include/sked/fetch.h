/* fetch: one HTTP(S) download of a schedule, with libcurl.
 *
 * Only http and https are reached, also after a redirect (at most
 * FETCH_MAX_REDIRECTS); TLS is verified against the system's certificates;
 * a body over FETCH_MAX_BYTES, a connection that takes longer than
 * FETCH_CONNECT_TIMEOUT or a transfer longer than FETCH_TIMEOUT fail; the
 * request says "User-Agent: sked/VERSION" and accepts compressed bodies;
 * a body shorter than its Content-Length fails (the cap counts the body
 * decoded). A transfer slower than 1 byte a second for 30 s fails too.
 * Conditional requests send If-None-Match / If-Modified-Since from the
 * validators given (one holding anything but printable ASCII is not sent:
 * it would inject a header). No signal handler is installed.
 *
 * Messages never hold a URL's user information (user:password@): every
 * URL in them goes through fetch_redact().
 *
 * Ownership: a fetch_result owns its body and strings; fetch_result_free
 * releases them. */
#ifndef SKED_FETCH_H
#define SKED_FETCH_H

#include <stdbool.h>
#include <stddef.h>

enum {
	FETCH_MAX_BYTES = 64 * 1024 * 1024,
	FETCH_MAX_REDIRECTS = 5,
	FETCH_CONNECT_TIMEOUT = 15, /* seconds */
	FETCH_TIMEOUT = 120,        /* seconds, the whole transfer */
};

/* What the last good download said about itself, sent back to the
 * server so that it can answer 304 Not Modified. NULL: not known. A
 * response's are kept only when printable ASCII of at most 1024 bytes. */
struct fetch_validators {
	char *etag;
	char *last_modified;
};

enum fetch_status {
	FETCH_OK,           /* 2xx: body holds the new content */
	FETCH_NOT_MODIFIED, /* 304 to a conditional request: the copy held
			     * is current (a 304 to an unconditional one
			     * is FETCH_FAILED) */
	FETCH_FAILED,       /* anything else: error says what */
};

struct fetch_result {
	enum fetch_status status;
	long http_code;      /* 0 when no response came */
	char *body;          /* NUL-terminated; NULL unless FETCH_OK */
	size_t len;
	struct fetch_validators validators; /* the response's, when it gave them */
	char *effective_url; /* after redirects, redacted; never NULL (for a
			      * redirect refused, the refused address) */
	char *error;         /* FETCH_FAILED: a sentence, such as "HTTP 404
			      * Not Found from https://x.example/s.json" */
};

/* Progress: called now and then with the bytes received and the total
 * (-1 when unknown), as they travel (compressed, when they are); returning
 * false cancels the transfer (error is then exactly "cancelled"). Called
 * from inside fetch_url, in the caller's thread. */
typedef bool (*fetch_progress_fn)(void *arg, long long received,
				  long long total);

struct fetch_options {
	const struct fetch_validators *validators; /* NULL: unconditional */
	fetch_progress_fn progress;                /* NULL: none */
	void *progress_arg;
	/* Tests only: overrides of the limits above (0: the default). */
	long timeout_ms;
	size_t max_bytes;
	long stall_seconds;
};

/* Downloads url (http or https; anything else fails without a request).
 * Always fills *r (free it with fetch_result_free). Returns r->status. */
enum fetch_status fetch_url(const char *url, const struct fetch_options *o,
			    struct fetch_result *r);
void fetch_result_free(struct fetch_result *r);
void fetch_validators_free(struct fetch_validators *v);

/* A copy of url without user information ("https://u:p@h/x" becomes
 * "https://h/x"), for messages; the caller frees it. Every byte a URI
 * cannot hold is percent-encoded (uri_encode), so the result is printable
 * ASCII, safe on a terminal even when the URL came from the network. */
char *fetch_redact(const char *url);
/* Whether url is http:// or https:// with a host, and a URI's characters
 * only (uri_check): what fetch_url takes. */
bool fetch_url_ok(const char *url);
/* Why url is not one fetch_url takes, as a message: "URL is not an http
 * or https URL: it names no host" (the URL without its credentials), or
 * for a character no URL has "the URL is not valid: character 19 is a
 * space (write it %20)" (counted in url as given, credentials and all).
 * NULL when it is one; the caller frees it. */
char *fetch_url_why(const char *url);
/* The user name in url's user information ("u" of "https://u:p@h/x"), as
 * written (n bytes, not NUL-terminated: a pointer into url); NULL when url
 * names no user. */
const char *fetch_url_user(const char *url, size_t *n);

/* libcurl is not linked: the first fetch_url opens it (dlopen) and sets
 * it up, so that the commands that download nothing never load it and
 * the libraries it brings. A program without libcurl still runs; its
 * downloads fail saying so. fetch_global_cleanup releases libcurl's
 * process-wide state when a download opened it (main calls it once, at
 * the end). sked starts no threads: the browser's updates run in a child
 * process. */
void fetch_global_cleanup(void);

#endif
