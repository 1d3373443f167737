/* snapshot: the program snapshot cache. Parsing a 127 MB YAML file takes
 * seconds; reading back the program it made takes a small part of that.
 * So load.c's load_file_with, the one entry the CLI, the browser and the
 * followed programs load files through, keeps a snapshot of each program
 * it loads and, the next time, loads the program from it instead of
 * parsing the file again, when the snapshot matches the file.
 *
 * Where: $XDG_CACHE_HOME/sked/snapshots/ (else ~/.cache/sked/snapshots/),
 * one file per source and options, named from a hash of the source's
 * absolute path (realpath) and of the options that change the program
 * (--timezone, and the name the file was given by, whose base name an iCal
 * calendar without a name is titled with): never from the file's text.
 * Only regular files have snapshots; programs loaded from memory (a
 * download being checked) have none.
 *
 * When it is used: only when its key matches the source: size, mtime and
 * ctime (to the nanosecond), inode and device, and the hash of the
 * options; for a program in a zone other than UTC, when the zone's
 * zoneinfo file (tz_zone_dir) has the stat data its offsets and instants
 * were computed from (else stale: a tzdata update); and only when the
 * snapshot is whole and consistent. Its key
 * also holds a 64-bit hash of all the source's bytes (snapshot_hash: 32
 * bytes a round, 8 at a time), of the buffer that was parsed, and when
 * the source's stat data were taken (CLOCK_REALTIME, just before the
 * fstat whose data are in the key; every byte parsed was read after it).
 * Like git's index, a warm load trusts the stat data, without reading the
 * source, when they cannot be stale, and hashes the source when they
 * could ("racily clean", snapshot_racy):
 *  - ctime cannot be set back: any write to the file and any utimensat
 *    (touch -r, an mtime set back) sets it to the current time, so a file
 *    changed in place with its size and mtime set back has another ctime;
 *  - a write made after the stat data were taken gets timestamps after
 *    that time minus the lag of the filesystem's clock (the kernel's
 *    coarse clock: a tick; FAT's 2-second timestamps: 2 s). A source
 *    whose mtime and ctime are both older than the taken time minus
 *    SNAPSHOT_RACY_SEC can therefore not have been written since with
 *    the same stat data; one that is not (the file was written within 2 s
 *    of its snapshot: a followed program saved and loaded at once) could,
 *    within a timestamp's tick, and is hashed and compared.
 * No filesystem is asked whether its timestamps have nanoseconds: the
 * margin covers timestamps as coarse as 2 s. Assumed: the filesystem
 * keeps ctime (every Linux one does; a FUSE or network one that makes it
 * up could hide a change made with the size and mtime kept, as it does
 * from git and make), and its clock is within the margin of this
 * machine's (an NFS server's). A racy snapshot found to match by its hash
 * is restamped (snapshot_restamp) with the taken time of the load that
 * hashed, when the source is no longer racy then, so that the next load
 * takes the stat path. A snapshot that does not match is replaced after
 * the parse.
 *
 * The file is treated as hostile input: any inconsistency (magic, version,
 * sizeof and endianness guard, sked's version, lengths, the checksum over
 * the whole file, a count, a string offset, an index to a track, room or
 * session, a date, a day, a duration, invalid UTF-8) makes the loader
 * ignore it and parse the source; nothing in it is trusted over the
 * source, and nothing is written about it but with SKED_CACHE_TRACE.
 *
 * Format (native byte order, refused elsewhere by the guard):
 *   header, 152 bytes: "SKEDSNAP", u32 format version, u32 0x01020304,
 *     u32 sizeof guard, u32 0, char[16] sked version, the key (u64 size,
 *     i64 mtime s, i64 mtime ns, i64 ctime s, i64 ctime ns, u64 inode,
 *     u64 device, u64 source hash, u64 options hash, i64 taken s, i64
 *     taken ns), u64 records length, u64 blob length, u64 checksum
 *     (snapshot_hash of the records and the blob, seeded with the
 *     snapshot_hash of the header before the checksum);
 *   records: u32 words: counts, then the conference (for a zone other
 *     than UTC, after its name: its file's stat data, i64 size, inode,
 *     device, mtime s, ns, ctime s, ns; u32 n, then n days sorted, i64
 *     day, i32 offset, u32 uniform: struct tz_day, for tz_supply), tracks, rooms,
 *     sessions (every field of program.h, texts still HTML kept so), the
 *     session order, then the warnings the load produced;
 *   blob: every string, NUL-terminated, zero-padded to 16 bytes
 *     (arena_padded: the search reads past a string's end), the long texts (abstracts, descriptions) after
 *     all the others, which a list or a search of titles reads packed
 *     together; a string is u32 offset + 1 into it (0: NULL).
 * The program loaded from it points into the blob, which its arena owns.
 *
 * Diagnostics: the warnings a load reports are kept in the snapshot and
 * reported again when it is used (at the file's current name), so `sked
 * check` says the same with or without it; a load whose warnings were cut
 * by DIAG_MAX because of earlier messages in the same list is not kept.
 *
 * SKED_NO_CACHE set to anything but "" or "0" turns the cache off: no
 * snapshot is read or written. Writing is atomic (statefile.h, without
 * fsync: a torn file fails its checksum); failing to write is silent. */
#ifndef SKED_SNAPSHOT_H
#define SKED_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/build.h"
#include "sked/diag.h"
#include "sked/program.h"

