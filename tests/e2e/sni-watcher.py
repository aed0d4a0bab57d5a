#!/usr/bin/python3
"""A StatusNotifierWatcher with a host, on the session bus: what a desktop's
panel provides (KDE Plasma, GNOME's AppIndicator extension, XFCE's and
LXQt's trays), written with GLib's own D-Bus implementation (PyGObject),
not Kith's. Each item that registers is written to stdout as one line:
"<bus name> <object path>", so a test can find Kith's tray and drive its
menu over com.canonical.dbusmenu with gdbus, as a panel would.

    /usr/bin/python3 sni-watcher.py > tray.log
"""

import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
    <signal name="StatusNotifierHostUnregistered"/>
  </interface>
</node>
"""

items = {}  # "<bus name><path>" -> the unique name that registered it


def emit(connection, signal, value):
    connection.emit_signal(None, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher",
                           signal, GLib.Variant("(s)", (value,)))


def on_call(connection, sender, path, interface, method, params, invocation):
    if method == "RegisterStatusNotifierItem":
        (service,) = params.unpack()
        # An item names either its bus name or, as some do, its object path.
        if service.startswith("/"):
            name, item_path = sender, service
        else:
            name, item_path = service, "/StatusNotifierItem"
        key = name + item_path
        items[key] = sender
        print(f"{name} {item_path}", flush=True)
        emit(connection, "StatusNotifierItemRegistered", key)
        invocation.return_value(None)
    elif method == "RegisterStatusNotifierHost":
        invocation.return_value(None)
    else:
        invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)


def on_property(connection, sender, path, interface, name):
    if name == "RegisteredStatusNotifierItems":
        return GLib.Variant("as", list(items))
    if name == "IsStatusNotifierHostRegistered":
        return GLib.Variant("b", True)
    if name == "ProtocolVersion":
        return GLib.Variant("i", 0)
    return None


def on_owner_changed(connection, sender, path, interface, signal, params):
    name, old, new = params.unpack()
    if new:
        return
    for key, owner in list(items.items()):
        if owner == name or key.startswith(name + "/"):
            del items[key]
            print(f"gone {key}", flush=True)
            emit(connection, "StatusNotifierItemUnregistered", key)


def main():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    bus.register_object("/StatusNotifierWatcher", info, on_call, on_property, None)
    bus.signal_subscribe("org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
                         "/org/freedesktop/DBus", None, Gio.DBusSignalFlags.NONE, on_owner_changed)
    loop = GLib.MainLoop()

    def acquired(*_):
        print("watcher ready", flush=True)

    def lost(*_):
        print("could not own org.kde.StatusNotifierWatcher", file=sys.stderr, flush=True)
        loop.quit()

    Gio.bus_own_name_on_connection(bus, "org.kde.StatusNotifierWatcher",
                                   Gio.BusNameOwnerFlags.NONE, acquired, lost)
    loop.run()


if __name__ == "__main__":
    main()
