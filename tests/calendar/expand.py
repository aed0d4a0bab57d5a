"""Expands an iCalendar file with an implementation Kith's code did not
write (icalendar + recurring-ical-events), and prints every occurrence in a
window as JSON: {"uid", "utc"} for events at an instant, {"uid", "floating"}
for floating local times, {"uid", "date", "summary"} for all-day events.

    expand.py FILE FROM TO [--own-timezones]

FROM and TO are UTC instants (2027-01-01T00:00:00Z). With --own-timezones
every TZID is renamed before parsing, so the offsets come from the file's
VTIMEZONE components alone (as an app that does not know IANA names reads
them), not from the tz database.
"""

import datetime as dt
import json
import re
import sys

import icalendar
import recurring_ical_events


def main() -> None:
    path, start, end = sys.argv[1:4]
    own = "--own-timezones" in sys.argv[4:]
    text = open(path, encoding="utf-8").read()
    if own:
        text = re.sub(r"(TZID[:=])([A-Za-z_+\-/0-9]+)", r"\1Kith-Own-\2", text)
    calendar = icalendar.Calendar.from_ical(text)
    utc = dt.timezone.utc
    begin = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    finish = dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
    # Floating events are compared by their wall time, kept when that wall
    # time, read as UTC, is inside the window (the series in the test are
    # far from its edges, so no zone's offset matters there).
    naive_begin, naive_finish = begin.replace(tzinfo=None), finish.replace(tzinfo=None)
    out = []
    query = recurring_ical_events.of(calendar)
    for event in query.between(begin - dt.timedelta(days=1), finish + dt.timedelta(days=1)):
        uid = str(event["UID"])
        start_at = event["DTSTART"].dt
        if not isinstance(start_at, dt.datetime):
            # An all-day event (a birthday, an anniversary, a named date).
            if begin.date() <= start_at < finish.date():
                out.append({"uid": uid, "date": start_at.isoformat(),
                            "summary": str(event["SUMMARY"])})
        elif start_at.tzinfo is None:
            if naive_begin <= start_at < naive_finish:
                out.append({"uid": uid, "floating": start_at.isoformat()})
        else:
            instant = start_at.astimezone(utc)
            if begin <= instant < finish:
                out.append({"uid": uid, "utc": instant.strftime("%Y-%m-%dT%H:%M:%SZ")})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
