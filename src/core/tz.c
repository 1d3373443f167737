/* Time zones: looked up (libical's database, the zoneinfo files, offsets a
 * snapshot supplies, the user's zone), named and freed. Conversions and
 * the calendar are tz_time.c's. */
#include "sked/tz.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sked/xalloc.h"
#include "tz_int.h"

static struct tz_zone *tz_zones;
static struct tz_zone *tz_local_zone;
/* $TZ when it named no zone the C library can use (tz_local_unusable). */
static char *tz_local_bad;

/* The label of an Etc/GMT zone: "UTC+01:00" for Etc/GMT-1 (POSIX's
 * sign, east negative), into out; false for another name. */
static bool
tz_etc_label(const char *name, char *out, size_t size)
{
	if (strncmp(name, "Etc/GMT", strlen("Etc/GMT")) != 0)
		return false;
	const char *p = name + strlen("Etc/GMT");
	if ((*p != '+' && *p != '-') || p[1] < '1' || p[1] > '9')
		return false;
	char *end;
	long h = strtol(p + 1, &end, 10);
	if (*end != '\0' || h > 14)
		return false;
	snprintf(out, size, "UTC%c%02d:00", *p == '-' ? '+' : '-', (int)h);
	return true;
}

static struct tz_zone *
tz_new(const char *name, icaltimezone *ical)
{
	struct tz_zone *z = xcalloc(1, sizeof(*z));
	z->name = xstrdup(name);
	char label[16];
	if (tz_etc_label(name, label, sizeof(label)))
		z->label = xstrdup(label);
	z->ical = ical;
	z->next = tz_zones;
	tz_zones = z;
	return z;
}

static bool
tz_name_plausible(const char *name)
{
	/* IANA names: letters, digits, '/', '_', '-', '+'; no "..". */
	size_t n = strlen(name);
	if (n == 0 || n > 64 || name[0] == '/' || strstr(name, ".."))
		return false;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		      c == '-' || c == '+'))
			return false;
	}
	return true;
}

/* The zone of that name made already (not the C library's). */
static struct tz_zone *
tz_known(const char *name)
{
	for (struct tz_zone *z = tz_zones; z; z = z->next)
		if (!z->local && strcmp(z->name, name) == 0)
			return z;
	return NULL;
}

const struct tz_zone *
tz_find(const char *name)
{
	struct tz_zone *z = tz_known(name);
	if (z != NULL)
		return z;
	if (strcmp(name, "UTC") == 0) {
		z = tz_new(name, NULL);
		z->utc = true;
		return z;
	}
	if (!tz_name_plausible(name))
		return NULL;
	/* The file's stat data before libical reads it: should the file be
	 * replaced in between, what is made from the zone is keyed by the
	 * older version, and made again. */
	struct tz_file file;
	const char *dir = tz_zone_dir();
	bool has_file = dir != NULL && tz_file_in(dir, name, &file);
	icaltimezone *ical = icaltimezone_get_builtin_timezone(name);
	icalerror_clear_errno();
	if (ical == NULL)
		return NULL;
	z = tz_new(name, ical);
	z->has_file = has_file;
	if (has_file)
		z->file = file;
	return z;
}

bool
tz_name_exists(const char *name)
{
	struct tz_file file;
	const char *dir = tz_zone_dir();
	if (strcmp(name, "UTC") == 0 || tz_known(name) != NULL)
		return true;
	/* A libical with zone data of its own, no zoneinfo here: ask it. */
	if (dir == NULL)
		return tz_find(name) != NULL;
	return tz_file_in(dir, name, &file);
}

const char *
tz_zone_dir(void)
{
	/* libical 3.0's search (icaltz-util.c), which takes the first
	 * directory holding a zone.tab it can read. */
	static const char *const dirs[] = {
		"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/etc/zoneinfo",
		"/usr/share/lib/zoneinfo"};
	static const char *found;
	static bool searched;
	if (!searched) {
		searched = true;
		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			char path[64];
			snprintf(path, sizeof(path), "%s/zone.tab", dirs[i]);
			if (access(path, R_OK) == 0) {
				found = dirs[i];
				break;
			}
		}
	}
	return found;
}

bool
tz_file_in(const char *dir, const char *name, struct tz_file *out)
{
	if (!tz_name_plausible(name))
		return false;
	char path[4096];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return false;
	*out = (struct tz_file){
		.size = (uint64_t)st.st_size,
		.ino = st.st_ino,
		.dev = st.st_dev,
		.mtime_sec = st.st_mtim.tv_sec,
		.mtime_nsec = st.st_mtim.tv_nsec,
		.ctime_sec = st.st_ctim.tv_sec,
		.ctime_nsec = st.st_ctim.tv_nsec,
	};
	return true;
}

bool
tz_file_same(const struct tz_file *a, const struct tz_file *b)
{
	return a->size == b->size && a->ino == b->ino && a->dev == b->dev &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec &&
	       a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec;
}

bool
tz_file_of(const struct tz_zone *z, struct tz_file *out)
{
	if (!z->has_file)
		return false;
	*out = z->file;
	return true;
}

static int
tz_day_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct tz_day *)a)->day,
		y = ((const struct tz_day *)b)->day;
	return (x > y) - (x < y);
}

