/* SIGINT/SIGTERM handling: a flag that long operations poll (an import's progress callback
 * returns non-zero when it is set, which cancels the import cleanly) and a file descriptor that
 * becomes readable when a signal arrives, for poll() loops. A second signal ends the process
 * at once (the default action), for when a clean stop takes too long. */
#ifndef FITINTEL_CLI_INTERRUPT_H
#define FITINTEL_CLI_INTERRUPT_H

#include <stdbool.h>

/* Install handlers for SIGINT and SIGTERM (without SA_RESTART, so blocking calls return EINTR).
 * @return false when the handlers or the wake-up pipe could not be set up (errno set). */
bool cli_interrupt_install(void);

/* True once SIGINT or SIGTERM has been received. */
bool cli_interrupted(void);

/* The signal received (SIGINT or SIGTERM), 0 when none. */
int cli_interrupt_signal(void);

/* A non-blocking fd that is readable once a signal has arrived (-1 before install). */
int cli_interrupt_fd(void);

#endif
