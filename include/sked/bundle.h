/* bundle: where the bundled conference programs are. */
#ifndef SKED_BUNDLE_H
#define SKED_BUNDLE_H

#include <stddef.h>

/* The data directory: $SKED_DATA_DIR if set; the source tree's data/ when
 * the running program is the one in the build directory; else the data
 * directory where the install put it relative to the executable
 * (BIN/../share/sked), when it exists; else the installed data directory
 * compiled in. Returns a string the caller frees. */
char *bundle_dir(void);
/* The *.yaml files of the data directory, sorted; the caller frees each
 * string and the array. Returns the count (0 when none or unreadable). */
size_t bundle_files(char ***paths);

#endif
