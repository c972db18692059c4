/**
 * Limits password guesses per key (client address, e-mail, user) in a fixed window. An attempt is counted
 * when it starts, before the slow password hash, so parallel guesses cannot slip past the limit; a
 * successful attempt is then forgiven. Once a key reaches the limit, attempts are refused until its
 * window ends, even with the right password. Kept in memory: one instance's view.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts an attempt for every key, or returns the seconds to wait (> 0) without counting it. */
  begin(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const entry = this.attempts.get(key);
      if (entry && entry.resetAt > now && entry.count >= this.limit) {
        wait = Math.max(wait, Math.ceil((entry.resetAt - now) / 1000));
      }
    }
    if (wait > 0) return wait;
    if (this.attempts.size >= this.maxKeys) this.evictExpired(now);
    for (const key of keys) {
      const entry = this.attempts.get(key);
      if (!entry || entry.resetAt <= now) this.attempts.set(key, { count: 1, resetAt: now + this.windowMs });
      else entry.count += 1;
    }
    return 0;
  }

  /** Uncounts a successful attempt. */
  succeeded(keys: string[]): void {
    for (const key of keys) {
      const entry = this.attempts.get(key);
      if (entry && entry.count > 0) entry.count -= 1;
    }
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.attempts) if (entry.resetAt <= now) this.attempts.delete(key);
    // Still full of live entries: forget the oldest rather than grow without bound.
    while (this.attempts.size >= this.maxKeys)
      this.attempts.delete(this.attempts.keys().next().value as string);
  }
}
