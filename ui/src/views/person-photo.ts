// The person page's picture: their photo, or their initials; click it to
// choose a photo, or paste one while it has the focus; "Remove photo" takes
// it away. A photo a card gave only as a web address is shown as that
// address, never fetched by Kith.

import { api, type PersonPhotoDto } from "../ipc/api";
import { h, replace } from "../dom";
import { initials } from "../logic/format";
import { showError, toast } from "./toast";

/** The largest image taken from the clipboard, as the core takes it. */
const MAX_BYTES = 20 * 1024 * 1024;

export function personPhoto(personId: number, name: string): HTMLElement {
  const picture = h(
    "button",
    {
      class: "avatar large photo-button",
      attrs: { type: "button", id: "person-photo", title: "Choose a photo, or paste one here", "aria-label": `Photo of ${name}: choose or paste one` },
    },
    initials(name),
  );
  const remove = h("button", { class: "link-button small", attrs: { type: "button", id: "remove-photo", hidden: true } }, "Remove photo");
  const link = h("p", { class: "muted small photo-link", attrs: { id: "photo-link", hidden: true } });
  const wrap = h("div", { class: "person-photo" }, picture, remove, link);

  const show = (photo: PersonPhotoDto | null) => {
    if (photo?.dataUrl) {
      replace(picture, h("img", { attrs: { src: photo.dataUrl, alt: "", id: "person-photo-img" } }));
      picture.classList.add("has-photo");
    } else {
      replace(picture, initials(name));
      picture.classList.remove("has-photo");
    }
    remove.hidden = !photo?.dataUrl;
    link.hidden = !(photo && !photo.dataUrl && photo.link);
    link.textContent = photo?.link && !photo.dataUrl ? `Photo at ${photo.link} (not fetched)` : "";
  };

  picture.addEventListener("click", async () => {
    try {
      const chosen = await api.choosePersonPhoto(personId);
      if (chosen) {
        show(chosen);
        toast("Photo saved.");
      }
    } catch (error) {
      showError(error);
    }
  });
  picture.addEventListener("paste", async (event) => {
    const item = [...(event.clipboardData?.items ?? [])].find((i) => i.type.startsWith("image/"));
    const file = item?.getAsFile();
    if (!file) return;
    event.preventDefault();
    if (file.size > MAX_BYTES) {
      showError(new Error("That image is larger than 20 MiB."));
      return;
    }
    try {
      const bytes = [...new Uint8Array(await file.arrayBuffer())];
      show(await api.setPersonPhoto(personId, bytes));
      toast("Photo saved.");
    } catch (error) {
      showError(error);
    }
  });
  remove.addEventListener("click", async () => {
    try {
      await api.removePersonPhoto(personId);
      show(null);
      toast("Photo removed.");
    } catch (error) {
      showError(error);
    }
  });
  void api.personPhoto(personId).then(show).catch(showError);
  return wrap;
}
