// How mail reads in the window: the account's one quiet status line, a read
// in words, a person written with, and an e-mail touch on a timeline.

import type { MailReadDto, MailStatusDto, MailSuggestionDto, TouchDto } from "../ipc/api";
import { humanize, relativeTime } from "./format";

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "Last read 5 minutes ago: 1,204 messages, 312 touches." */
export function mailStatusLine(status: MailStatusDto, now: Date): string {
  if (!status.configured) return "No mail account. Touches from e-mail stay typed by hand.";
  if (status.running) return status.progress ? `Reading… ${status.progress}.` : "Reading…";
  if (status.needsPassword) return "Waiting for the password: no keychain keeps it on this computer.";
  const tally = `${count(Number(status.messages), "message", "messages")}, ${count(Number(status.touches), "touch", "touches")}`;
  const last = status.syncedAt ? `Last read ${relativeTime(status.syncedAt, now)}: ${tally}` : "Not read yet";
  return status.error ? `${last} — ${status.error}` : `${last}.`;
}

/** "Read 40 messages: 12 touches made." */
export function readLine(report: MailReadDto): string {
  const fetched = report.folders.reduce((n, f) => n + Number(f.fetched), 0);
  if (fetched === 0) return "Read: no new mail.";
  const touches = Number(report.touchesMade);
  const made = touches === 0 ? "no new touches" : `${count(touches, "touch", "touches")} made`;
  return `Read ${count(fetched, "message", "messages")}: ${made}.`;
}

/** "Maya Lund <maya@…> · you wrote 3, they wrote 2 · last 2 days ago" */
export function suggestionLine(s: MailSuggestionDto, now: Date): { name: string; detail: string } {
  const what = [
    s.sent + s.received > 0 ? `you wrote ${s.sent}, they wrote ${s.received}` : null,
    s.meetings > 0 ? `met ${count(s.meetings, "time", "times")}` : null,
  ].filter((part) => part !== null);
  return {
    name: s.name ?? s.address,
    detail: `${s.name ? `${s.address} · ` : ""}${what.join(" · ")} · last ${relativeTime(s.last, now)}`,
  };
}

/** How a touch's direction reads: e-mail says who wrote, the rest who
 * reached out; an e-mail touch also says how long its conversation is. */
export function touchDetail(t: Pick<TouchDto, "kind" | "channel" | "direction" | "threadSize">): string {
  const email = t.kind === "email";
  const who =
    t.direction === "in"
      ? email ? "they wrote" : "they reached out"
      : t.direction === "out"
        ? email ? "you wrote" : "you reached out"
        : email ? "you both wrote" : "both";
  const size = t.threadSize ? ` · ${count(t.threadSize, "message", "messages")} in the conversation` : "";
  // "Email via Email" says nothing the first word has not.
  const via = t.channel === t.kind ? "" : `via ${humanize(t.channel)} · `;
  return `${via}${who}${size}`;
}
