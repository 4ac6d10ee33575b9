/** Why a SCIM filter could not be parsed; `message` is Okta's wording for the detail. */
export class ScimFilterSyntaxError extends Error {
  readonly code = 'SCIM_FILTER_SYNTAX';

  constructor(
    readonly filter: string,
    readonly detail: string,
    readonly position: number,
  ) {
    super(`Invalid filter '${filter}': ${detail}`);
    this.name = 'ScimFilterSyntaxError';
  }
}
