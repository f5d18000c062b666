/* The frame snapshot (frame/frame_snapshot.c): a new handle reads the whole frame from the file
 * beside the store, and never answers with rows the store no longer holds. The file is truncated,
 * has bytes flipped, is left stale by the library's writes and by another program's, and its
 * writer is killed mid-write; every time the frame equals the rows read from SQLite. */
#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "frame_compare.h"
#include "helpers.h"
#include "tap.h"

static char snapshot[4096];

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* A new handle's whole frame, and whether it equals the rows as SQLite holds them. */
static bool fresh_handle_agrees(const char *db, fi_frame **out)
{
	fi_store *s = NULL;
	fi_frame *loaded = NULL, *truth = NULL;
	bool same = fi_store_open(db, NULL, &s) == FI_OK && fi_frame_load(s, NULL, &loaded) == FI_OK &&
		    fi__frame_read(s, NULL, true, &truth) == FI_OK && test_same_frame(loaded, truth);
	if (out)
		*out = loaded;
	else
		fi_frame_free(loaded);
	fi_frame_free(truth);
	fi_store_close(s);
	return same;
}

static void flip_byte(const char *path, long long at)
{
	FILE *f = fopen(path, "r+b");
	if (!f)
		return;
	fseek(f, (long)at, SEEK_SET);
	int c = fgetc(f);
	fseek(f, (long)at, SEEK_SET);
	fputc(c ^ 0x10, f);
	fclose(f);
}

static void test_used_and_rebuilt(const char *db)
{
	unlink(snapshot);
	ok(fresh_handle_agrees(db, NULL), "the first frame, read from the rows");
	ok(file_size(snapshot) > 64, "  leaves a snapshot beside the store (%lld bytes)", file_size(snapshot));
	ok(test_snapshot_current(db), "  of the store's current generation");

	/* proof that a new handle reads the file: a snapshot of this generation whose first distance
	 * is not the store's is believed (only the generation and the checksum are checked) */
	fi_store *s = NULL;
	fi_frame *f = NULL;
	int64_t generation = 0;
	ok(fi_store_open(db, NULL, &s) == FI_OK && fi__store_generation(s, &generation) == FI_OK &&
	   fi__frame_read(s, NULL, true, &f) == FI_OK, "a frame read from the rows");
	double real = f->columns[FI_COLUMN_DISTANCE - 1][0];
	f->columns[FI_COLUMN_DISTANCE - 1][0] = 1234.5;
	fi__snapshot_save(s, generation, f);
	fi_frame_free(f);
	fi_store_close(s);
	fi_frame *planted = NULL;
	fresh_handle_agrees(db, &planted);
	ok(planted && fi__frame_values(planted, FI_COLUMN_DISTANCE)[0] == 1234.5,
	   "  a new handle takes its columns from the snapshot");

	/* a write of the library moves the generation: the planted file is stale (an import; a
	 * classification pass or a correction would carry the planted frame over, as they carry
	 * the frame they read: test_relabel_frame.c) */
	fi_sample_params more = FI_SAMPLE_PARAMS_INIT;
	more.rows = 5;
	more.seed = 3;
	more.first_id = 9000000000;
	more.start_date = "2031-01-01";   /* after every other: the first row stays the first */
	more.end_date = "2031-03-01";
	char csv[4096];
	snprintf(csv, sizeof csv, "%s", test_path("more.csv"));
	ok(fi_sample_write(csv, NULL, &more) == FI_OK && fi_store_open(db, NULL, &s) == FI_OK &&
	   test_ingest(s, csv, FI_INGEST_SKIP, NULL) == FI_OK, "five more workouts imported");
	fi_store_close(s);
	fi_frame *after = NULL;
	ok(fresh_handle_agrees(db, &after), "  the next frame equals the rows, not the stale snapshot");
	ok(after && fi__frame_values(after, FI_COLUMN_DISTANCE)[0] == real, "  the first distance is the store's");
	fi_frame_free(after);
	fi_frame_free(planted);
	ok(test_snapshot_current(db), "  and the snapshot was written again");
}

