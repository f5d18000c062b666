/* The frame snapshot: the store's whole frame (every workout's numbers, date, label, method,
 * confidence, model, cluster, activity type and notes, in date order) as one column-major file beside the store,
 * "<store>-frame". A new process maps it and makes one checksum pass instead of decoding every
 * SQLite row; frames cut from it by date are views of its pages (frame.c). The pass gives each
 * column's pages back once summed, so a process holds only the columns it goes on to read.
 *
 * The store stays the only source of truth. The file names the data generation it was made at
 * (schema 6: a new random value at every change to workouts, by any program) and is used only
 * when the store is still at that generation, read in the same transaction; a checksum over
 * every byte catches a damaged file, and every text offset is checked before use; it is replaced
 * whole (linked or renamed into place), never written in place. So a missing, stale, truncated or
 * corrupted file costs one rebuild, never a wrong answer.
 *
 * The file holds native-endian integers and IEEE doubles for the machine that wrote it; a file
 * from another byte order fails the header check and is rebuilt. */
/* O_TMPFILE and linkat come with _GNU_SOURCE, which the build defines */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frame_internal.h"

#define SNAPSHOT_SUFFIX "-frame"
#define SNAPSHOT_FORMAT 3   /* 2: with the text columns; 3: with model ids and clusters */
#define BYTE_ORDER_MARK 0x01020304u
#define ALIGN 64

typedef struct header {
	char magic[8];            /* "FIFRAME" */
	uint32_t format;          /* SNAPSHOT_FORMAT */
	uint32_t byte_order;      /* BYTE_ORDER_MARK as written */
	int64_t generation;
	uint64_t rows;
	uint64_t checksum;        /* of the header with this field 0, every column, the text */
	uint64_t text_len;        /* bytes of text (activity types once each, notes) after the columns */
	uint8_t reserved[16];
} header;

_Static_assert(sizeof(header) == ALIGN, "the header fills the first aligned block");

/* The columns in file order: ids, days, labels, methods, confidence, model ids, clusters, the
 * stored numbers, the offsets of the text columns into the text; then the text. */
#define NUMBERS_AT 7
#define SNAPSHOT_COLUMNS (NUMBERS_AT + FI__FRAME_STORED + FI__FRAME_TEXTS)
#define TEXT_AT (NUMBERS_AT + FI__FRAME_STORED)

static const size_t column_width[SNAPSHOT_COLUMNS] = {
	sizeof(int64_t), sizeof(int32_t), 1, 1, sizeof(double), sizeof(int64_t), sizeof(int16_t),
	sizeof(double), sizeof(double), sizeof(double), sizeof(double), sizeof(double),
	sizeof(double), sizeof(double), sizeof(double), sizeof(double),
	sizeof(uint64_t), sizeof(uint64_t),
};

_Static_assert(FI__FRAME_STORED == 9 && FI__FRAME_TEXTS == 2, "column_width lists every column");
/* text offsets are size_t in memory and 64-bit in the file: a machine where they differ keeps no
 * snapshot (every load is a miss) */
#define OFFSETS_FIT (sizeof(size_t) == sizeof(uint64_t))

typedef struct layout {
	size_t at[SNAPSHOT_COLUMNS];   /* offset of each column in the file */
	size_t text_at;                /* offset of the text */
	size_t size;                   /* of the whole file */
} layout;

/* Where each column of @rows rows and @text_len bytes of text lie; false when the file would not
 * fit in memory. */
static bool plan(uint64_t rows, uint64_t text_len, layout *l)
{
	if (!OFFSETS_FIT || rows > SIZE_MAX / 512 || text_len > SIZE_MAX / 2)
		return false;
	size_t at = ALIGN;
	for (int c = 0; c < SNAPSHOT_COLUMNS; c++) {
		l->at[c] = at;
		at += ((size_t)rows * column_width[c] + ALIGN - 1) / ALIGN * ALIGN;
	}
	l->text_at = at;
	l->size = at + (size_t)text_len;
	return l->size >= at;
}

static void *column_data(const fi_frame *f, int c)
{
	switch (c) {
	case 0: return f->ids;
	case 1: return f->days;
	case 2: return f->labels;
	case 3: return f->methods;
	case 4: return f->confidence;
	case 5: return f->model_ids;
	case 6: return f->clusters;
	default: return c < TEXT_AT ? (void *)f->columns[c - NUMBERS_AT] : (void *)f->text[c - TEXT_AT];
	}
}

