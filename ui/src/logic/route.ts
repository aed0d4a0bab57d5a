// The hash router's grammar: what a `#/...` location means.

export type Route =
  | { view: "today" }
  | { view: "people" }
  | { view: "person"; id: number }
  | { view: "edit-person"; id: number }
  | { view: "new-person" }
  | { view: "settings" }
  | { view: "queue" }
  | { view: "dashboard" }
  | { view: "introductions" }
  | { view: "exchange" }
  | { view: "duplicates" }
  | { view: "network" }
  | { view: "recovery" };

export interface Location {
  route: Route;
  quickLog: boolean;
}

export function parseHash(hash: string): Location {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const quickLog = query.split("&").includes("quick-log");
  const id = Number(parts[1]);
  let route: Route = { view: "today" };
  if (parts[0] === "people") route = { view: "people" };
  else if (parts[0] === "settings") route = { view: "settings" };
  else if (parts[0] === "queue") route = { view: "queue" };
  else if (parts[0] === "dashboard") route = { view: "dashboard" };
  else if (parts[0] === "introductions") route = { view: "introductions" };
  else if (parts[0] === "exchange") route = { view: "exchange" };
  else if (parts[0] === "duplicates") route = { view: "duplicates" };
  else if (parts[0] === "network") route = { view: "network" };
  else if (parts[0] === "recovery") route = { view: "recovery" };
  else if (parts[0] === "new-person") route = { view: "new-person" };
  else if (parts[0] === "person" && Number.isSafeInteger(id) && id > 0) {
    route = parts[2] === "edit" ? { view: "edit-person", id } : { view: "person", id };
  }
  return { route, quickLog };
}

export function toHash(route: Route): string {
  switch (route.view) {
    case "person":
      return `#/person/${route.id}`;
    case "edit-person":
      return `#/person/${route.id}/edit`;
    default:
      return `#/${route.view}`;
  }
}
