/**
 * "What the app asked Okta": the request a page made, from the `Link rel="self"` Okta sent back (so it shows what
 * went over the wire), as a path and a list of decoded parameters.
 */

/** A request for display. */
export interface OktaRequestView {
  method: 'GET';
  path: string;
  params: { name: string; value: string }[];
}

/** The request behind `self` (an absolute URL on the org), or null when Okta sent no self link. */
export function oktaRequestView(self: string | undefined): OktaRequestView | null {
  if (!self) return null;
  let url: URL;
  try {
    url = new URL(self);
  } catch {
    return null;
  }
  return {
    method: 'GET',
    path: url.pathname,
    // The cursor is Okta's business and stays on the server: it is not shown.
    params: [...url.searchParams].filter(([name]) => name !== 'after').map(([name, value]) => ({ name, value })),
  };
}
