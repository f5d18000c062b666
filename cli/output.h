/* Writers for the command's machine-readable and tabular output: JSON strings and numbers,
 * RFC 4180 CSV cells (with spreadsheet formula injection neutralised), and padded table cells. */
#ifndef FITINTEL_CLI_OUTPUT_H
#define FITINTEL_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Write @s as a JSON string literal with quotes; NULL writes `null`. Control characters become
 * \u00XX, bytes that are not valid UTF-8 become U+FFFD. */
void out_json_string(FILE *f, const char *s);

/* Write a number as JSON: shortest form that reads back exactly; NaN and infinities as `null`. */
void out_json_number(FILE *f, double v);

/* Format a finite number in its shortest exact form ("12", "3.25", "4080000000"); "" for NaN or
 * infinities. */
void out_format_number(char *buf, size_t cap, double v);

/* Write one CSV cell (no separator). Quoted when it holds a comma, quote, CR or LF; a text cell
 * starting with = + - @ (or a tab or CR) that is not a plain number gets a leading single quote
 * so that spreadsheets do not run it as a formula. NULL writes an empty cell. */
void out_csv_text(FILE *f, const char *s);

/* True when @s is a plain decimal number ("-3", "+1.5", "2e10"). */
bool out_is_plain_number(const char *s);

/* Write @s for a terminal: control characters and invalid UTF-8 bytes become '?'. */
void out_text(FILE *f, const char *s);

/* Number of terminal columns @s takes (code points; invalid bytes count one each). */
size_t out_display_width(const char *s);

/* Write @s in exactly @width columns: cut with "…" when longer, padded with spaces on the right
 * (left-aligned) or on the left (right-aligned). Control characters become '?'. */
void out_cell(FILE *f, const char *s, size_t width, bool right_align);

/* Write @s in at most @width columns, cutting from the left ("…/inbox/x.csv") when longer:
 * for paths, whose end matters most. Not padded. */
void out_cell_tail(FILE *f, const char *s, size_t width);

/* The width of the terminal on @fd, or 0 when @fd is not a terminal. */
size_t out_terminal_width(int fd);

/* "1,234,567" */
void out_format_count(char *buf, size_t cap, int64_t v);

/* "1:02:03" (h:mm:ss) or "2:03" (m:ss) from seconds; "" when NaN or negative. */
void out_format_duration(char *buf, size_t cap, double seconds, bool always_hours);

#endif