/* A 64-bit checksum of @n bytes: four lanes of xor-multiply over 8-byte words, so that a changed
 * word always changes its lane (the multiplier is odd), then the tail and the lanes folded. */
static uint64_t checksum(uint64_t seed, const unsigned char *p, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t lane[4] = { seed, seed ^ 1, seed ^ 2, seed ^ 3 };
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int j = 0; j < 4; j++) {
			uint64_t w;
			memcpy(&w, p + i + 8 * j, 8);
			lane[j] = (lane[j] ^ w) * k;
		}
	uint64_t h = n;
	for (int j = 0; j < 4; j++)
		h = (h ^ lane[j]) * k;
	for (; i < n; i++)
		h = (h ^ p[i]) * k;
	return h ^ (h >> 29);
}

/* The checksum's start: the header with its checksum field 0. */
static uint64_t header_sum(header h)
{
	h.checksum = 0;
	return checksum(0, (const unsigned char *)&h, sizeof h);
}

static uint64_t file_checksum(const header *h, const unsigned char *const *columns, const void *text)
{
	uint64_t sum = header_sum(*h);
	for (int c = 0; c < SNAPSHOT_COLUMNS; c++)
		sum = checksum(sum, columns[c], (size_t)h->rows * column_width[c]);
	return checksum(sum, text, (size_t)h->text_len);
}

/* "<store>-frame", or NULL for a store without a file (in memory, temporary). */
static char *snapshot_path(fi_store *store)
{
	const char *db = sqlite3_db_filename(store->db, "main");
	if (!db || !*db)
		return NULL;
	size_t len = strlen(db) + sizeof SNAPSHOT_SUFFIX;
	char *path = malloc(len);
	if (path)
		snprintf(path, len, "%s" SNAPSHOT_SUFFIX, db);
	return path;
}

