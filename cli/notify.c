/* The notification hook (see notify.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "notify.h"

/* Write all of @data to @fd; false on failure (EPIPE when the hook does not read its input is
 * not a failure of the hook, so the caller ignores it). */
static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static void child(int in_fd, const char *command, const char *status, const char *file)
{
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (dup2(in_fd, STDIN_FILENO) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	if (in_fd != STDIN_FILENO)
		close(in_fd);
	if (setenv("FITINTEL_IMPORT_STATUS", status ? status : "", 1) != 0 ||
	    setenv("FITINTEL_IMPORT_FILE", file ? file : "", 1) != 0)
		_exit(127);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

int cli_notify_run(const char *command, const char *json, const char *status, const char *file)
{
	struct sigaction ignore, saved;
	int fds[2], wstatus = 0;
	pid_t pid, w;
	bool wrote;

	fflush(stdout);
	fflush(stderr);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		cli_error("notify hook: cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		cli_error("notify hook: cannot start: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[1]);
		child(fds[0], command, status, file);
	}
	close(fds[0]);

	/* A hook that ignores its input closes the pipe early: that must not kill us. */
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &saved);
	wrote = write_all(fds[1], json ? json : "", json ? strlen(json) : 0) &&
		write_all(fds[1], "\n", 1);
	(void)wrote; /* EPIPE: the hook did not read all of it; its exit status decides */
	close(fds[1]);
	sigaction(SIGPIPE, &saved, NULL);

	do {
		w = waitpid(pid, &wstatus, 0);
	} while (w < 0 && errno == EINTR);
	if (w < 0) {
		cli_error("notify hook: %s", strerror(errno));
		return -1;
	}
	if (WIFEXITED(wstatus)) {
		int code = WEXITSTATUS(wstatus);

		if (code == 0)
			return 0;
		if (code == 127)
			cli_error("notify hook failed (exit status 127: command not found?): %s",
				  command);
		else
			cli_error("notify hook failed (exit status %d): %s", code, command);
		return -1;
	}
	if (WIFSIGNALED(wstatus)) {
		cli_error("notify hook killed by signal %d (%s): %s", WTERMSIG(wstatus),
			  strsignal(WTERMSIG(wstatus)), command);
		return -1;
	}
	cli_error("notify hook ended abnormally: %s", command);
	return -1;
}