static void test_damaged(const char *db)
{
	ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "a current snapshot");
	long long size = file_size(snapshot);
	const long long flips[] = { 0, 9, 13, 17, 25, 33, 64, 64 + 5, size / 2, size - 1 };
	for (size_t i = 0; i < sizeof flips / sizeof *flips; i++) {
		flip_byte(snapshot, flips[i]);
		ok(!test_snapshot_current(db), "a byte flipped at %lld of %lld: not believed", flips[i], size);
		ok(fresh_handle_agrees(db, NULL), "  the frame equals the rows");
		ok(test_snapshot_current(db), "  and the snapshot is whole again");
	}
	const long long cuts[] = { 0, 10, 64, size / 3, size - 1 };
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		ok(truncate(snapshot, (off_t)cuts[i]) == 0 && !test_snapshot_current(db),
		   "truncated to %lld bytes: not believed", cuts[i]);
		ok(fresh_handle_agrees(db, NULL) && file_size(snapshot) == size, "  the frame equals the rows, the file rebuilt");
	}
	FILE *grown = fopen(snapshot, "ab");
	fputs("tail", grown);
	fclose(grown);
	ok(!test_snapshot_current(db) && fresh_handle_agrees(db, NULL), "bytes appended: not believed, rebuilt");
	unlink(snapshot);
	mkdir(snapshot, 0755);   /* a folder where the file should be */
	ok(fresh_handle_agrees(db, NULL), "a folder in its place: the frame still equals the rows");
	rmdir(snapshot);
}

/* Other programs write the store without the library: SQLite triggers move the generation. */
static void test_other_writers(const char *db)
{
	static const char *const writes[] = {
		"UPDATE workouts SET distance_mi = distance_mi + 1 WHERE id = (SELECT min(id) FROM workouts)",
		"UPDATE classifications SET label = 'outlier', method = 'user' WHERE workout_id = (SELECT max(id) FROM workouts)",
		"DELETE FROM workouts WHERE id = (SELECT max(id) FROM workouts)",
		"INSERT INTO workouts (workout_date, distance_mi, duration_s, avg_pace, import_id)"
		" SELECT '2020-02-02', 3, 1800, 10, min(id) FROM imports",
		"DELETE FROM workouts WHERE id > (SELECT max(id) - 5 FROM workouts)",
	};
	for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
		ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "a current snapshot");
		sqlite3 *other;
		sqlite3_open(db, &other);
		ok(sqlite3_exec(other, writes[i], NULL, NULL, NULL) == SQLITE_OK, "another program: %.60s…", writes[i]);
		sqlite3_close(other);
		ok(!test_snapshot_current(db), "  the snapshot is stale");
		ok(fresh_handle_agrees(db, NULL), "  the next frame equals the rows");
	}
}

/* The writer of the snapshot killed at random moments: the file is the old one or the new one,
 * whole, and nothing is left behind in the folder. */
/* Files of the test folder with a temporary name (a snapshot's writer left them). */
static int temporary_files(void)
{
	DIR *dir = opendir(test_tmpdir());
	int found = 0;
	for (struct dirent *e; dir && (e = readdir(dir));)
		found += strstr(e->d_name, ".tmp") != NULL;
	if (dir)
		closedir(dir);
	return found;
}

static void test_killed_writer(const char *db)
{
	srand((unsigned)time(NULL));
	int killed = 0;
	for (int round = 0; round < 12; round++) {
		unlink(snapshot);
		pid_t child = fork();
		if (child == 0) {
			for (;;) {   /* rebuild again and again until killed */
				fi_store *s = NULL;
				fi_frame *f = NULL;
				if (fi_store_open(db, NULL, &s) == FI_OK && fi_frame_load(s, NULL, &f) == FI_OK)
					unlink(snapshot);
				fi_frame_free(f);
				fi_store_close(s);
			}
		}
		usleep((useconds_t)(2000 + rand() % 40000));
		kill(child, SIGKILL);
		int status = 0;
		waitpid(child, &status, 0);
		killed += WIFSIGNALED(status);
		ok(fresh_handle_agrees(db, NULL), "writer killed (round %d): the frame equals the rows", round + 1);
	}
	is_int(killed, 12, "every writer was killed mid-loop");
	int leftovers = temporary_files();
	is_int(leftovers, 0, "no temporary file left in the folder");
}

