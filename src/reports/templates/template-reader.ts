/** A template file that does not hold what the reports need: names the file, the field and the problem. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field || '(the file)'} ${problem}`);
    this.name = 'TemplateError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Reads one JSON object of a template file field by field, each read checking the field's type and
 * throwing a `TemplateError` with the field's path (`questions[3].columns[0].type`) when it is wrong.
 */
export class TemplateReader {
  private readonly value: Record<string, unknown>;

  constructor(
    readonly file: string,
    json: unknown,
    readonly path = '',
  ) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new TemplateError(file, path, `must be an object, not ${describe(json)}`);
    }
    this.value = json as Record<string, unknown>;
  }

  private at(key: string) {
    return this.path ? `${this.path}.${key}` : key;
  }

  private fail(key: string, problem: string): never {
    throw new TemplateError(this.file, this.at(key), problem);
  }

  string(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.trim() === '')
      this.fail(key, `must be a non-empty string, not ${describe(v)}`);
    return v;
  }

  nullableString(key: string): string | null {
    if (!(key in this.value)) this.fail(key, 'is missing (null says there is none)');
    return this.value[key] === null ? null : this.string(key);
  }

  integer(key: string, min: number, max: number): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(key, `must be an integer from ${min} to ${max}, not ${describe(v)}`);
    }
    return v;
  }

  boolean(key: string): boolean {
    const v = this.value[key];
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, not ${describe(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.value[key];
    if (!allowed.includes(v as T)) this.fail(key, `must be one of ${allowed.join(', ')}, not ${describe(v)}`);
    return v as T;
  }

  /** The object's own keys, in file order. */
  keys(): string[] {
    return Object.keys(this.value);
  }

  absent(key: string): void {
    if (key in this.value) this.fail(key, 'is not allowed here');
  }

  object(key: string): TemplateReader {
    return new TemplateReader(this.file, this.value[key], this.at(key));
  }

  array(key: string): TemplateReader[] {
    const v = this.value[key];
    if (!Array.isArray(v) || v.length === 0) this.fail(key, `must be a non-empty array, not ${describe(v)}`);
    return v.map((item, i) => new TemplateReader(this.file, item, `${this.at(key)}[${i}]`));
  }

  /** Refuses a key not in `allowed`: a misspelt field is an error, not a silent default. */
  onlyKeys(allowed: readonly string[]): void {
    const unknown = Object.keys(this.value).find((k) => !allowed.includes(k));
    if (unknown !== undefined) this.fail(unknown, `is not a known field (known: ${allowed.join(', ')})`);
  }

  /** Refuses a repeated value among the items of array `key`, identified by their field `field`. */
  unique(key: string, values: readonly string[], field: string): void {
    const i = values.findIndex((v, j) => values.indexOf(v) !== j);
    if (i >= 0) this.fail(`${key}[${i}].${field}`, `repeats ${JSON.stringify(values[i])}`);
  }
}
