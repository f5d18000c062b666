/* The notification hook: `/bin/sh -c CMD` with an import's JSON record on its stdin. */
#ifndef FITINTEL_CLI_NOTIFY_H
#define FITINTEL_CLI_NOTIFY_H

/* Run @command through /bin/sh with @json (plus a newline) on its stdin, and the environment
 * FITINTEL_IMPORT_STATUS=@status and FITINTEL_IMPORT_FILE=@file. The hook's stdout goes to our stderr, so that our stdout stays machine-readable.
 * Waits for it to finish. A hook that cannot start, exits non-zero or dies of a signal is
 * reported on stderr.
 * @return 0 when the hook exited 0, -1 otherwise. */
int cli_notify_run(const char *command, const char *json, const char *status, const char *file);

#endif
