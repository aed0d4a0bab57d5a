// Turning what the forms hold into the inputs the commands take, with the
// checks a user should hear about before anything is sent.

import type { FollowUpInput, IdentityDto, PersonInput, TouchInput } from "../ipc/bindings";

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export interface PersonFields {
  displayName: string;
  company: string;
  role: string;
  howMet: string;
  whereMet: string;
  tags: string;
  cadenceDays: string;
  identities: IdentityDto[];
}

/** "Close, Rust ,, close" → ["Close", "Rust"] (first spelling kept). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

const optional = (text: string): string | null => (text.trim() === "" ? null : text.trim());

export function personInput(fields: PersonFields): Result<PersonInput> {
  const errors: Record<string, string> = {};
  if (!fields.displayName.trim()) errors.displayName = "A name is required.";
  let cadence: number | null = null;
  if (fields.cadenceDays.trim()) {
    cadence = Number(fields.cadenceDays);
    if (!Number.isInteger(cadence) || cadence < 1 || cadence > 3650) {
      errors.cadenceDays = "Enter a whole number of days from 1 to 3650.";
    }
  }
  fields.identities.forEach((identity, index) => {
    if (identity.kind === "email" && identity.value.trim() && !/^[^\s@]+@[^\s@]+$/.test(identity.value.trim())) {
      errors[`identity-${index}`] = "That does not look like an e-mail address.";
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      displayName: fields.displayName.trim(),
      company: optional(fields.company),
      role: optional(fields.role),
      howMet: optional(fields.howMet),
      whereMet: optional(fields.whereMet),
      introducedBy: null,
      cadenceDays: cadence,
      tags: parseTags(fields.tags),
      identities: fields.identities
        .map((i) => ({ kind: i.kind, value: i.value.trim() }))
        .filter((i) => i.value !== ""),
    },
  };
}

/** The channel a kind of touch usually happens on, to pre-fill the picker. */
export function defaultChannel(kind: string): string {
  switch (kind) {
    case "call":
      return "phone";
    case "video":
      return "video";
    case "meeting":
      return "in-person";
    case "email":
      return "email";
    case "message":
      return "chat";
    default:
      return "linkedin";
  }
}

export interface TouchFields {
  personId: number | null;
  kind: string;
  channel: string;
  direction: string;
  at: string; // datetime-local value, blank for now
  summary: string;
}

export function touchInput(fields: TouchFields): Result<TouchInput> {
  const errors: Record<string, string> = {};
  if (fields.personId === null) errors.person = "Choose who this touch was with.";
  if (!fields.kind) errors.kind = "Choose what kind of touch it was.";
  if (!fields.channel) errors.channel = "Choose a channel.";
  if (Object.keys(errors).length > 0 || fields.personId === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      personId: fields.personId,
      kind: fields.kind,
      channel: fields.channel,
      direction: fields.direction || "out",
      at: optional(fields.at),
      summary: optional(fields.summary),
    },
  };
}

export interface FollowUpFields {
  personId: number;
  what: string;
  due: string; // datetime-local value
  fixedZone: string | null; // IANA zone to pin to, or null for floating
  repeat: string; // "" or like "2w"
  topicId: number | null; // one of the person's topics
}

export function followUpInput(fields: FollowUpFields): Result<FollowUpInput> {
  const errors: Record<string, string> = {};
  if (!fields.what.trim()) errors.what = "Say what to follow up on.";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(fields.due)) errors.due = "Choose a date and time.";
  if (fields.repeat && !/^\d{1,4}[hdwm]$/.test(fields.repeat)) errors.repeat = "Choose how often it repeats.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      personId: fields.personId,
      what: fields.what.trim(),
      due: fields.due,
      zone: fields.fixedZone ?? "floating",
      repeat: fields.repeat || null,
      topicId: fields.topicId,
    },
  };
}
