/**
 * How a create's raw body writes a member's number field (`1e2`, `80.0`, `100`), which JSON.parse forgets:
 * the text of the first `"<field>": <number>` in the body. Inside a JSON string a quote is escaped, so only a
 * key of the body's own objects matches, and a create's body holds these fields in its member only.
 */
export function numberText(raw: Buffer, field: string): string | undefined {
  return new RegExp(`"${field}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`).exec(raw.toString('utf8'))?.[1];
}

/** Whether the text writes an integer in digits alone: no fraction part, no exponent. */
export function inDigits(text: string): boolean {
  return /^-?[0-9]+$/.test(text);
}
