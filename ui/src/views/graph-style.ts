// The pictures' colours, read from the page's own (light or dark) so the
// canvases match everything around them.

import { type LinkGroup, stageColours } from "../logic/graph";

export interface Palette {
  stages: string[];
  text: string;
  muted: string;
  panel: string;
  line: string;
  links: Record<LinkGroup, { colour: string; dash: number[] }>;
}

export function palette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const accent = v("--accent", "#2f7d6d");
  const line = v("--line", "#e0dad0");
  const muted = v("--muted", "#66737a");
  return {
    stages: stageColours(accent, line),
    text: v("--text", "#1f2a30"),
    muted,
    panel: v("--panel", "#ffffff"),
    line,
    links: {
      family: { colour: v("--warm", "#c9822b"), dash: [] },
      friend: { colour: accent, dash: [] },
      work: { colour: muted, dash: [6, 4] },
      met: { colour: muted, dash: [2, 3] },
    },
  };
}

/** Sizes a canvas to `width`×`height` CSS pixels, sharp on any screen
 * (its backing store at the device's pixel ratio). */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
}
