import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('counts nesting of arrays and objects', () => {
    expect(jsonDepthExceeds(Buffer.from(deep(32)), 32)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(deep(33)), 32)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":[1]}}}'), 3)).toBe(true);
  });

  it('ignores brackets inside strings, including escaped quotes', () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ name: '[[[[{{{{' })), 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ name: 'a"[[[[\\"[[' })), 1)).toBe(false);
  });
});
