import { describe, expect, it } from "vitest";
import type { MailReadDto, MailStatusDto } from "../ipc/api";
import { mailStatusLine, readLine, suggestionLine, touchDetail } from "./mail";

const now = new Date("2026-03-10T12:00:00Z");

function status(patch: Partial<MailStatusDto>): MailStatusDto {
  return {
    configured: true, host: "127.0.0.1", port: 993, security: "tls", user: "ada", scope: "sent", since: null,
    keepSubject: true, syncedAt: "2026-03-10T11:55:00Z", triedAt: "2026-03-10T11:55:00Z", error: null, folders: [],
    messages: 1204, touches: 312, me: ["ada@home.example"], offered: [], passwordKept: true, running: false,
    progress: null, needsPassword: false, ...patch,
  };
}

describe("mail status", () => {
  it("says when it last read and what that gave", () => {
    expect(mailStatusLine(status({}), now)).toBe("Last read 5 minutes ago: 1,204 messages, 312 touches.");
  });
  it("shows progress while reading, and the error after a failed read", () => {
    expect(mailStatusLine(status({ running: true, progress: "Sent: 1000 of 6000 messages" }), now)).toBe("Reading… Sent: 1000 of 6000 messages.");
    expect(mailStatusLine(status({ error: "imap.example.org:993 cannot be reached" }), now)).toContain("— imap.example.org:993 cannot be reached");
    expect(mailStatusLine(status({ configured: false }), now)).toContain("No mail account");
    expect(mailStatusLine(status({ needsPassword: true }), now)).toContain("Waiting for the password");
  });
});

describe("a read", () => {
  const read = (fetched: number, touches: number): MailReadDto => ({
    folders: [{ name: "Sent", fetched }], new: fetched, known: 0, touchesMade: touches, touchesChanged: 0, skipped: [], unreadable: 0,
  });
  it("counts messages and touches", () => {
    expect(readLine(read(40, 12))).toBe("Read 40 messages: 12 touches made.");
    expect(readLine(read(1, 0))).toBe("Read 1 message: no new touches.");
    expect(readLine(read(0, 0))).toBe("Read: no new mail.");
  });
});

describe("people written with", () => {
  it("name them, or their address when mail gave no name", () => {
    const named = suggestionLine({ address: "kai@berg.example", name: "Kai Berg", sent: 3, received: 2, meetings: 0, last: "2026-03-08T12:00:00Z" }, now);
    expect(named).toEqual({ name: "Kai Berg", detail: "kai@berg.example · you wrote 3, they wrote 2 · last 2 days ago" });
    const bare = suggestionLine({ address: "kai@berg.example", name: null, sent: 1, received: 1, meetings: 0, last: "2026-03-08T12:00:00Z" }, now);
    expect(bare.name).toBe("kai@berg.example");
    expect(bare.detail.startsWith("you wrote 1")).toBe(true);
  });
  it("say how often they met, with or without mail", () => {
    const met = suggestionLine({ address: "lee@example.net", name: "Lee", sent: 0, received: 0, meetings: 3, last: "2026-03-08T12:00:00Z" }, now);
    expect(met.detail).toBe("lee@example.net · met 3 times · last 2 days ago");
    const both = suggestionLine({ address: "lee@example.net", name: null, sent: 2, received: 1, meetings: 1, last: "2026-03-08T12:00:00Z" }, now);
    expect(both.detail).toBe("you wrote 2, they wrote 1 · met 1 time · last 2 days ago");
  });
});

describe("a touch on the timeline", () => {
  it("says who wrote an e-mail and how long its conversation is", () => {
    expect(touchDetail({ kind: "email", channel: "email", direction: "mutual", threadSize: 4 })).toBe("you both wrote · 4 messages in the conversation");
    expect(touchDetail({ kind: "email", channel: "email", direction: "in", threadSize: 1 })).toBe("they wrote · 1 message in the conversation");
  });
  it("says the channel unless it is the kind again, and who reached out", () => {
    expect(touchDetail({ kind: "call", channel: "phone", direction: "out", threadSize: null })).toBe("via Phone · you reached out");
    expect(touchDetail({ kind: "message", channel: "whatsapp", direction: "mutual", threadSize: null })).toBe("via Whatsapp · both");
  });
});