/* A snapshot written beside a COMMIT (fi__snapshot_begin/finish): named only when kept; dropped,
 * it leaves the file that was there, and nothing else, in the folder. */
static void test_writer_kept_or_dropped(const char *db)
{
	ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "a current snapshot");
	long long size = file_size(snapshot);
	fi_store *s = NULL;
	fi_frame *rows = NULL;
	int64_t generation = 0;
	ok(fi_store_open(db, NULL, &s) == FI_OK && fi__store_generation(s, &generation) == FI_OK &&
	   fi__frame_read(s, NULL, true, &rows) == FI_OK, "the frame read from the rows");
	fi__snapshot_writer *w = rows ? fi__snapshot_begin(s, generation + 1, rows) : NULL;
	ok(w != NULL, "  a snapshot of another generation begun");
	fi__snapshot_finish(w, false);
	ok(test_snapshot_current(db) && file_size(snapshot) == size, "  dropped: the current one is still there");
	fi__snapshot_finish(fi__snapshot_begin(s, generation + 1, rows), true);
	ok(!test_snapshot_current(db) && file_size(snapshot) == size,
	   "  kept: it replaced the file (of the other generation now: not believed)");
	fi__snapshot_finish(NULL, true);   /* nothing begun: nothing to finish */
	fi_frame_free(rows);
	fi_store_close(s);
	ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "  the next load rebuilt the current one");
	int leftovers = temporary_files();
	is_int(leftovers, 0, "  no temporary file left in the folder");
}

/* fi__snapshot_copy(): a private mapping of the very file a loaded frame maps — its columns the
 * same, its pages its own once written — and none once that file has been replaced. */
static void test_private_copy(const char *db)
{
	ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "a current snapshot");
	fi_store *s = NULL;
	fi_frame *loaded = NULL, *rows = NULL;
	int64_t generation = 0;
	ok(fi_store_open(db, NULL, &s) == FI_OK && fi__store_generation(s, &generation) == FI_OK &&
	   fi__snapshot_load(s, generation, &loaded) && fi__frame_read(s, NULL, true, &rows) == FI_OK,
	   "a frame loaded from it");
	fi_frame *copy = loaded ? fi__snapshot_copy(s, loaded) : NULL;
	ok(copy && copy->block && copy->block != loaded->block && test_same_frame(copy, loaded),
	   "  its copy maps the file again, with the same columns and text");
	if (copy) {
		int8_t label = loaded->labels[0];
		double distance = loaded->columns[FI_COLUMN_DISTANCE - 1][0];
		copy->labels[0] = (int8_t)(label == FI_LABEL_MIXED ? FI_LABEL_PUP_WALK : FI_LABEL_MIXED);
		copy->columns[FI_COLUMN_DISTANCE - 1][0] = distance + 1;
		ok(loaded->labels[0] == label && loaded->columns[FI_COLUMN_DISTANCE - 1][0] == distance &&
		   test_same_frame(loaded, rows), "  writing the copy changes neither the frame it came from");
		ok(test_snapshot_current(db), "  nor the file");
		ok(fi__snapshot_copy(s, copy) == NULL, "  a copy, its pages no longer the file's, is not copied so");
		fi__snapshot_save(s, generation, copy);
		fi_frame *saved = NULL;
		ok(fi__snapshot_load(s, generation, &saved) && saved->labels[0] == copy->labels[0] &&
		   test_same_frame(saved, copy), "  and it is saved as a snapshot, as a frame read from the rows is");
		fi_frame_free(saved);
	}
	/* the file replaced (as every save replaces it): the loaded frame's pages are no longer its */
	fi__snapshot_save(s, generation, rows);
	ok(loaded && fi__snapshot_copy(s, loaded) == NULL, "once the file is replaced, no copy is mapped");
	ok(fi__snapshot_copy(s, rows) == NULL, "nor of a frame read from the rows");
	fi_frame_free(copy);
	fi_frame_free(loaded);
	fi_frame_free(rows);
	fi_store_close(s);
	ok(fresh_handle_agrees(db, NULL), "the frame still equals the rows");
}

