/**
 * Expected business outcomes are returned, not thrown: a refusal carries a stable
 * reason code that each adapter renders in the user's language.
 */
export type Ok<T> = { ok: true; value: T };
export type Refused<C extends string = string> = { ok: false; code: C; details?: Record<string, unknown> };
export type Result<T, C extends string = string> = Ok<T> | Refused<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const refuse = <C extends string>(code: C, details?: Record<string, unknown>): Refused<C> =>
  details ? { ok: false, code, details } : { ok: false, code };
