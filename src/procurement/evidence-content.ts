/**
 * Evidence files (domain §5: the registry's retirement statement, contract documents): which files are
 * accepted, how their bytes are checked against the declared type, and how they are named on download.
 * Pure: no Nest, no TypeORM.
 */
import { createHash } from 'node:crypto';
import type { CodeWithStatus } from '../common/error-codes';

/** Largest evidence file, 10 MiB; a larger upload answers 413 `PAYLOAD_TOO_LARGE`. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Accepted types, each with the signature its content starts with (`null`: UTF-8 text). */
const SIGNATURES: Record<string, number[] | null> = {
  'application/pdf': [...Buffer.from('%PDF-')],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  // An XLSX workbook is a ZIP archive (Office Open XML).
  [XLSX_TYPE]: [0x50, 0x4b, 0x03, 0x04],
  'text/csv': null,
  'text/plain': null,
};

export const EVIDENCE_CONTENT_TYPES = Object.keys(SIGNATURES);

export type EvidenceCheck =
  { ok: true; contentType: string } | { ok: false; code: CodeWithStatus<415>; message: string };

const startsWith = (content: Buffer, signature: number[]) =>
  content.length >= signature.length && signature.every((byte, i) => content[i] === byte);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    utf8.decode(content);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a file's bytes are of the type its upload declares: the declared media type (parameters and
 * case ignored) must be one of the accepted ones, and the content must start with that type's signature,
 * or for text types be UTF-8 without NUL bytes and without another type's signature.
 */
export function checkEvidenceContent(declaredType: string, content: Buffer): EvidenceCheck {
  const contentType = declaredType.split(';')[0].trim().toLowerCase();
  if (!(contentType in SIGNATURES)) {
    return {
      ok: false,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Files of type "${contentType || '(none)'}" are not accepted; send one of ${EVIDENCE_CONTENT_TYPES.join(', ')}`,
    };
  }
  const signature = SIGNATURES[contentType];
  const matches = signature
    ? startsWith(content, signature)
    : isText(content) && !Object.values(SIGNATURES).some((s) => s && startsWith(content, s));
  if (!matches) {
    return {
      ok: false,
      code: 'CONTENT_TYPE_MISMATCH',
      message: signature
        ? `The content does not start like a ${contentType} file`
        : `The content is not ${contentType} text (UTF-8 without NUL bytes)`,
    };
  }
  return { ok: true, contentType };
}

export const sha256Hex = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/**
 * The client's file name made safe to store and to send back: its last path segment, without control
 * characters, at most 255 characters; `evidence` when nothing is left.
 */
export function evidenceFilename(original: string | undefined): string {
  const name = (original ?? '')
    .split(/[/\\]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim();
  return [...name].slice(0, 255).join('') || 'evidence';
}

/**
 * `Content-Disposition` of a download (RFC 6266): an ASCII fallback name in a quoted string, and the exact
 * name in UTF-8 as `filename*` (RFC 8187), so neither quotes nor non-ASCII characters can break the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The `Content-Type` a download is sent with: text evidence was checked to be UTF-8 on upload. */
export const downloadContentType = (contentType: string): string =>
  SIGNATURES[contentType] === null ? `${contentType}; charset=utf-8` : contentType;