/* Kilobytes of [@addr, @addr + @len) mapped into this process: its pages' "present" bits in
 * /proc/self/pagemap (exact where /proc/self/smaps counts a whole mapping, which the kernel may
 * have merged with a neighbour); -1 when unreadable. */
static long resident_kb(const void *addr, size_t len)
{
	FILE *pagemap = fopen("/proc/self/pagemap", "rb");
	if (!pagemap)
		return -1;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), first = (uintptr_t)addr / page;
	size_t last = ((uintptr_t)addr + len - 1) / page;
	long present = 0;
	bool read = fseeko(pagemap, (off_t)(first * sizeof(uint64_t)), SEEK_SET) == 0;
	for (size_t p = first; read && p <= last; p++) {
		uint64_t entry;
		read = fread(&entry, sizeof entry, 1, pagemap) == 1;
		present += read && (entry >> 63);
	}
	fclose(pagemap);
	return read ? present * (long)(page / 1024) : -1;
}

/* The load checks every byte but keeps none of the file's pages mapped: the process's memory
 * follows the columns read, not the size of the snapshot. */
static void test_pages_follow_reads(const char *db)
{
	ok(fresh_handle_agrees(db, NULL) && test_snapshot_current(db), "a current snapshot");
	fi_store *s = NULL;
	fi_frame *f = NULL;
	int64_t generation = 0;
	ok(fi_store_open(db, NULL, &s) == FI_OK && fi__store_generation(s, &generation) == FI_OK &&
	   fi__snapshot_load(s, generation, &f), "loaded from the file");
	if (f) {
		long size_kb = (long)(file_size(snapshot) / 1024);
		long after_load = resident_kb(f->block, f->block_len);
		ok(after_load == 0, "  none of its %ld KiB resident after the load (%ld KiB)", size_kb, after_load);
		volatile double sink = 0;
		for (size_t i = 0; i < f->rows; i++)
			sink += f->columns[FI_COLUMN_DISTANCE - 1][i];
		long one_column = resident_kb(f->block, f->block_len);
		ok(one_column > 0 && one_column < size_kb / 2, "  reading one column maps %ld KiB of %ld",
		   one_column, size_kb);
		const unsigned char *bytes = f->block;
		for (size_t at = 0; at < f->block_len; at += 512)
			sink += bytes[at];
		ok(resident_kb(f->block, f->block_len) >= size_kb, "  reading all of it maps all of it");
		(void)sink;
	}
	fi_frame_free(f);
	fi_store_close(s);
}

int main(void)
{
	fi_store *s = test_store("snap.db");
	const char *db = test_path("snap.db");
	snprintf(snapshot, sizeof snapshot, "%s-frame", db);
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 3000;
	o.seed = 23;
	const char *csv = test_path("snap.csv");
	ok(fi_sample_write(csv, NULL, &o) == FI_OK && test_ingest(s, csv, FI_INGEST_SKIP, NULL) == FI_OK, "import");
	fi_store_close(s);

	test_used_and_rebuilt(db);
	test_private_copy(db);
	test_pages_follow_reads(db);
	test_writer_kept_or_dropped(db);
	test_damaged(db);
	test_other_writers(db);
	test_killed_writer(db);

	fi_store *mem = NULL;
	fi_frame *f = NULL;
	ok(fi_store_open(":memory:", NULL, &mem) == FI_OK && fi_frame_load(mem, NULL, &f) == FI_OK &&
	   fi_frame_rows(f) == 0, "a store in memory loads its (empty) frame without a snapshot");
	fi_frame_free(f);
	fi_store_close(mem);
	test_cleanup();
	return tap_done();
}
