import { defineConfig } from "vite";

// The UI is plain TypeScript; Vite bundles it into ui/dist, which Tauri
// embeds. No remote content: everything is served from the app itself.
export default defineConfig({
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: { environment: "jsdom", globals: true, include: ["src/**/*.test.ts"] },
});
