/** JSON as the suite reads what others send: never throwing on text that is not JSON. */

/** The value of a JSON text; undefined when the text is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a value is a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON text of an object, with the named fields written as the given JSON texts: numbers spelled as
 * JSON.stringify never writes them (`1e2`, `1.0`, `-0`).
 */
export function objectText(object: Record<string, unknown>, texts: Readonly<Record<string, string>>): string {
  const keys = new Set([...Object.keys(object), ...Object.keys(texts)]);
  const members = [...keys].flatMap((key) => {
    const text = Object.hasOwn(texts, key) ? texts[key] : JSON.stringify(object[key]);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return `{${members.join(',')}}`;
}