/* Version 2: the key's ctime and taken time (version 1 hashed the
 * source on every load). Version 3: the program's zone's file and
 * offsets. Version 4: no line per session (nothing read it). Version 5:
 * whether the conference's zone was derived (program.h). Version 6: text
 * in NFC (build.h). Version 7: whether a derived zone's times were exact
 * instants (program.h's times_exact). */
enum { SNAPSHOT_VERSION = 7, SNAPSHOT_HEADER = 152, SNAPSHOT_RACY_SEC = 2 };
/* A snapshot is checked (its checksum, and its strings as UTF-8) in one
 * pass, this many bytes of it after the header at a time: each piece
 * checked as UTF-8 while the checksum has just brought it into the
 * cache, or not at all when the checksum's pass found it all ASCII. A
 * multiple of 32, the hash's stripe. It is also the piece the writer
 * hashes and writes at a time, and snapshot_restamp copies. */
enum { SNAPSHOT_CHUNK = 32 * 1024 };

/* What identifies the source a snapshot was made from. */
struct snapshot_key {
	uint64_t size;
	int64_t mtime_sec, mtime_nsec;
	int64_t ctime_sec, ctime_nsec;
	uint64_t ino, dev;
	uint64_t source_hash;  /* snapshot_hash of the file's bytes */
	uint64_t options_hash; /* of the options and the name's base name */
	/* When the stat data were taken (CLOCK_REALTIME): not compared. */
	int64_t taken_sec, taken_nsec;
};

/* Whether the source k was made from could have been written again with
 * the same stat data since they were taken: its mtime or ctime not
 * strictly older than k's taken time minus SNAPSHOT_RACY_SEC. */
bool snapshot_racy(const struct snapshot_key *k);

enum snapshot_status {
	SNAPSHOT_USED,    /* the program came from the snapshot */
	SNAPSHOT_MISSING, /* none (or the cache is off) */
	SNAPSHOT_STALE,   /* made from another version of the file */
	SNAPSHOT_CORRUPT, /* torn, damaged or inconsistent */
};

/* A fast 64-bit hash of data[0..n) (not cryptographic: it tells versions
 * of a file apart). */
uint64_t snapshot_hash(const void *data, size_t n, uint64_t seed);

/* False when SKED_NO_CACHE turns the cache off. */
bool snapshot_enabled(void);

/* The hash of what, besides the source, changes the program: o and the
 * name the file is loaded by. */
uint64_t snapshot_options_hash(const char *name, const struct build_options *o);

/* The snapshot's path for the file at path (any form) with options hash
 * opts, a string the caller frees; NULL when there is no cache directory
 * or the path cannot be resolved. */
char *snapshot_path(const char *path, uint64_t opts);

/* The snapshot of p, loaded with key k; its warnings are diags->v[first..]
 * plus `dropped` more that DIAG_MAX cut. Returns false when p cannot be
 * kept (a zone only the C library knows or whose zoneinfo file was not
 * found, strings past 4 GiB). The
 * snapshot is appended to out (buf.h). */
struct buf;
bool snapshot_encode(const struct program *p, const struct snapshot_key *k,
		     const struct diag_list *diags, size_t first,
		     size_t dropped, struct buf *out);

/* The program in data[0..len), loaded as `name`, when its key is *k (NULL:
 * any key, its zone's file's too, and no checksum check: for the fuzzer, which cannot forge
 * one). Its warnings are appended to diags. SNAPSHOT_USED with *out the
 * program the caller destroys; else *out is NULL and diags unchanged. */
enum snapshot_status snapshot_decode(const char *data, size_t len,
				     const struct snapshot_key *k,
				     const char *name, struct diag_list *diags,
				     struct program **out);

/* Whether the snapshot at spath may answer for the source keyed *k, from
 * its header alone (a read of SNAPSHOT_HEADER bytes): SNAPSHOT_USED when
 * the header is this sked's and its key is *k but for the source hash
 * (the caller trusts it, or hashes the source, as snapshot_racy of *found
 * says; snapshot_load checks it and the rest), with the header's key in
 * *found; else what snapshot_load would say. load.c asks first, so that it
 * reads a source only when it must, and never holds it while a snapshot
 * is read. */
enum snapshot_status snapshot_probe(const char *spath,
				    const struct snapshot_key *k,
				    struct snapshot_key *found);

/* A hash of this executable's GNU build id (0 when it has none). load.c
 * mixes it into the key's options hash, not into the snapshot's path: a
 * snapshot written by another build of the same version (a developer's
 * rebuild, whose reading of a file may differ) is stale and replaced in
 * place. */
uint64_t snapshot_build_id(void);

/* snapshot_decode of the file at spath. */
enum snapshot_status snapshot_load(const char *spath,
				   const struct snapshot_key *k,
				   const char *name, struct diag_list *diags,
				   struct program **out);
/* The snapshot at spath, when it is whole and its key is *k, written
 * again atomically with k's taken time; false (silently) when not. */
bool snapshot_restamp(const char *spath, const struct snapshot_key *k);

/* snapshot_encode written to spath atomically; false (silently) when it
 * cannot be. */
bool snapshot_save(const char *spath, const struct program *p,
		   const struct snapshot_key *k, const struct diag_list *diags,
		   size_t first, size_t dropped);

#endif
