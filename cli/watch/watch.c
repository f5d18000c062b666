/* `fitintel watch DIR`: the drop-folder pipeline of SPEC §1.4.
 *
 * Files still in DIR are imported first (sorted by name), then every *.csv closed after writing
 * or moved into DIR (inotify IN_CLOSE_WRITE | IN_MOVED_TO) once its size and time have not
 * changed for --settle milliseconds. Each file is imported, moved to processed/ or failed/ (with
 * a .reasons.txt beside it), and the notification hook runs. Safe to kill at any moment: an
 * import is one transaction, and a file whose bytes were already imported comes back as
 * no_new_rows, so a restart simply handles again whatever is still in DIR. */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "interrupt.h"
#include "files.h"
#include "import.h"

#define DEFAULT_SETTLE_MS 200

/* A file seen in DIR and not handled yet. */
typedef struct pending {
	char *name;
	struct stat seen;  /* size, time and inode when last looked at */
	int64_t due_ms;    /* when to look again */
} pending;

typedef struct watcher {
	const cli_ctx *ctx;
	const char *dir;
	const char *notify;
	int policy;
	int64_t settle_ms;
	bool once;
	fi_store *store;
	int inotify_fd;
	pending *items;
	size_t count, cap;
	int exit_code;
	bool stop;         /* a fatal error: leave the loop */
} watcher;

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Milliseconds since @st was last modified (by the wall clock), clamped at 0. */
static int64_t age_ms(const struct stat *st)
{
	struct timespec t;
	int64_t ms;

	clock_gettime(CLOCK_REALTIME, &t);
	ms = ((int64_t)t.tv_sec - (int64_t)st->st_mtim.tv_sec) * 1000 +
	     ((int64_t)t.tv_nsec - (int64_t)st->st_mtim.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

static void fatal(watcher *w)
{
	w->exit_code = cli_exit_worse(w->exit_code, CLI_EXIT_ERROR);
	w->stop = true;
}

/* Stat DIR/@name; false when it is gone or not a regular file. */
static bool stat_entry(const watcher *w, const char *name, struct stat *st)
{
	char *path = watch_path(w->dir, name, NULL);
	bool ok;

	if (!path)
		return false;
	ok = stat(path, st) == 0 && S_ISREG(st->st_mode);
	free(path);
	return ok;
}

/* Note that @name appeared or changed: (re)start its settle time. */
static void note(watcher *w, const char *name, bool from_scan)
{
	struct stat st;
	pending *p = NULL;

	if (!watch_is_candidate(name) || !stat_entry(w, name, &st))
		return;
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->items[i].name, name) == 0)
			p = &w->items[i];
	if (!p) {
		if (w->count == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 16;
			pending *items = realloc(w->items, cap * sizeof *items);

			if (!items) {
				cli_error("out of memory");
				fatal(w);
				return;
			}
			w->items = items;
			w->cap = cap;
		}
		p = &w->items[w->count];
		p->name = strdup(name);
		if (!p->name) {
			cli_error("out of memory");
			fatal(w);
			return;
		}
		w->count++;
	}
	p->seen = st;
	/* A file found on start-up that has not been touched for the settle time is ready now. */
	if (from_scan && age_ms(&st) >= w->settle_ms)
		p->due_ms = now_ms();
	else
		p->due_ms = now_ms() + w->settle_ms;
}

static void forget(watcher *w, size_t i)
{
	free(w->items[i].name);
	w->items[i] = w->items[--w->count];
}

/* Every candidate already in DIR. */
static void scan(watcher *w)
{
	DIR *d = opendir(w->dir);
	struct dirent *e;

	if (!d) {
		cli_error("cannot read %s: %s", w->dir, strerror(errno));
		fatal(w);
		return;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL && !w->stop) {
		if (watch_is_candidate(e->d_name))
			note(w, e->d_name, true);
		errno = 0;
	}
	if (errno && !w->stop) {
		cli_error("cannot read %s: %s", w->dir, strerror(errno));
		fatal(w);
	}
	closedir(d);
}

/* Handle every pending file whose settle time is over, in name order. */
static void handle_due(watcher *w)
{
	watch_job job = { w->dir, w->store, w->policy, w->notify };

	while (!w->stop && !cli_interrupted()) {
		int64_t now = now_ms();
		size_t best = SIZE_MAX;
		struct stat st;
		char *name;
		int result;

		for (size_t i = 0; i < w->count; i++)
			if (w->items[i].due_ms <= now &&
			    (best == SIZE_MAX || strcmp(w->items[i].name, w->items[best].name) < 0))
				best = i;
		if (best == SIZE_MAX)
			return;
		if (!stat_entry(w, w->items[best].name, &st)) {
			forget(w, best); /* vanished (or became something else): skip silently */
			continue;
		}
		if (!same_file_state(&st, &w->items[best].seen)) {
			/* Still being written: wait for another quiet period. */
			w->items[best].seen = st;
			w->items[best].due_ms = now + w->settle_ms;
			continue;
		}
		name = w->items[best].name;
		w->items[best].name = NULL;
		forget(w, best);
		result = watch_import_file(&job, name);
		free(name);
		if (result == WATCH_FATAL)
			fatal(w);
		else if (result == WATCH_ERROR)
			w->exit_code = cli_exit_worse(w->exit_code, CLI_EXIT_ERROR);
	}
}

