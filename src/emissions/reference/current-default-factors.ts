import { DEFAULT_FACTOR_SET_2026, DEFAULT_FACTOR_SET_2026_UUID } from './default-factors-2026';

/**
 * The shipped reference set a reporting year uses when the organization chose none. A new default is a new
 * set in a new module and migration; only these two names move to it, so earlier sets stay what their
 * migrations inserted (`DEFAULT_FACTOR_SET_UUID` in default-factors.ts stays the 2025-12 set for good).
 */
export const CURRENT_DEFAULT_FACTOR_SET_UUID: string = DEFAULT_FACTOR_SET_2026_UUID;
export const CURRENT_DEFAULT_FACTOR_SET = DEFAULT_FACTOR_SET_2026;
