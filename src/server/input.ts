import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import { INT4_MAX } from "../kernel/numbers.js";
import { hasForbiddenCharacters } from "../kernel/text.js";

/**
 * The pieces every route's schema is built from, checked by Fastify itself before a handler runs
 * (`fastify-type-provider-zod`): whatever reaches a handler has the types, bounds and characters
 * its schema says, and anything else is a 400 that names the field.
 */

export { INT4_MAX } from "../kernel/numbers.js";

/** Refused inside any text: NUL and lone surrogates (the database cannot keep them). */
const FORBIDDEN_CHARACTERS = "forbidden_characters";
/** A text over its limit: answered as "too long", whatever else is wrong with the request. */
export const TOO_LONG = "too_long";

/** Text a person typed: at most `max` characters, no NUL or lone surrogate, in NFC. */
export function text(max: number) {
  return z
    .string()
    .max(max, { error: TOO_LONG })
    .refine((value) => !hasForbiddenCharacters(value), { error: FORBIDDEN_CHARACTERS })
    .transform((value) => value.normalize("NFC"));
}

/**
 * A secret or a password: bounded, no NUL or lone surrogate, but kept exactly as typed (normalising
 * would change what an earlier hash or signature was made from).
 */
export function secret(max: number) {
  return z
    .string()
    .max(max, { error: TOO_LONG })
    .refine((value) => !hasForbiddenCharacters(value), { error: FORBIDDEN_CHARACTERS });
}

/** An opaque id of ours (a uuid, a visitor id, a signed ticket id): letters, digits, `-`, `_`, `.`. */
export function id(max = 100) {
  return z.string().regex(new RegExp(`^[A-Za-z0-9_.-]{1,${max}}$`), { error: "not_an_id" });
}

/**
 * A number in a query string or a form: digits only, at most INT4_MAX (or `max`). A repeated
 * parameter arrives as an array, which is not a string: refused like any other wrong type.
 */
export function count(max = INT4_MAX) {
  return z
    .string()
    .regex(/^\d{1,10}$/, { error: "not_a_number" })
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));
}

/** The request's language, when it names one of ours; anything else is left for the default. */
export const lang = z.string().max(10).optional();

/** Validation by the zod schemas of each route, for every route of the server (plugins inherit both). */
export function useSchemaValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}

export interface ValidationAnswer {
  ok: false;
  /** `too_long` when a text is over its limit; `invalid_request` for the rest. */
  error: typeof TOO_LONG | "invalid_request";
  /** Which fields, and what is wrong with them: `body.text: too_long`. */
  problems: string[];
}

/** The answer to a request its route's schema refused, or null when the error is something else. */
export function validationAnswer(error: FastifyError): ValidationAnswer | null {
  if (!error.validation) return null;
  const issues = error.validation.map((issue) => ({
    path: issue.instancePath.split("/").filter((part) => part !== ""),
    message: hasZodFastifySchemaValidationErrors(error) ? issue.message : (issue.message ?? "invalid"),
  }));
  const tooLong = issues.some((issue) => issue.message === TOO_LONG);
  return { ok: false, error: tooLong ? TOO_LONG : "invalid_request", problems: problemsOf(issues, error.validationContext ?? "request") };
}

/** At most five problems as `where.field: what`, for an answer or a log line (never the values: they may be secrets). */
export function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string | undefined }[], where: string): string[] {
  return issues.slice(0, 5).map((issue) => `${[where, ...issue.path.map(String)].join(".")}: ${issue.message ?? "invalid"}`);
}
