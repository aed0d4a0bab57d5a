"""Another CalDAV client on the user's own calendars: Python's `caldav`
package (Debian's python3-caldav), as a phone or a desktop calendar writes
events the meetings tests then read.

    calendar_client.py URL USER PASSWORD make NAME          -- makes an event calendar
    calendar_client.py URL USER PASSWORD put NAME FILE      -- saves the event in FILE
    calendar_client.py URL USER PASSWORD delete NAME UID    -- deletes an event
    calendar_client.py URL USER PASSWORD todos NAME         -- prints the task list's tasks as
        JSON lines (uid, summary, description, due, status), as a phone's task app shows them
    calendar_client.py URL USER PASSWORD raw NAME           -- prints the tasks as the server holds them
    calendar_client.py URL USER PASSWORD complete NAME UID  -- completes a task, as a phone does
    calendar_client.py URL USER PASSWORD drop NAME UID      -- deletes a task
"""

import json

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
    elif action == "todos":
        for todo in calendar(principal, name).todos(include_completed=True):
            task = todo.vobject_instance.vtodo
            value = lambda key: getattr(task, key).value if hasattr(task, key) else None
            due = value("due")
            print(json.dumps({
                "uid": value("uid"),
                "summary": value("summary"),
                "description": value("description"),
                "due": due.isoformat() if due is not None else None,
                "status": value("status"),
            }))
    elif action == "raw":
        for todo in calendar(principal, name).todos(include_completed=True):
            sys.stdout.write(todo.data.replace("\r\n", "\n"))
    elif action == "complete":
        calendar(principal, name).todo_by_uid(sys.argv[6]).complete()
    elif action == "drop":
        calendar(principal, name).todo_by_uid(sys.argv[6]).delete()
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
