#!/usr/bin/python3
"""Reads and clicks a tray item's menu over com.canonical.dbusmenu, as a
desktop panel does (GLib's D-Bus, through PyGObject):

    tray-menu.py layout BUS_NAME ITEM_PATH   -> JSON: [{id, label, enabled, path: [labels]}]
    tray-menu.py click BUS_NAME ITEM_PATH ID

The item's menu path is its StatusNotifierItem `Menu` property.
"""

import json
import sys

from gi.repository import Gio, GLib


def menu_path(bus, name, item_path):
    reply = bus.call_sync(name, item_path, "org.freedesktop.DBus.Properties", "Get",
                          GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", "Menu")),
                          GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, 5000, None)
    return reply.unpack()[0]


def walk(node, parents, out):
    ident, props, children = node
    label = props.get("label", "")
    if ident != 0:
        out.append({"id": ident, "label": label, "enabled": props.get("enabled", True),
                    "path": parents})
    for child in children:
        walk(child, parents + ([label] if ident != 0 else []), out)


def main():
    command, name, item_path = sys.argv[1:4]
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    path = menu_path(bus, name, item_path)
    if command == "layout":
        reply = bus.call_sync(name, path, "com.canonical.dbusmenu", "GetLayout",
                              GLib.Variant("(iias)", (0, -1, [])), None,
                              Gio.DBusCallFlags.NONE, 5000, None)
        _revision, root = reply.unpack()
        items = []
        walk(root, [], items)
        print(json.dumps(items))
    elif command == "click":
        ident = int(sys.argv[4])
        bus.call_sync(name, path, "com.canonical.dbusmenu", "Event",
                      GLib.Variant("(isvu)", (ident, "clicked", GLib.Variant("i", 0), 0)), None,
                      Gio.DBusCallFlags.NONE, 5000, None)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
