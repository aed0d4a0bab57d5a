// The person page's picture: their photo, or their initials; click it to
// choose a photo, paste one while it has the focus, or drop an image file
// (or an image from a browser) on it; "Remove photo" takes it away. A photo
// a card gave only as a web address is shown as that address, fetched only
// when the user presses "Fetch it".

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
      attrs: { type: "button", id: "person-photo", title: "Choose a photo, or paste or drop one here", "aria-label": `Photo of ${name}: choose, paste or drop one` },
    },
    initials(name),
  );
  const remove = h("button", { class: "link-button small", attrs: { type: "button", id: "remove-photo", hidden: true } }, "Remove photo");
  const link = h("p", { class: "muted small photo-link", attrs: { id: "photo-link", hidden: true } });
  const fetch = h("button", { class: "link-button small", attrs: { type: "button", id: "fetch-photo", hidden: true } }, "Fetch it");
  const wrap = h("div", { class: "person-photo" }, picture, remove, link, fetch);

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
    fetch.hidden = link.hidden;
    link.textContent = photo?.link && !photo.dataUrl ? `Photo at ${photo.link} (not fetched)` : "";
  };

  // The link's address is asked for only now, on the user's word.
  fetch.addEventListener("click", async () => {
    fetch.setAttribute("disabled", "");
    try {
      show(await api.fetchPersonPhoto(personId));
      toast("Photo fetched and saved.");
    } catch (error) {
      showError(error);
    } finally {
      fetch.removeAttribute("disabled");
    }
  });

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
  // An image pasted or dropped: read here, decoded and kept by the core.
  const take = async (file: File) => {
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
  };
  picture.addEventListener("paste", (event) => {
    const file = imageIn(event.clipboardData);
    if (!file) return;
    event.preventDefault();
    void take(file);
  });
  picture.addEventListener("dragover", (event) => {
    if (!carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    picture.classList.add("drop-target");
  });
  picture.addEventListener("dragleave", () => picture.classList.remove("drop-target"));
  picture.addEventListener("drop", (event) => {
    event.preventDefault();
    event.stopPropagation();
    picture.classList.remove("drop-target");
    const file = imageIn(event.dataTransfer);
    if (file) void take(file);
    else showError(new Error("Drop an image file: JPEG, PNG, GIF or WebP."));
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

/** The first image a paste or a drop carries. */
function imageIn(data: DataTransfer | null): File | null {
  const files = [...(data?.files ?? [])];
  const file = files.find((f) => f.type.startsWith("image/"));
  if (file) return file;
  const item = [...(data?.items ?? [])].find((i) => i.kind === "file" && i.type.startsWith("image/"));
  return item?.getAsFile() ?? null;
}

/** Whether a drag carries files (an image file, or an image from a browser). */
function carriesFiles(data: DataTransfer | null): boolean {
  return [...(data?.types ?? [])].includes("Files");
}
