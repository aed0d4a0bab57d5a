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

/** The life of a view that loads its data: `alive()` says whether results
 * may still be shown (not after the view was left), and `view` starts the
 * first load and makes Refresh load again. */
export function lifecycle(): {
  alive: () => boolean;
  view: (el: HTMLElement, load: () => Promise<void>, more?: Pick<View, "focus">) => View;
} {
  let disposed = false;
  return {
    alive: () => !disposed,
    view: (el, load, more = {}) => {
      void load();
      return {
        el,
        ...more,
        refresh: () => void load(),
        destroy: () => {
          disposed = true;
        },
      };
    },
  };
}
