import { Request } from 'express';
import { AppError } from '../app-error';
import { readBody } from './decoded-body';
import { hasBody } from './json-body';

/** Most fields a form may send: more is not a form of ours. */
const MAX_FIELDS = 200;

/**
 * An HTML form (application/x-www-form-urlencoded) as string fields; a name sent twice keeps its values in
 * order as an array. Field names that every object inherits (`__proto__`, `constructor`, …) are refused,
 * and the fields land on an object without a prototype.
 */
export async function readFormBody(req: Request, limit: number): Promise<Record<string, string | string[]>> {
  const fields: Record<string, string | string[]> = Object.create(null);
  if (!hasBody(req)) return fields;
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams((await readBody(req, limit, 'form')).toString('utf8'));
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_FIELDS) throw new AppError('MALFORMED_BODY', `A form has at most ${MAX_FIELDS} fields`);
    if (name in Object.prototype || name === 'prototype') {
      throw new AppError('MALFORMED_BODY', `"${name.slice(0, 40)}" is not a field name`);
    }
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}
