/** How a status shows a rule: the readings' classes of answer (docs/readings.md §1 "Refusals", §5). */
import { statusMatches, type ExpectedStatus } from '../http/expect';

/** Refusals that may answer for another reason than the rule at hand (the token, the pool): they show no rule. */
const OTHER_REASONS: ReadonlySet<number> = new Set([401, 403, 404]);

/** Whether a refusal shows the rule holding: a status the rule accepts, and none that may mean another reason. */
export function refusalShows(demand: ExpectedStatus, status: number): boolean {
  return status >= 400 && status < 500 && statusMatches(demand, status) && !OTHER_REASONS.has(status);
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** A 429, a 503 or a busy 409 answered nothing (docs/readings.md §5): no rule is shown by it. */
export function answeredNothing(status: number, busy: boolean): boolean {
  return status === 429 || status === 503 || (status === 409 && busy);
}

/** Whether a create got the success the profile's test accepts (any 2xx; 201 under octavia). */
export function createSucceeded(status: number, profile: { v2CreateSuccess: ExpectedStatus }): boolean {
  return statusMatches(profile.v2CreateSuccess, status);
}
