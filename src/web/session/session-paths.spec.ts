import { safeNext } from './session.controller';

describe('where a sign-in returns to', () => {
  it.each([
    ['/app', '/app'],
    ['/app/reports?year=2025', '/app/reports?year=2025'],
    ['/app#top', '/app#top'],
    ['/app/sites/./x', '/app/sites/x'],
    ['/app/한국', '/app/%ED%95%9C%EA%B5%AD'],
  ])('returns to a page of the service: %s', (next, expected) => expect(safeNext(next)).toBe(expected));

  it.each([
    '//evil.example/app',
    'https://evil.example/app',
    '/\\evil.example',
    '/app\\..\\x',
    '/appx',
    '/api/v1/sites',
    'app',
    '',
    undefined,
    ['/app'],
    `/app/${'x'.repeat(2001)}`,
    '/app/..//evil.example',
    '/app/%2e%2e//evil.example',
    '/app/../api/docs',
    '/app\r\nSet-Cookie: x=1',
  ])('never leaves it: %j → /app', (next) => expect(safeNext(next)).toBe('/app'));
});
