// Words for an import report.

import type { ImportReportDto } from "../ipc/bindings";

/** "3 new, 1 updated, 12 unchanged, 2 skipped". */
export function reportLine(report: ImportReportDto): string {
  return [
    `${report.new.toLocaleString()} new`,
    `${report.updated.toLocaleString()} updated`,
    `${report.unchanged.toLocaleString()} unchanged`,
    `${report.skipped.length.toLocaleString()} skipped`,
  ].join(", ");
}

/** Where a skipped row was: "Connections.csv, line 7" or "line 7". */
export function rowPlace(file: string | null, line: number): string {
  return file ? `${file}, line ${line}` : `line ${line}`;
}

/** The button that commits a previewed import. */
export function commitLabel(report: ImportReportDto): string {
  if (report.new + report.updated === 0) return "Nothing new to import";
  const parts = [report.new ? `${report.new.toLocaleString()} new` : "", report.updated ? `${report.updated.toLocaleString()} updated` : ""];
  return `Import (${parts.filter(Boolean).join(", ")})`;
}

/** The sentence about rows kept apart from someone of another name, or "". */
export function keptApartLine(report: ImportReportDto): string {
  const n = report.keptApart;
  if (n === 0) return "";
  return `${n.toLocaleString()} ${n === 1 ? "row shares" : "rows share"} a phone or e-mail with someone of another name: kept apart, listed under Duplicates.`;
}

/** Where new connections went: the welcome queue, or the pool of older ones to reconnect with; "" when none. */
export function connectionsLine(report: ImportReportDto): string {
  if (report.toWelcome + report.toReconnect === 0) return "";
  const welcome = `${report.toWelcome.toLocaleString()} new ${report.toWelcome === 1 ? "connection waits" : "connections wait"} for a welcome`;
  if (report.toReconnect === 0) return `${welcome}.`;
  return `${welcome}; ${report.toReconnect.toLocaleString()} older ${report.toReconnect === 1 ? "one is a candidate" : "ones are candidates"} to reconnect with in Today's plan.`;
}

/** What the home country did with phone numbers written without a country
 * code, or the question when none is set; "" when there is nothing to say.
 * `country` names a code ("Germany's (+49)"). */
export function nationalReportLine(report: ImportReportDto, country: (code: string) => string): string {
  const numbers = (n: number) => `${n.toLocaleString()} phone ${n === 1 ? "number" : "numbers"} without a country code`;
  if (report.homeCountry && report.nationalPlaced > 0) {
    const matched = report.nationalMatched;
    return `${numbers(report.nationalPlaced)} read as ${country(report.homeCountry)}; ${matched.toLocaleString()} of them ${matched === 1 ? "is" : "are"} someone's already.`;
  }
  if (!report.homeCountry && report.nationalUnplaced > 0) {
    const one = report.nationalUnplaced === 1;
    return `${numbers(report.nationalUnplaced)}: choose the country ${one ? "it is" : "they are"} from to match ${one ? "it with the same number" : "them with the same numbers"} written in full.`;
  }
  return "";
}
