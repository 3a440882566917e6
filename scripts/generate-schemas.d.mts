/** Types for scripts/generate-schemas.mjs, for the tests that import it. */
export declare const SCHEMA_BASE: string
export declare function render(srvs: readonly string[]): Record<string, string>
export declare function catalogueSrvs(): string[]
export declare const RULE_IDS: readonly string[]
