#include "sked/bundle.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/xalloc.h"

#ifndef SKED_DATADIR
#error "SKED_DATADIR must name the installed data directory"
#endif

char *
bundle_dir(void)
{
	const char *env = getenv("SKED_DATA_DIR");
	if (env != NULL && *env != '\0')
		return xstrdup(env);
#if defined(SKED_BUILD_ROOT) && defined(SKED_SOURCE_DATADIR)
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		size_t root = strlen(SKED_BUILD_ROOT);
		if (strncmp(exe, SKED_BUILD_ROOT, root) == 0 && exe[root] == '/')
			return xstrdup(SKED_SOURCE_DATADIR);
	}
#endif
#ifdef SKED_DATADIR_FROM_BIN
	/* Installed under another root than the prefix it was built for
	 * (meson install --destdir, a copied tree): the data directory
	 * beside the executable's, when there is one. */
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = '\0';
		char *slash = strrchr(self, '/');
		if (slash != NULL) {
			*slash = '\0';
			char *dir = xasprintf("%s/%s", self, SKED_DATADIR_FROM_BIN);
			char real[PATH_MAX];
			struct stat st;
			bool found = realpath(dir, real) != NULL &&
				     stat(real, &st) == 0 && S_ISDIR(st.st_mode);
			free(dir);
			/* Named without "bin/..", as the files are shown. */
			if (found)
				return xstrdup(real);
		}
	}
#endif
	return xstrdup(SKED_DATADIR);
}

static int
bundle_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
bundle_files(char ***paths)
{
	char *dir = bundle_dir();
	DIR *d = opendir(dir);
	size_t n = 0, cap = 0;
	*paths = NULL;
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len < 6 ||
			    strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				*paths = xreallocarray(*paths, cap, sizeof(char *));
			}
			(*paths)[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
		closedir(d);
	}
	free(dir);
	if (n)
		xqsort(*paths, n, sizeof(char *), bundle_cmp);
	return n;
}
