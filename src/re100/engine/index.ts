/** The pure RE100 engine: no framework, database or I/O imports (style.md §11). */
export * from './engine';
export * from './market-boundaries';
export * from './percent';
export * from './reason-codes';
export * from './ruleset';
export * from './types';
export { legalEntityKey } from './claim-rules';
