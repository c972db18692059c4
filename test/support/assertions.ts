import request from 'supertest';

export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const errorPaths = (res: request.Response): string[] =>
  res.body.details.map((d: { path: string }) => d.path);
export const errorCodes = (res: request.Response): string[] =>
  res.body.details.map((d: { code: string }) => d.code);

/** The API's one error shape (design.md), with the given status and code, and a detail at `path` if given. */
export function expectError(res: request.Response, status: number, code: string, path?: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body).toEqual({
    statusCode: status,
    code,
    message: expect.any(String),
    details: expect.any(Array),
    requestId: res.headers['x-request-id'],
  });
  if (path !== undefined) expect(errorPaths(res)).toContain(path);
}