static bool read_all(int fd, void *buf, size_t n, off_t at)
{
	char *p = buf;
	while (n) {
		ssize_t got = pread(fd, p, n, at);
		if (got <= 0) {
			if (got < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += got, n -= (size_t)got, at += got;
	}
	return true;
}

static bool header_fits(const header *h, int64_t generation, const struct stat *st, layout *l)
{
	return memcmp(h->magic, "FIFRAME", 8) == 0 && h->format == SNAPSHOT_FORMAT &&
	       h->byte_order == BYTE_ORDER_MARK && h->generation == generation &&
	       plan(h->rows, h->text_len, l) && (uint64_t)st->st_size == (uint64_t)l->size;
}

/* Every offset of a text column lies inside the text, and the text ends with a NUL, so every
 * string ends in bounds: a file whose checksum holds was written by us, but a reader never trusts
 * an offset. */
static bool text_offsets_fit(const header *h, const unsigned char *column)
{
	const uint64_t *at = (const uint64_t *)(const void *)column;
	for (size_t i = 0; i < (size_t)h->rows; i++)
		if (at[i] != (uint64_t)FI__NO_TEXT && at[i] >= h->text_len)
			return false;
	return true;
}

/* Give back the pages of [*released, end) of the mapping: they stay in the page cache, and the
 * columns an analysis reads fault back in, so the process's memory follows what it reads instead of
 * the whole file. */
static void release_pages(unsigned char *block, size_t *released, size_t end)
{
	end -= end % (size_t)sysconf(_SC_PAGESIZE);
	if (end <= *released)
		return;
	madvise(block + *released, end - *released, MADV_DONTNEED);
	*released = end;
}

/* The file's checksum and text offsets hold. Verified a column at a time, each column's pages
 * released once it is summed. */
static bool verify(const header *h, unsigned char *block, const layout *l)
{
	const char *text = (const char *)block + l->text_at;
	if (h->text_len && text[h->text_len - 1] != '\0')
		return false;
	uint64_t sum = header_sum(*h);
	size_t released = 0;
	for (int c = 0; c < SNAPSHOT_COLUMNS; c++) {
		sum = checksum(sum, block + l->at[c], (size_t)h->rows * column_width[c]);
		if (c >= TEXT_AT && !text_offsets_fit(h, block + l->at[c]))
			return false;
		release_pages(block, &released, l->at[c] + (size_t)h->rows * column_width[c]);
	}
	sum = checksum(sum, block + l->text_at, (size_t)h->text_len);
	/* all of it once more: the kernel maps a fault's neighbours too (fault-around), so reading a
	 * column's first pages mapped the last pages of the one before again */
	madvise(block, l->size, MADV_DONTNEED);
	return sum == h->checksum;
}

/* A frame whose columns and text lie in @block as @l places them (NULL when out of memory). */
static fi_frame *frame_over(unsigned char *block, const layout *l, size_t rows, size_t text_len)
{
	fi_frame *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->rows = f->cap = rows;
	f->block = block;
	f->block_len = l->size;
	f->ids = (int64_t *)(void *)(block + l->at[0]);
	f->days = (int32_t *)(void *)(block + l->at[1]);
	f->labels = (int8_t *)(block + l->at[2]);
	f->methods = (int8_t *)(block + l->at[3]);
	f->confidence = (double *)(void *)(block + l->at[4]);
	f->model_ids = (int64_t *)(void *)(block + l->at[5]);
	f->clusters = (int16_t *)(void *)(block + l->at[6]);
	for (int c = 0; c < FI__FRAME_STORED; c++)
		f->columns[c] = (double *)(void *)(block + l->at[NUMBERS_AT + c]);
	f->with_text = true;
	for (int c = 0; c < FI__FRAME_TEXTS; c++)
		f->text[c] = (size_t *)(void *)(block + l->at[TEXT_AT + c]);
	f->text_base = (const char *)block + l->text_at;
	f->text_len = text_len;
	return f;
}

/* The file is mapped, not copied: its pages are the page cache's. Like SQLite's own mapping of the
 * store (PRAGMA mmap_size), a program that truncates the file in place while a frame of it is in
 * use makes the next read of a lost page fault; the library never does (it replaces the file). */
bool fi__snapshot_load(fi_store *store, int64_t generation, fi_frame **out)
{
	*out = NULL;
	char *path = snapshot_path(store);
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	free(path);
	if (fd < 0)
		return false;
	header h;
	layout l;
	struct stat st;
	unsigned char *block = MAP_FAILED;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t)sizeof h &&
		  read_all(fd, &h, sizeof h, 0) && header_fits(&h, generation, &st, &l) &&
		  (block = mmap(NULL, l.size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED;
	close(fd);
	fi_frame *f = NULL;
	if (ok) {
		madvise(block, l.size, MADV_SEQUENTIAL);   /* the checksum reads it once, in order */
		ok = verify(&h, block, &l);
		madvise(block, l.size, MADV_NORMAL);
		ok = ok && (f = frame_over(block, &l, (size_t)h.rows, (size_t)h.text_len)) != NULL;
	}
	if (!ok) {
		if (block != MAP_FAILED)
			munmap(block, l.size);
		return false;
	}
	f->block_dev = st.st_dev;
	f->block_ino = st.st_ino;
	*out = f;
	return true;
}

void fi__snapshot_unmap(void *block, size_t len)
{
	munmap(block, len);
}

fi_frame *fi__snapshot_copy(fi_store *store, const fi_frame *f)
{
	if (!f->block || !f->block_ino)
		return NULL;
	char *path = snapshot_path(store);
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	free(path);
	if (fd < 0)
		return NULL;
	struct stat st;
	layout l;
	unsigned char *block = MAP_FAILED;
	/* the very file @f maps (snapshots are replaced whole, never written in place) */
	if (fstat(fd, &st) == 0 && st.st_dev == f->block_dev && st.st_ino == f->block_ino &&
	    plan(f->rows, f->text_len, &l) && l.size == f->block_len)
		block = mmap(NULL, l.size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	/* block_ino stays 0: its pages will differ from the file's */
	fi_frame *c = block != MAP_FAILED ? frame_over(block, &l, f->rows, f->text_len) : NULL;
	if (!c && block != MAP_FAILED)
		munmap(block, l.size);
	return c;
}

static bool write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t put = write(fd, p, n);
		if (put <= 0) {
			if (put < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += put, n -= (size_t)put;
	}
	return true;
}

static bool write_snapshot(int fd, int64_t generation, const fi_frame *f)
{
	static const unsigned char zeros[ALIGN];
	layout l;
	if (!plan(f->rows, f->text_len, &l))
		return false;
	const unsigned char *columns[SNAPSHOT_COLUMNS];
	for (int c = 0; c < SNAPSHOT_COLUMNS; c++)
		columns[c] = column_data(f, c);
	header h = { "FIFRAME", SNAPSHOT_FORMAT, BYTE_ORDER_MARK, generation, f->rows, 0, f->text_len, { 0 } };
	h.checksum = file_checksum(&h, columns, f->text_base);
	if (!write_all(fd, &h, sizeof h))
		return false;
	for (int c = 0; c < SNAPSHOT_COLUMNS; c++) {
		size_t n = f->rows * column_width[c];
		size_t end = c + 1 < SNAPSHOT_COLUMNS ? l.at[c + 1] : l.text_at;
		if (!write_all(fd, columns[c], n) || !write_all(fd, zeros, end - l.at[c] - n))
			return false;
	}
	return write_all(fd, f->text_base, f->text_len);
}

/* A snapshot being written: to an unnamed file in the store's folder, given the snapshot's name
 * when it is finished (nothing is left behind if the process dies, and a reader sees the old
 * file, none — a miss — or the new one, whole; two writers at once: one of them keeps its file).
 * Without O_TMPFILE (some file systems) the file is written under a temporary name and renamed
 * over the old one. The writing runs on a thread of its own. */
struct fi__snapshot_writer {
	char *path, *tmp;         /* @tmp: the temporary name, NULL for an unnamed file */
	int fd;
	int64_t generation;
	const fi_frame *frame;
	bool written;
	bool threaded;
	pthread_t thread;
};

static void *write_thread(void *arg)
{
	fi__snapshot_writer *w = arg;
	pthread_setname_np(pthread_self(), "fitintel-snap");
	w->written = write_snapshot(w->fd, w->generation, w->frame);
	return NULL;
}

static void writer_free(fi__snapshot_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp)
		unlink(w->tmp);
	FI__FREE_ALL(w->path, w->tmp, w);
}

/* The file's descriptor: unnamed in @path's folder, else named @w->tmp. */
static int open_output(fi__snapshot_writer *w)
{
	size_t len = strlen(w->path) + 32;
	char *dir = malloc(len);
	if (!dir)
		return -1;
	snprintf(dir, len, "%s", w->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, len, ".");
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	free(dir);
	if (fd >= 0 || !(w->tmp = malloc(len)))
		return fd;
	snprintf(w->tmp, len, "%s.%ld.tmp", w->path, (long)getpid());
	fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(w->tmp);
		w->tmp = NULL;
	}
	return fd;
}

fi__snapshot_writer *fi__snapshot_begin(fi_store *store, int64_t generation, const fi_frame *f)
{
	/* only a whole frame read from the rows or a copy of one (fi__frame_copy(),
	 * fi__snapshot_copy()); not a view or a selection, nor the file's own mapping */
	if (!f->with_text || f->parent || (f->block && f->block_ino) ||
	    (!f->block && f->text_base != f->arena.data))
		return NULL;
	fi__snapshot_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->fd = -1;
	w->generation = generation;
	w->frame = f;
	if (!(w->path = snapshot_path(store)) || (w->fd = open_output(w)) < 0) {
		writer_free(w);
		return NULL;
	}
	w->threaded = pthread_create(&w->thread, NULL, write_thread, w) == 0;
	if (!w->threaded)
		write_thread(w);
	return w;
}

void fi__snapshot_finish(fi__snapshot_writer *w, bool keep)
{
	if (!w)
		return;
	if (w->threaded)
		pthread_join(w->thread, NULL);
	if (keep && w->written) {
		if (!w->tmp) {
			char self[64];
			snprintf(self, sizeof self, "/proc/self/fd/%d", w->fd);
			unlink(w->path);
			linkat(AT_FDCWD, self, AT_FDCWD, w->path, AT_SYMLINK_FOLLOW);
		} else if (rename(w->tmp, w->path) == 0) {
			free(w->tmp);
			w->tmp = NULL;
		}
	}
	writer_free(w);
}

void fi__snapshot_save(fi_store *store, int64_t generation, const fi_frame *f)
{
	fi__snapshot_finish(fi__snapshot_begin(store, generation, f), true);
}
