// Pure formatting of times and names. `now` is always passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "in 3 hours", "2 days ago", "in 3 weeks". */
export function relativeTime(iso: string, now: Date): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return "";
  const diff = then - now.getTime();
  const past = diff < 0;
  const abs = Math.abs(diff);
  const say = (n: number, unit: string) => {
    const text = `${n} ${unit}${n === 1 ? "" : "s"}`;
    return past ? `${text} ago` : `in ${text}`;
  };
  if (abs < MINUTE) return "just now";
  if (abs < HOUR) return say(Math.round(abs / MINUTE), "minute");
  if (abs < DAY) return say(Math.round(abs / HOUR), "hour");
  if (abs < 14 * DAY) return say(Math.round(abs / DAY), "day");
  if (abs < 60 * DAY) return say(Math.round(abs / (7 * DAY)), "week");
  if (abs < 365 * DAY) return say(Math.round(abs / (30 * DAY)), "month");
  return say(Math.round(abs / (365 * DAY)), "year");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The value a `datetime-local` input wants: local `YYYY-MM-DDTHH:MM`. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** A due time as people say it: "Today 14:30", "Tomorrow 09:00", "Yesterday 18:00", "Mon 3 Mar 09:00". */
export function dueLabel(iso: string, now: Date): string {
  const due = new Date(iso);
  if (Number.isNaN(due.getTime())) return "";
  const time = `${pad(due.getHours())}:${pad(due.getMinutes())}`;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(due, now)) return `Today ${time}`;
  if (sameDay(due, tomorrow)) return `Tomorrow ${time}`;
  if (sameDay(due, yesterday)) return `Yesterday ${time}`;
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const year = due.getFullYear() === now.getFullYear() ? "" : ` ${due.getFullYear()}`;
  return `${days[due.getDay()]} ${due.getDate()} ${months[due.getMonth()]}${year} ${time}`;
}

/** Up to two initials for an avatar: "Ada Lovelace" → "AL", "zoë" → "Z". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = words.map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ""))[0] ?? "");
  const picked = letters.length > 1 ? [letters[0], letters[letters.length - 1]] : letters.slice(0, 1);
  return picked.join("").toUpperCase();
}

/** "Head of Product, Northwind" from role and company, either optional. */
export function workLine(role: string | null, company: string | null): string {
  return [role, company].filter((part): part is string => Boolean(part)).join(", ");
}

/** Words for a touch kind in a timeline: "call" → "Call", "in-person" → "In person". */
export function humanize(identifier: string): string {
  const text = identifier.replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stored birthday (`YYYY-MM-DD`, or `--MM-DD` without a year) in words: "10 December 1815", "26 December". */
export function birthdayLabel(text: string): string {
  const match = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const [, year, month, day] = match;
  const date = new Date(2000, Number(month) - 1, Number(day));
  const dayMonth = date.toLocaleDateString("en-GB", { day: "numeric", month: "long" });
  return year === "-" ? dayMonth : `${dayMonth} ${year}`;
}