const struct tz_zone *
tz_supply(const char *name, const struct tz_file *file,
	  const struct tz_day *days, size_t n)
{
	if (!tz_name_plausible(name) || strcmp(name, "UTC") == 0)
		return NULL;
	struct tz_zone *z = tz_known(name);
	struct tz_file now;
	/* The data the days came from must be the data this process reads
	 * the zone from: a zone already made, its file as it was then;
	 * else the file as it is now. */
	if (z != NULL ? !z->has_file || !tz_file_same(&z->file, file)
		      : tz_zone_dir() == NULL ||
				!tz_file_in(tz_zone_dir(), name, &now) ||
				!tz_file_same(&now, file))
		return NULL;
	if (z == NULL) {
		z = tz_new(name, NULL);
		z->has_file = true;
		z->file = *file;
	}
	if (z->ical != NULL || n == 0)
		return z; /* libical answers it already */
	/* Merged with the days another program supplied, each day once. */
	struct tz_day *all = xmalloc((z->n_supplied + n) * sizeof(*all));
	if (z->n_supplied > 0)
		memcpy(all, z->supplied, z->n_supplied * sizeof(*all));
	memcpy(all + z->n_supplied, days, n * sizeof(*all));
	size_t total = z->n_supplied + n, kept = 0;
	xqsort(all, total, sizeof(*all), tz_day_cmp);
	for (size_t i = 0; i < total; i++)
		if (kept == 0 || all[kept - 1].day != all[i].day)
			all[kept++] = all[i];
	free(z->supplied);
	z->supplied = all;
	z->n_supplied = kept;
	return z;
}

/* The IANA name behind /etc/localtime, if it links into a zoneinfo tree. */
static const struct tz_zone *
tz_from_localtime_link(void)
{
	char buf[512];
	ssize_t n = readlink("/etc/localtime", buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	const char *p = strstr(buf, "zoneinfo/");
	return p ? tz_find(p + strlen("zoneinfo/")) : NULL;
}

/* s past a POSIX TZ name: three or more letters, or "<...>" holding
 * three or more of letters, digits, '+' and '-'; NULL when it is none. */
static const char *
tz_posix_name(const char *s)
{
	size_t n = 0;
	if (*s == '<') {
		for (s++; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			  (*s >= '0' && *s <= '9') || *s == '+' || *s == '-'; s++)
			n++;
		return *s == '>' && n >= 3 ? s + 1 : NULL;
	}
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++)
		n++;
	return n >= 3 ? s : NULL;
}

/* Whether s starts a POSIX TZ offset as glibc reads one: a sign,
 * blanks (its sscanf skips them), then digits ([+-]hh[:mm[:ss]], any
 * number of digits in each: "EST5:3" is -05:03). */
static bool
tz_posix_offset(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s >= '0' && *s <= '9';
}

/* Whether the C library makes a zone of $TZ = v (after a ':'), as glibc
 * reads it: a TZif file (a path, or a name under $TZDIR or its
 * zoneinfo), else a POSIX rule, a name and an offset at least ("EST5",
 * "<+03>-3", "EST5EDT,M3.2.0,M11.1.0"). Anything else it takes as UTC,
 * silently: a misspelt "Europe/Berln", or "CEST". */
static bool
tz_c_library_knows(const char *v)
{
	char path[4096];
	const char *dir = getenv("TZDIR");
	int n = v[0] == '/'
		? snprintf(path, sizeof(path), "%s", v)
		: snprintf(path, sizeof(path), "%s/%s",
			   dir && *dir ? dir : "/usr/share/zoneinfo", v);
	if (n > 0 && (size_t)n < sizeof(path)) {
		FILE *fp = fopen(path, "rb");
		char magic[4] = {0};
		if (fp != NULL) {
			size_t got = fread(magic, 1, sizeof(magic), fp);
			fclose(fp);
			if (got == sizeof(magic) && memcmp(magic, "TZif", 4) == 0)
				return true;
		}
	}
	const char *s = tz_posix_name(v);
	return s != NULL && tz_posix_offset(s);
}

const char *
tz_local_unusable(void)
{
	(void)tz_local();
	return tz_local_bad;
}

const struct tz_zone *
tz_local(void)
{
	if (tz_local_zone != NULL)
		return tz_local_zone;
	const struct tz_zone *z = NULL;
	const char *env = getenv("TZ");
	if (env != NULL) {
		if (*env == ':')
			env++;
		if (*env == '\0' || strcmp(env, "UTC0") == 0 ||
		    strcmp(env, "GMT") == 0)
			z = tz_find("UTC");
		else if ((z = tz_find(env)) == NULL &&
			 !tz_c_library_knows(env)) {
			/* UTC, as the C library takes it, and said so. */
			tz_local_bad = xstrdup(getenv("TZ"));
			z = tz_find("UTC");
		}
	} else {
		z = tz_from_localtime_link();
	}
	if (z == NULL) {
		/* A POSIX rule such as "EST5EDT" or an unknown file: let the
		 * C library do the conversions. */
		tzset();
		tz_local_zone = tz_new("local", NULL);
		tz_local_zone->local = true;
	} else {
		tz_local_zone = (struct tz_zone *)z;
	}
	return tz_local_zone;
}

const char *
tz_name(const struct tz_zone *z)
{
	return z->name;
}

const char *
tz_label(const struct tz_zone *z)
{
	return z->label ? z->label : z->name;
}

void
tz_cleanup(void)
{
	while (tz_zones) {
		struct tz_zone *next = tz_zones->next;
		free(tz_zones->name);
		free(tz_zones->label);
		free(tz_zones->supplied);
		free(tz_zones);
		tz_zones = next;
	}
	tz_local_zone = NULL;
	free(tz_local_bad);
	tz_local_bad = NULL;
	icaltimezone_free_builtin_timezones();
}

const char *
tz_known_name(size_t i)
{
	icalarray *all = icaltimezone_get_builtin_timezones();
	if (all == NULL || i >= all->num_elements)
		return NULL;
	return icaltimezone_get_location(icalarray_element_at(all, i));
}
