/* SIGINT/SIGTERM: a flag plus a self-pipe (see interrupt.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "interrupt.h"

static volatile sig_atomic_t received_signal;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;

	if (received_signal) {
		/* Asked twice: stop waiting for a clean stop (e.g. a store locked by another writer). */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	received_signal = sig;
	if (wake_pipe[1] >= 0) {
		ssize_t n = write(wake_pipe[1], "x", 1);
		(void)n; /* a full pipe already wakes the reader */
	}
	errno = saved;
}

bool cli_interrupt_install(void)
{
	struct sigaction sa;

	if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		wake_pipe[0] = wake_pipe[1] = -1;
		return false;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: poll() and waitpid() return EINTR */
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return false;
	return true;
}

bool cli_interrupted(void)
{
	return received_signal != 0;
}

int cli_interrupt_signal(void)
{
	return (int)received_signal;
}

int cli_interrupt_fd(void)
{
	return wake_pipe[0];
}
