// Faces beside names in short lists (Today's plan): the person's initials
// at once, their thumbnail once the one call for the whole list answers.

import { api } from "../ipc/api";
import { h, replace } from "../dom";
import { initials } from "../logic/format";

/** A small face for `name`, filled in by {@link showFaces}. */
export function face(id: number, name: string): HTMLElement {
  return h("span", { class: "avatar small", attrs: { "aria-hidden": "true" }, dataset: { face: String(id) } }, initials(name));
}

/** Asks once for the thumbnails of every face under `root` and shows those there are. */
export async function showFaces(root: HTMLElement): Promise<void> {
  const spots = [...root.querySelectorAll<HTMLElement>("[data-face]")];
  const ids = [...new Set(spots.map((spot) => Number(spot.dataset.face)))].slice(0, 200);
  if (ids.length === 0) return;
  const thumbs = new Map((await api.photoThumbs(ids)).map((t) => [t.id, t.dataUrl]));
  for (const spot of spots) {
    const url = thumbs.get(Number(spot.dataset.face));
    if (!url) continue;
    replace(spot, h("img", { attrs: { src: url, alt: "" } }));
    spot.classList.add("has-photo");
  }
}
