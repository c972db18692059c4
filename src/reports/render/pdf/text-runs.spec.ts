import { Typesetter } from './text-runs';

describe('typesetting with font fallback', () => {
  const type = new Typesetter();
  const fonts = (text: string) => type.runs(text, 'regular').runs.map((r) => [r.face.name, r.text]);

  it('draws each character with the first font that has it, keeping neutral ones in their run', () => {
    expect(fonts('Straße 영암')).toEqual([['KR-regular', 'Straße 영암']]);
    // The Korean font has kana and most kanji; 働 and 込 (Japanese-made) only the Japanese one.
    expect(fonts('東京本社ビル（品川）')).toEqual([['KR-regular', '東京本社ビル（品川）']]);
    expect(fonts('働き方 (込み)')).toEqual([
      ['JP-regular', '働'],
      ['KR-regular', 'き方 ('],
      ['JP-regular', '込'],
      ['KR-regular', 'み)'],
    ]);
    // A neutral character stays in the run's font when that font has it.
    expect(fonts('込 · 1')).toEqual([['JP-regular', '込 · 1']]);
    // 发 is in neither the Korean nor the Japanese font.
    expect(fonts('上海研发中心')).toEqual([
      ['KR-regular', '上海研'],
      ['SC-regular', '发'],
      ['KR-regular', '中心'],
    ]);
  });

  it('measures a string as the sum of its runs', () => {
    const { width } = type.runs('東京本社ビル', 'regular');
    expect(type.width('東京本社ビル', 10)).toBeCloseTo(width * 10, 6);
    expect(type.width('ab', 10)).toBeCloseTo(type.width('a', 10) + type.width('b', 10), 6);
    expect(type.width('abc', 10, 'bold')).toBeGreaterThan(type.width('abc', 10));
  });

  it('wraps at spaces, slashes and between CJK characters, never wider than asked', () => {
    const text = 'Total electricity/heat/steam/cooling energy consumption (MWh)';
    const lines = type.wrap(text, 60, 8);
    expect(lines.join(' ').replace(/\/ /g, '/')).toBe(text);
    for (const line of lines) expect(type.width(line, 8)).toBeLessThanOrEqual(60);
    const cjk = type.wrap('北海道石狩洋上風力発電所', 30, 8);
    expect(cjk.length).toBeGreaterThan(1);
    expect(cjk.join('')).toBe('北海道石狩洋上風力発電所');
    expect(type.wrap('one\ntwo', 200, 8)).toEqual(['one', 'two']);
  });

  it('cuts a line that must stay one line with an ellipsis', () => {
    expect(type.ellipsize('RE100_TC_v4_1', 200, 8)).toBe('RE100_TC_v4_1');
    const cut = type.ellipsize('self-generation:88b7637d-f3e2-43da-8a94', 50, 8);
    expect(cut.endsWith('…')).toBe(true);
    expect(type.width(cut, 8)).toBeLessThanOrEqual(50);
    expect(type.wrap('a b c d e f g h i j k l', 10, 8, 'regular', 2)).toHaveLength(2);
  });
});
