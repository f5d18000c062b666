"""The reference pipeline the ingest benchmark compares against: the same import done the usual
Python way, with pandas `read_csv` + `to_sql` into SQLite (pandas from the project's .venv).

It does the same work as `fitintel ingest`: parse every row, turn AP-style dates into ISO dates,
take the workout id from the Link, drop rows already in the store or repeated in the file, and
append the new rows to a `workouts` table in one transaction.

usage: reference_ingest.py STORE.db EXPORT.csv
"""
import sqlite3
import sys

import pandas as pd

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}
COLUMNS = {
    "Date Submitted": "date_submitted", "Workout Date": "workout_date",
    "Activity Type": "activity_type", "Calories Burned (kcal)": "calories",
    "Distance (mi)": "distance_mi", "Workout Time (seconds)": "duration_s",
    "Avg Pace (min/mi)": "avg_pace", "Max Pace (min/mi)": "max_pace",
    "Avg Speed (mi/h)": "avg_speed", "Max Speed (mi/h)": "max_speed",
    "Avg Heart Rate": "avg_heart_rate", "Steps": "steps", "Notes": "notes",
    "Source": "source", "Link": "link",
}


def iso_dates(text: pd.Series) -> pd.Series:
    parts = text.str.extract(r"^([A-Za-z]+)\.? (\d{1,2}), (\d{4})$")
    month = parts[0].str[:3].str.lower().map(MONTHS)
    return pd.to_datetime(dict(year=parts[2].astype(int), month=month, day=parts[1].astype(int))
                          ).dt.strftime("%Y-%m-%d")


def main(db_path: str, csv_path: str) -> None:
    df = pd.read_csv(csv_path, dtype={"Notes": str, "Source": str, "Activity Type": str})
    df = df.rename(columns=COLUMNS)
    df.insert(0, "id", df["link"].str.extract(r"/workout/(\d+)")[0].astype("int64"))
    df["workout_date"] = iso_dates(df["workout_date"])
    df["date_submitted"] = iso_dates(df["date_submitted"])
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE IF NOT EXISTS workouts (id INTEGER PRIMARY KEY, date_submitted TEXT,"
                " workout_date TEXT, activity_type TEXT, calories REAL, distance_mi REAL,"
                " duration_s REAL, avg_pace REAL, max_pace REAL, avg_speed REAL, max_speed REAL,"
                " avg_heart_rate REAL, steps INTEGER, notes TEXT, source TEXT, link TEXT)")
    known = pd.read_sql("SELECT id FROM workouts", con)["id"]
    df = df.drop_duplicates("id")
    df = df[~df["id"].isin(known)]
    with con:
        df.to_sql("workouts", con, if_exists="append", index=False, chunksize=50000)
    con.close()
    print(f"{len(df)} added")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
