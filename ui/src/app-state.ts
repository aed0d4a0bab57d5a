// What every view may read: facts about the app, the vocabularies, and how
// many follow-ups are due (for the sidebar badge).

import type { AppInfoDto, VocabularyDto } from "./ipc/api";
import { createStore } from "./store";

export interface AppState {
  info: AppInfoDto | null;
  vocabulary: VocabularyDto;
  dueCount: number;
}

export const appState = createStore<AppState>({
  info: null,
  vocabulary: { kinds: [], channels: [], directions: [], identityKinds: [], countries: [] },
  dueCount: 0,
});
