// Moving between views: every view changes the location, the router does
// the rest.

import { toHash, type Route } from "./logic/route";

export function navigate(route: Route): void {
  location.hash = toHash(route);
}

/** A mounted view: its element, and optionally how to refresh or tear down. */
export interface View {
  el: HTMLElement;
  /** Puts focus where typing should go, once the view is in the page. */
  focus?(): void;
  refresh?(): void;
  destroy?(): void;
}
