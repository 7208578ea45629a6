/**
 * Whether a token is let in, given whether it is the right one, for an API whose faults may let in a request
 * without a token (`missingAccepted`) or with any non-empty one (`anyToken`).
 */
export const tokenAuthorized =
  (missingAccepted: boolean, anyToken: boolean) =>
  (accepted: boolean, token: string | undefined): boolean =>
    token === undefined ? accepted || missingAccepted : anyToken ? token !== '' : accepted;
