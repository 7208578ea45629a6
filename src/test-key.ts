/**
 * The stable key of a conformance test, as tempest's idempotent_id: readable (`v2-weight-range-accepted`), unique,
 * declared with the test (requirementTest, src/fixtures/requirement.ts) and never derived from its title, so a
 * title may be reworded while the fault rows and the reports still name the same test.
 */

/** The annotation that carries a test's key into every report Playwright writes. */
export const KEY_ANNOTATION = 'key';

/** The form of a key: the API, then lowercase words joined by dashes. */
export const KEY_FORM = /^v[23](-[a-z0-9]+)+$/;

/** The key a test declares in its annotations, if any. */
export function keyOf(annotations: readonly { type: string; description?: string }[]): string | undefined {
  return annotations.find((a) => a.type === KEY_ANNOTATION)?.description;
}
