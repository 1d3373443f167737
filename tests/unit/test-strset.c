/* Unit tests of the string hash set: SipHash-2-4 against the reference
 * vectors, a key that differs between processes, and lookups that stay
 * short for strings built to collide, as they did not with the unkeyed
 * FNV-1a the set used before (a hostile schedule made `sked check`
 * quadratic: 131,072 such ids took 33 s). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sked/strset.h"

/* The reference implementation's vectors: key 00 01 .. 0f, message
 * 00 01 .. len-1, for a few lengths (each tail length, a whole word). */
static void
test_siphash_vectors(void **state)
{
	(void)state;
	static const struct {
		size_t len;
		uint64_t hash;
	} want[] = {
		{0, 0x726fdb47dd0e0e31u},  {1, 0x74f839c593dc67fdu},
		{7, 0xab0200f58b01d137u},  {8, 0x93f5f5799a932462u},
		{9, 0x9e0082df0ba9e4b0u},  {15, 0xa129ca6149be45e5u},
		{16, 0x3f2acc7f57c29bdbu}, {63, 0x958a324ceb064572u},
	};
	unsigned char msg[64];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
		assert_true(strset_siphash(0x0706050403020100u,
					   0x0f0e0d0c0b0a0908u, msg,
					   want[i].len) == want[i].hash);
}

/* strset_hash("sked") in a new process of this program (see main). */
static uint64_t
hash_elsewhere(void)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		execl("/proc/self/exe", "test-strset", "--hash", "sked",
		      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	char buf[64] = "";
	ssize_t n = read(fd[0], buf, sizeof(buf) - 1);
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(n > 0);
	return strtoull(buf, NULL, 16);
}

/* A fixed key would let a file be made to collide once for all; each
 * process draws its own (equal keys: a chance of 2^-64). */
static void
test_key_per_process(void **state)
{
	(void)state;
	uint64_t a = hash_elsewhere(), b = hash_elsewhere();
	assert_true(a != b);
	assert_true(strset_hash("sked") != a);
	/* Within the process, a string's hash never changes. */
	assert_true(strset_hash("sked") == strset_hash("sked"));
}

/* -- strings that collide under FNV-1a, as tests/tools/fnv_collide.py
 * -- writes them for the hostile-file test of tests/check-bad.sh -- */

#define FNV_OFFSET UINT64_C(1469598103934665603)
#define FNV_PRIME UINT64_C(1099511628211)
/* Colliding in the low 20 bits: the same slot in any table of up to 2^20
 * slots, which linear probing on the hash's low bits made one run. */
#define FNV_BITS 20

static uint64_t
fnv_step(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return h;
}

/* 2^blocks ids of 3 * blocks characters with one FNV-1a hash in their low
 * FNV_BITS bits. The low k bits of FNV-1a's state after a byte depend only
 * on its low k bits before (xor and multiplication carry upwards only), so
 * two 3-character blocks that agree there from one state can be swapped
 * for each other without changing what follows: one such pair per block
 * (a birthday search among 36^3 blocks), every choice of one of each. */
static char **
fnv_colliding(int blocks, size_t *count)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char pair[32][2][4];
	uint32_t *seen = malloc(sizeof(uint32_t) << FNV_BITS);
	uint64_t h = FNV_OFFSET, mask = (UINT64_C(1) << FNV_BITS) - 1;
	assert_true(blocks <= 32 && seen != NULL);
	for (int b = 0; b < blocks; b++) {
		memset(seen, 0xff, sizeof(uint32_t) << FNV_BITS);
		bool found = false;
		for (uint32_t t = 0; t < 36 * 36 * 36 && !found; t++) {
			char s[4] = {alpha[t / 1296], alpha[t / 36 % 36],
				     alpha[t % 36], '\0'};
			uint64_t k = fnv_step(h, s, 3) & mask;
			if (seen[k] != UINT32_MAX) {
				uint32_t u = seen[k];
				char o[4] = {alpha[u / 1296], alpha[u / 36 % 36],
					     alpha[u % 36], '\0'};
				memcpy(pair[b][0], o, 4);
				memcpy(pair[b][1], s, 4);
				found = true;
			}
			seen[k] = t;
		}
		assert_true(found);
		h = fnv_step(h, pair[b][0], 3);
	}
	free(seen);
	*count = (size_t)1 << blocks;
	char **ids = malloc(*count * sizeof(*ids));
	for (size_t i = 0; i < *count; i++) {
		ids[i] = malloc(3 * (size_t)blocks + 1);
		for (int b = 0; b < blocks; b++)
			memcpy(ids[i] + 3 * b, pair[b][i >> b & 1], 3);
		ids[i][3 * blocks] = '\0';
	}
	return ids;
}

