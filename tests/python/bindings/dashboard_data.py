"""The store the dashboard tests draw: the 14-year sample with the Choco era, a trained model, and
user text that is hostile HTML (notes, an activity type, an era name), so that every view that
shows user text is checked for escaping. Shared by test_python_dashboard.py and tests/browser/."""
import csv
import os

import fitintel

# Each payload sets a canary or raises an alert if it ever runs; all must show as plain text.
NOTE_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
)
TYPE_PAYLOAD = "Run <script>window.__pwned=3</script>"
ERA_NAME = '<b>Choco</b> & "friends" </script><script>window.__pwned=4</script>'
ERA_DATE = "2018-06-01"
SQL_TEXT = "SELECT '<script>window.__pwned=5</script>' AS x"
QUERY_NAME = "<b>saved</b> & co"
CORRECTION_NOTE = "<svg onload=alert(1)>"
#: Every piece of user text the page must show as it was written.
ALL_TEXT = NOTE_PAYLOADS + (TYPE_PAYLOAD, ERA_NAME, SQL_TEXT, QUERY_NAME, CORRECTION_NOTE)


def make_store(directory, rows=3000, seed=7):
    """Write the export and build the store in @directory; returns (db path, ids of the workouts
    that carry the payloads, as {payload: id})."""
    directory = os.fspath(directory)
    export = os.path.join(directory, "export.csv")
    hostile = os.path.join(directory, "hostile.csv")
    db = os.path.join(directory, "store.db")
    fitintel.sample(export, rows=rows, seed=seed)
    with open(export, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        data = list(reader)
    # the payloads go on the latest workouts (the sample's ids grow with time), which the
    # current-period views and the newest-first history show
    data.sort(key=lambda r: int(r["Link"].rsplit("/", 1)[1]), reverse=True)
    carriers = {}
    for row, text in zip(data, NOTE_PAYLOADS):
        row["Notes"] = text
        carriers[text] = int(row["Link"].rsplit("/", 1)[1])
    data[len(NOTE_PAYLOADS)]["Activity Type"] = TYPE_PAYLOAD
    carriers[TYPE_PAYLOAD] = int(data[len(NOTE_PAYLOADS)]["Link"].rsplit("/", 1)[1])
    with open(hostile, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(data)
    with fitintel.open(db) as store:
        store.ingest(hostile, policy="skip")
        store.eras.add(ERA_DATE, ERA_NAME)
        store.train()
        store.saved_queries.save(QUERY_NAME, SQL_TEXT, description=CORRECTION_NOTE)
        store.sql(SQL_TEXT)                                   # kept in the query history
        store.label(carriers[NOTE_PAYLOADS[0]], "real_run", note=CORRECTION_NOTE)
    return db, carriers
