/**
 * The virus-scan hook (docs/forms.md, "Virus scanning"): every upload passes the installed scanner
 * after the size and type checks and before it is stored. Lotse ships none; an operator installs
 * one at start (e.g. a ClamAV client over its socket) with setFileScanner. A refusal answers 422
 * naming /file with the scanner's reason; a scanner that throws fails the upload (500), so a file is
 * never stored unscanned while a scanner is installed.
 */
export interface ScannedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

export type ScanVerdict = { ok: true } | { ok: false; reason: string };
export type FileScanner = (file: ScannedFile) => Promise<ScanVerdict>;

let scanner: FileScanner | null = null;

/** Installs the scanner every later upload passes (null removes it). */
export function setFileScanner(next: FileScanner | null): void {
  scanner = next;
}

/** The installed scanner's verdict; without one every file passes. */
export async function scanFile(file: ScannedFile): Promise<ScanVerdict> {
  return scanner ? scanner(file) : { ok: true };
}