static void
free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Bounds for a set at most half full, whatever the strings: a lookup
 * visits 1.5 slots on average, and the longest run of 4,096 members is
 * some ten; 128 happens with a chance below 10^-7. The colliding ids made
 * FNV-1a's lookups n/2 on average and n at worst. */
static void
assert_short_probes(const struct strset *set)
{
	struct strset_probes p = strset_probes(set);
	assert_true(p.total <= 3 * set->n);
	assert_true(p.longest < 128);
}

/* 4,096 ids built to collide (checked: they do under FNV-1a), in a set
 * that grows and one sized in advance, as the agenda and the loader use
 * them: all found, and every lookup short; then with half removed. */
static void
test_colliding_ids(void **state)
{
	(void)state;
	size_t n;
	char **ids = fnv_colliding(12, &n);
	assert_int_equal(n, 4096);
	uint64_t low = fnv_step(FNV_OFFSET, ids[0], strlen(ids[0])) &
		       ((UINT64_C(1) << FNV_BITS) - 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(ids[i]), 36);
		assert_true((fnv_step(FNV_OFFSET, ids[i], 36) &
			     ((UINT64_C(1) << FNV_BITS) - 1)) == low);
	}
	for (size_t expect = 0; expect <= n; expect += n) {
		struct strset set;
		strset_init(&set, expect);
		for (size_t i = 0; i < n; i++)
			assert_null(strset_add(&set, ids[i]));
		assert_int_equal(set.n, n);
		assert_short_probes(&set);
		for (size_t i = 0; i < n; i++) {
			assert_ptr_equal(strset_find(&set, ids[i]), ids[i]);
			assert_ptr_equal(strset_add(&set, ids[i]), ids[i]);
		}
		for (size_t i = 0; i < n; i += 2)
			assert_ptr_equal(strset_remove(&set, ids[i]), ids[i]);
		assert_int_equal(set.n, n / 2);
		assert_short_probes(&set);
		for (size_t i = 0; i < n; i++)
			assert_true((strset_find(&set, ids[i]) != NULL) ==
				    (i % 2 == 1));
		strset_finish(&set);
	}
	free_ids(ids, n);
}

/* Ordinary strings: the statistic itself counts what it should. */
static void
test_probes_counted(void **state)
{
	(void)state;
	struct strset set;
	strset_init(&set, 0);
	struct strset_probes p = strset_probes(&set);
	assert_int_equal(p.total, 0);
	assert_int_equal(p.longest, 0);
	assert_null(strset_add(&set, "one"));
	p = strset_probes(&set);
	assert_int_equal(p.total, 1);
	assert_int_equal(p.longest, 1);
	char ids[1000][8];
	for (int i = 0; i < 1000; i++) {
		snprintf(ids[i], sizeof(ids[i]), "s%d", i);
		assert_null(strset_add(&set, ids[i]));
	}
	p = strset_probes(&set);
	assert_true(p.total >= set.n && p.longest >= 1);
	assert_short_probes(&set);
	strset_finish(&set);
}

int
main(int argc, char **argv)
{
	/* The child of test_key_per_process: its own process, its own key. */
	if (argc == 3 && strcmp(argv[1], "--hash") == 0) {
		printf("%" PRIx64 "\n", strset_hash(argv[2]));
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_key_per_process),
		cmocka_unit_test(test_colliding_ids),
		cmocka_unit_test(test_probes_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
