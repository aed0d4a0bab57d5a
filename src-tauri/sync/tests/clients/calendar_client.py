"""Another CalDAV client on the user's own calendars: Python's `caldav`
package (Debian's python3-caldav), as a phone or a desktop calendar writes
events the meetings tests then read.

    calendar_client.py URL USER PASSWORD make NAME          -- makes an event calendar
    calendar_client.py URL USER PASSWORD put NAME FILE      -- saves the event in FILE
    calendar_client.py URL USER PASSWORD delete NAME UID    -- deletes an event
"""

import sys

import caldav


def calendar(principal, name):
    for found in principal.calendars():
        if found.name == name:
            return found
    raise SystemExit(f"no calendar named {name!r}")


def main():
    url, user, password, action, name = sys.argv[1:6]
    principal = caldav.DAVClient(url=url, username=user, password=password).principal()
    if action == "make":
        principal.make_calendar(name=name, supported_calendar_component_set=["VEVENT"])
    elif action == "put":
        with open(sys.argv[6], encoding="utf-8") as f:
            calendar(principal, name).save_event(f.read())
    elif action == "delete":
        calendar(principal, name).event_by_uid(sys.argv[6]).delete()
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