/* ---- the event loop ---- */

static void read_events(watcher *w)
{
	_Alignas(struct inotify_event) char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)];

	for (;;) {
		ssize_t n = read(w->inotify_fd, buf, sizeof buf);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				cli_error("cannot read inotify events: %s", strerror(errno));
				fatal(w);
			}
			return;
		}
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)(void *)p;

			if (e->mask & IN_Q_OVERFLOW) {
				scan(w); /* events were lost: look at everything */
			} else if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED |
					      IN_UNMOUNT)) {
				cli_error("%s was removed or moved; stopping", w->dir);
				fatal(w);
				return;
			} else if (e->len > 0 && !(e->mask & IN_ISDIR) &&
				   (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))) {
				note(w, e->name, false);
			}
			p += sizeof(struct inotify_event) + e->len;
		}
	}
}

static void drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

static void loop(watcher *w)
{
	while (!w->stop && !cli_interrupted()) {
		struct pollfd fds[2];
		int64_t next = INT64_MAX, timeout;
		nfds_t nfds = 0;
		int n;

		handle_due(w);
		if (w->stop || cli_interrupted())
			return;
		if (w->once && w->count == 0)
			return;
		for (size_t i = 0; i < w->count; i++)
			if (w->items[i].due_ms < next)
				next = w->items[i].due_ms;
		if (next == INT64_MAX) {
			timeout = -1;
		} else {
			timeout = next - now_ms();
			if (timeout < 0)
				timeout = 0;
			if (timeout > INT_MAX)
				timeout = INT_MAX;
		}
		fds[nfds++] = (struct pollfd){ cli_interrupt_fd(), POLLIN, 0 };
		if (w->inotify_fd >= 0)
			fds[nfds++] = (struct pollfd){ w->inotify_fd, POLLIN, 0 };
		n = poll(fds, nfds, (int)timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			cli_error("poll: %s", strerror(errno));
			fatal(w);
			return;
		}
		if (fds[0].revents)
			drain(fds[0].fd);
		if (nfds > 1 && fds[1].revents)
			read_events(w);
	}
}

static int start_inotify(watcher *w)
{
	w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->inotify_fd < 0) {
		cli_error("cannot start inotify: %s", strerror(errno));
		return -1;
	}
	if (inotify_add_watch(w->inotify_fd, w->dir,
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
			      IN_ONLYDIR) < 0) {
		cli_error("cannot watch %s: %s", w->dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int watch(watcher *w)
{
	struct stat st;

	if (stat(w->dir, &st) != 0) {
		cli_error("cannot watch %s: %s", w->dir, strerror(errno));
		return CLI_EXIT_ERROR;
	}
	if (!S_ISDIR(st.st_mode)) {
		cli_error("cannot watch %s: not a folder", w->dir);
		return CLI_EXIT_ERROR;
	}
	if (!cli_interrupt_install()) {
		cli_error("cannot install the signal handlers: %s", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	if (watch_prepare_dirs(w->dir) != 0)
		return CLI_EXIT_ERROR;
	if (cli_open_store(w->ctx, false, &w->store) != FI_OK)
		return CLI_EXIT_ERROR;
	/* Watch before the first scan, so that nothing dropped in between is missed. */
	if (!w->once && start_inotify(w) != 0) {
		fi_store_close(w->store);
		return CLI_EXIT_ERROR;
	}
	scan(w);
	loop(w);

	for (size_t i = 0; i < w->count; i++)
		free(w->items[i].name);
	free(w->items);
	if (w->inotify_fd >= 0)
		close(w->inotify_fd);
	fi_store_close(w->store);
	return w->exit_code;
}

static watcher w = { .policy = FI_INGEST_STRICT, .settle_ms = DEFAULT_SETTLE_MS, .inotify_fd = -1 };

static int run(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	w.ctx = ctx;
	w.dir = argv[0];
	return watch(&w);
}

static const cli_opt options[] = {
	{ CLI_OPT_STRING, "notify", .value = &w.notify, .value_name = "CMD",
	  .help = "after each file run `/bin/sh -c CMD` with the import's JSON\n"
		  "record on stdin, FITINTEL_IMPORT_STATUS (success,\n"
		  "no_new_rows, rejected, failed) and FITINTEL_IMPORT_FILE\n"
		  "(where the file is now, in processed/ or failed/) in its\n"
		  "environment; its stdout goes to stderr; a failing hook is\n"
		  "reported and watching goes on" },
	{ CLI_OPT_ENUM, "policy", .value = &w.policy, .choices = cli_policies, .value_name = "strict|skip",
	  .help = "strict (default): a file with any rejected row goes to\n"
		  "failed/; skip: import its accepted rows and move it to\n"
		  "processed/" },
	{ CLI_OPT_FLAG, "once", .value = &w.once, .help = "handle what is in DIR now and exit (for cron and tests)" },
	{ CLI_OPT_INT, "settle", .value = &w.settle_ms, .min = 0, .max = 24 * 3600 * 1000, .value_name = "MS",
	  .help = "how long a file must stay unchanged before it is imported\n(default 200)" },
	CLI_SPEC_END
};

const cli_command cli_cmd_watch = {
	.name = "watch", .run = run, .options = options, .args = "DIR", .min_args = 1, .max_args = 1,
	.help = &cli_help_watch,
};
