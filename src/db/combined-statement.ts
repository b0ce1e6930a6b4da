/** A piece of SQL with its own parameters ($1…), run alone or as one part of a combined statement. */
export interface SqlPart {
  text: string;
  params: unknown[];
}

/**
 * Data-modifying statements run as one, each a WITH part, so the writes of a unit of work take one
 * round trip instead of one each. Every part runs (PostgreSQL runs a data-modifying WITH part whether
 * or not it is read), on the same snapshot: a part must not need what another writes. The result is
 * each part's row count (what it RETURNING-returned), by name.
 */
export function combined(parts: Record<string, SqlPart>): SqlPart {
  const params: unknown[] = [];
  const withParts = Object.entries(parts).map(([name, part]) => `"${name}" AS (${numberedAfter(params, part)})`);
  const counts = Object.keys(parts).map((name) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`);
  return { text: `WITH ${withParts.join(",\n")}\nSELECT ${counts.join(", ")}`, params };
}

/**
 * `part`'s text with its parameters renumbered to follow `params`, to which they are appended: the
 * text can then be placed in a statement that already has those.
 */
export function numberedAfter(params: unknown[], part: SqlPart): string {
  const offset = params.length;
  params.push(...part.params);
  return part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
