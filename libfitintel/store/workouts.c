/* Reading workouts back, row by row (fitintel/workout.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

struct fi_workout_cursor {
	fi_store *store;
	sqlite3_stmt *st;
	fi_workout row;
	fi__filter filter;   /* its dates are bound to the statement */
};

int fi_workout_filter_init(fi_workout_filter *filter, unsigned int version)
{
	if (!filter || version != FI_WORKOUT_FILTER_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_workout_filter version %u",
				 version);
	*filter = (fi_workout_filter)FI_WORKOUT_FILTER_INIT;
	return FI_OK;
}

static int parse_bound(const char *text, const char *which, char iso[11])
{
	iso[0] = '\0';
	if (text && fi_date_parse(text, strlen(text), iso) != FI_OK)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the %s date '%s' is not a date", which,
				 text);
	return FI_OK;
}

int fi__filter_check(const fi_workout_filter *in, fi__filter *out)
{
	fi_workout_filter all = FI_WORKOUT_FILTER_INIT;
	out->f = in ? *in : all;
	if (out->f.version != FI_WORKOUT_FILTER_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_workout_filter version %u",
				 out->f.version);
	if (out->f.label < -1 || out->f.label >= FI_LABEL_COUNT)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown label %d in the filter", out->f.label);
	int rc = parse_bound(out->f.from, "from", out->from);
	return rc ? rc : parse_bound(out->f.to, "to", out->to);
}

void fi__filter_bind(sqlite3_stmt *st, const fi__filter *f)
{
	if (f->from[0])
		sqlite3_bind_text(st, 1, f->from, -1, SQLITE_STATIC);
	if (f->to[0])
		sqlite3_bind_text(st, 2, f->to, -1, SQLITE_STATIC);
	if (f->f.activity_type)
		sqlite3_bind_text(st, 3, f->f.activity_type, -1, SQLITE_TRANSIENT);
	if (f->f.label >= 0)
		sqlite3_bind_text(st, 4, fi_label_name(f->f.label), -1, SQLITE_STATIC);
}

int fi_workouts_open(fi_store *store, const fi_workout_filter *filter, fi_workout_cursor **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_workout_cursor *c = calloc(1, sizeof *c);
	if (!c)
		return fi__error_oom();
	int rc = fi__filter_check(filter, &c->filter);
	if (rc) {
		free(c);
		return rc;
	}
	const char *order = c->filter.f.newest_first ? "DESC" : "ASC";
	char sql[640];
	snprintf(sql, sizeof sql,
		 "SELECT id, workout_date, date_submitted, activity_type, calories, distance_mi,"
		 " duration_s, avg_pace, max_pace, avg_speed, max_speed, avg_heart_rate, steps, notes,"
		 " source, link, import_id, label, method, confidence"
		 " FROM workouts" FI__FILTER_WHERE
		 " ORDER BY workout_date %s, id %s", order, order);
	if ((rc = fi__prepare(store->db, sql, &c->st))) {
		free(c);
		return rc;
	}
	fi__filter_bind(c->st, &c->filter);
	c->store = store;
	*out = c;
	return FI_OK;
}

int fi_workout_cursor_next(fi_workout_cursor *c, const fi_workout **row)
{
	if (!c || !row)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "cursor or row is NULL");
	*row = NULL;
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return fi__sqlite_error(c->store->db, rc, "read workouts");
	sqlite3_stmt *st = c->st;
	fi_workout *w = &c->row;
	w->id = sqlite3_column_int64(st, 0);
	w->workout_date = fi__column_text(st, 1);
	w->date_submitted = fi__column_text(st, 2);
	w->activity_type = fi__column_text(st, 3);
	w->calories = fi__column_double(st, 4);
	w->distance_mi = fi__column_double(st, 5);
	w->duration_s = fi__column_double(st, 6);
	w->avg_pace = fi__column_double(st, 7);
	w->max_pace = fi__column_double(st, 8);
	w->avg_speed = fi__column_double(st, 9);
	w->max_speed = fi__column_double(st, 10);
	w->avg_heart_rate = fi__column_double(st, 11);
	w->steps = fi__column_double(st, 12);
	w->notes = fi__column_text(st, 13);
	w->source = fi__column_text(st, 14);
	w->link = fi__column_text(st, 15);
	w->import_id = sqlite3_column_int64(st, 16);
	w->label = fi__label_from_text(fi__column_text(st, 17));
	w->method = fi__method_from_text(fi__column_text(st, 18));
	w->confidence = fi__column_double(st, 19);
	*row = w;
	return 1;
}

void fi_workout_cursor_free(fi_workout_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c);
}
