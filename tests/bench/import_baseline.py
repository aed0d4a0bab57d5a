#!/usr/bin/env python3
"""The bare baseline for the import benchmark: Python's csv and sqlite3
reading the same generated 30,000-row LinkedIn Connections.csv as
`cargo bench -p kith-exchange --bench import` and inserting each row into a
table plus an FTS5 index, in one transaction. Writes the median of five
runs to target/bench/import-baseline.json."""

import csv
import io
import json
import os
import sqlite3
import statistics
import tempfile
import time

ROWS = 30_000
FIRST = ["Ada", "Grace", "Linus", "Maya", "Tomas", "Priya", "Kenji", "Amara", "Jonas", "Leila", "Oskar", "Zanele"]
LAST = ["Lovelace", "Hopper", "Okafor", "Berg", "Raman", "Sato", "Moreau", "Núñez", "Falk", "Dlamini"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def connections(path):
    """The same file as the Rust benchmark's `connections`."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("\ufeffNotes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n")
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(ROWS):
            first = FIRST[i % len(FIRST)]
            last = LAST[(i // len(FIRST)) % len(LAST)]
            email = f"person{i}@example.com" if i % 3 == 0 else ""
            slug = last.lower().replace("ú", "u").replace("ñ", "n")
            out.write(
                f"{first},{last},https://www.linkedin.com/in/{first.lower()}-{slug}-{i},{email},"
                f"\"Company {i % 997}, Inc.\",Role {i % 50},{1 + i % 28:02} {MONTHS[i % 12]} {2012 + i % 14}\n"
            )


def run(csv_path, db_path):
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, url TEXT, email TEXT, company TEXT, role TEXT, connected TEXT)")
    db.execute("CREATE VIRTUAL TABLE person_search USING fts5 (name, work, handles)")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\n", 3)[3]
    reader = csv.DictReader(io.StringIO(lines))
    with db:
        for row in reader:
            name = f"{row['First Name']} {row['Last Name']}"
            cur = db.execute(
                "INSERT INTO person (name, url, email, company, role, connected) VALUES (?, ?, ?, ?, ?, ?)",
                (name, row["URL"], row["Email Address"], row["Company"], row["Position"], row["Connected On"]),
            )
            db.execute(
                "INSERT INTO person_search (rowid, name, work, handles) VALUES (?, ?, ?, ?)",
                (cur.lastrowid, name, f"{row['Company']} {row['Position']}", f"{row['URL']} {row['Email Address']}"),
            )
    db.close()
    return time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "Connections.csv")
        connections(csv_path)
        times = [run(csv_path, os.path.join(tmp, f"baseline-{n}.db")) for n in range(5)]
    figures = {
        "rows": ROWS,
        "sqlite": sqlite3.sqlite_version,
        "secondsMedian": round(statistics.median(times), 3),
        "secondsAll": [round(t, 3) for t in times],
    }
    out = os.path.join(os.path.dirname(__file__), "..", "..", "target", "bench")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "import-baseline.json"), "w") as f:
        json.dump(figures, f, indent=2)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
