"""Another CalDAV client on the same task list: Python's `caldav` package
(Debian's python3-caldav), as the sync tests drive it.

    caldav_client.py URL USER PASSWORD complete UID   -- marks the task done and
        adds a line of its own (X-OTHER-CLIENT), as a tasks app would
    caldav_client.py URL USER PASSWORD show UID       -- prints the task as stored
"""

import sys

import caldav


def task_list(url, user, password):
    client = caldav.DAVClient(url=url, username=user, password=password)
    for calendar in client.principal().calendars():
        if calendar.name == "Kith follow-ups":
            return calendar
    raise SystemExit("no task list named 'Kith follow-ups'")


def main():
    url, user, password, action, uid = sys.argv[1:6]
    todo = task_list(url, user, password).todo_by_uid(uid)
    if action == "complete":
        todo.vobject_instance.vtodo.add("x-other-client").value = "kept"
        todo.save()
        todo.complete()
    elif action == "show":
        todo.load()
        sys.stdout.write(todo.data)
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
