/* The program snapshot cache (snapshot.h): where snapshots live (the
 * path, the options hash, the build id) and whether a key is racy. Its
 * hash is in snapshot_hash.c, its writer in snapshot_write.c, its reader
 * in snapshot_read.c. */
/* dl_iterate_phdr (the executable's build id) is a GNU extension. */
#define _GNU_SOURCE
#include "sked/snapshot.h"

#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "sked/statefile.h"

bool
snapshot_enabled(void)
{
	const char *e = getenv("SKED_NO_CACHE");
	return e == NULL || e[0] == '\0' || strcmp(e, "0") == 0;
}

uint64_t
snapshot_options_hash(const char *name, const struct build_options *o)
{
	/* The name counts whole: the program's path and its messages use it
	 * (put back at load), and an iCal calendar's title its base name. */
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	uint64_t h = snapshot_hash(base, strlen(base), SNAPSHOT_VERSION);
	const char *tz = o && o->timezone ? o->timezone : NULL;
	if (tz != NULL)
		h = snapshot_hash(tz, strlen(tz) + 1, h);
	else
		h = snapshot_hash("", 0, h ^ 1);
	return h;
}

/* The first PT_NOTE's GNU build id of the main program (the first object
 * dl_iterate_phdr reports), hashed into *(uint64_t *)data. */
static int
sn_build_id_of(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;
		while (end - p >= (ptrdiff_t)sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			memcpy(&nh, p, sizeof(nh));
			size_t name = (nh.n_namesz + 3) & ~(size_t)3;
			size_t desc = (nh.n_descsz + 3) & ~(size_t)3;
			const char *d = p + sizeof(nh) + name;
			if (d + desc > end || d < p)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp(p + sizeof(nh), "GNU", 4) == 0) {
				*(uint64_t *)data =
					snapshot_hash(d, nh.n_descsz, 0x6275696c64);
				return 1;
			}
			p = d + desc;
		}
	}
	return 1; /* only the main program */
}

uint64_t
snapshot_build_id(void)
{
	static uint64_t id;
	static bool known;
	if (!known) {
		dl_iterate_phdr(sn_build_id_of, &id);
		known = true;
	}
	return id;
}

char *
snapshot_path(const char *path, uint64_t opts)
{
	char *abs = realpath(path, NULL);
	if (abs == NULL)
		return NULL;
	uint64_t h = snapshot_hash(abs, strlen(abs), opts);
	free(abs);
	char name[64];
	snprintf(name, sizeof(name), "snapshots/%016llx.snap",
		 (unsigned long long)h);
	return statefile_path(STATEFILE_CACHE, name);
}

bool
snapshot_racy(const struct snapshot_key *k)
{
	/* Compared as (seconds, nanoseconds) pairs: a header's times are
	 * any 64-bit values, which nanoseconds in one int64_t overflow. */
	if (k->taken_sec < INT64_MIN + SNAPSHOT_RACY_SEC)
		return true;
	int64_t lim_sec = k->taken_sec - SNAPSHOT_RACY_SEC,
		lim_nsec = k->taken_nsec;
	bool mtime_old = k->mtime_sec < lim_sec ||
			 (k->mtime_sec == lim_sec && k->mtime_nsec < lim_nsec);
	bool ctime_old = k->ctime_sec < lim_sec ||
			 (k->ctime_sec == lim_sec && k->ctime_nsec < lim_nsec);
	return !(mtime_old && ctime_old);
}
