import { IsInt, IsOptional, IsString, Length, Max } from 'class-validator';
import { AppError } from '../../common/app-error';
import { groupDigits } from './components';
import { bodyOf, fieldErrorsOf, validated } from './form';

class ExampleDto {
  @IsString()
  @Length(1, 10)
  name: string;

  @IsOptional()
  @IsInt()
  @Max(2050)
  year?: number;
}

describe('forms as the API sees them', () => {
  it('leaves empty fields out, makes numbers of whole numbers only, and keeps the rest as sent', () => {
    expect(bodyOf({ name: ' Plant ', year: '2030', note: '' }, { numbers: ['year'] })).toEqual({
      name: 'Plant',
      year: 2030,
    });
    // Not a whole number: left as text for the DTO to refuse, never rounded.
    expect(bodyOf({ year: '2030.5' }, { numbers: ['year'] })).toEqual({ year: '2030.5' });
    expect(bodyOf({ a: ['x', ''], on: 'on' }, { lists: ['a', 'b'], flags: ['on', 'off'] })).toEqual({
      a: ['x'],
      b: [],
      on: true,
      off: false,
    });
    expect(bodyOf({ end: '' }, { nullable: ['end'] })).toEqual({ end: null });
    // `timeZone[a]=x` read by a multipart parser into an object is refused as a malformed form, not a 500.
    expect(() => bodyOf({ timeZone: { a: 'x' } as unknown as string })).toThrow(
      'is not a field of this form',
    );
  });

  it("validates with the API's pipe: the same problems at the same fields, unknown fields refused", async () => {
    expect(await validated(ExampleDto, { name: 'ok', year: 2030 })).toEqual({
      value: Object.assign(new ExampleDto(), { name: 'ok', year: 2030 }),
      errors: null,
      refusal: null,
    });
    const refused = await validated(ExampleDto, { name: '', year: 2051, extra: 'x' });
    expect(refused.value).toBeNull();
    expect(Object.keys(refused.errors!).sort()).toEqual(['extra', 'name', 'year']);
    expect(refused.errors!.year).toBe('year must not be greater than 2050');
  });

  it('puts a refusal of the use case at its field, or at the form when it names none', () => {
    const nested = new AppError('VALIDATION_FAILED', 'bad', [
      { path: 'serialEnd', code: 'SERIAL_RANGE_OVERLAP', message: 'serialEnd must follow serialStart' },
      { path: 'serialEnd', code: 'isString', message: 'second problem of the same field' },
      { path: 'milestones.0.percent', code: 'max', message: 'percent must not exceed 100' },
    ]);
    expect(fieldErrorsOf(nested)).toEqual({
      serialEnd: 'serialEnd must follow serialStart',
      milestones: 'percent must not exceed 100',
    });
    const locked = new AppError('PERIOD_LOCKED', 'The year 2025 is finalized');
    expect(fieldErrorsOf(locked)).toEqual({ '': 'The year 2025 is finalized' });
    expect(fieldErrorsOf(locked, { fieldOf: { PERIOD_LOCKED: 'reportingYear' } })).toEqual({
      reportingYear: 'The year 2025 is finalized',
    });
    expect(fieldErrorsOf(nested, { keepPath: true })).toMatchObject({
      'milestones.0.percent': 'percent must not exceed 100',
    });
  });

  it('groups the digits of decimal strings exactly, leaving anything else as it is', () => {
    expect(groupDigits('1234567.125')).toBe('1,234,567.125');
    expect(groupDigits('-1000')).toBe('-1,000');
    expect(groupDigits('999')).toBe('999');
    expect(groupDigits('12345678901234567890.5')).toBe('12,345,678,901,234,567,890.5');
    expect(groupDigits('n/a')).toBe('n/a');
  });
});
