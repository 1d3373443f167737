/* fetch_test: a hook of fetch.c for its tests only (no sked command
 * sets it), to play a libcurl that refuses options.
 *
 * fetch_url checks the answer of every option that matters for security
 * or limits (the protocols allowed, redirects, TLS verification, size
 * cap, timeouts, its callbacks): an older libcurl answers
 * CURLE_UNKNOWN_OPTION to the options it does not know, and one ignored
 * would leave the download without that limit. */
#ifndef SKED_FETCH_TEST_H
#define SKED_FETCH_TEST_H

/* When set: called with each CURLoption before fetch_url sets it; a
 * nonzero return is taken as libcurl's answer (a CURLcode) and the
 * option is not set; 0 sets it. NULL (the default): every option is set. */
extern int (*fetch_test_setopt)(int option);

#endif
