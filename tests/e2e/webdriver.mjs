// A minimal W3C WebDriver client over fetch, for tauri-driver on
// $WEBDRIVER_PORT (default 4444). Shared by the journey and the desktop
// benchmark.

const port = process.env.WEBDRIVER_PORT ?? "4444";

/** The key under which WebDriver returns an element reference. */
export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** Sends one WebDriver command and returns its `value`, or throws. */
export async function wd(method, path, body) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ""}`);
  }
  return json.value;
}

/** Starts the app under test in a new session. */
export async function launch(application) {
  const { sessionId } = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application } } },
  });
  return sessionId;
}
