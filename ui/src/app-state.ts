// What every view may read: facts about the app and how many follow-ups
// are due (for the sidebar badge). The pickers' lists are a constant of
// the page (`ipc/vocabulary.ts`).

import type { AppInfoDto } from "./ipc/api";
import { createStore } from "./store";

export interface AppState {
  info: AppInfoDto | null;
  dueCount: number;
}

export const appState = createStore<AppState>({
  info: null,
  dueCount: 0,
});
