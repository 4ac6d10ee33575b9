/** Minimal HTML helpers for the sandbox's own pages (sign-in, errors), which are served by the org, not the app. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Marks a string as already-safe HTML for `html` templates. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Tagged template that escapes every interpolated value unless it is SafeHtml (or an array of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (part instanceof SafeHtml ? part.value : escapeHtml(part ?? ''))).join('');
    out += strings[index + 1] ?? '';
  });
  return new SafeHtml(out);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d1f23;margin:0}
main{max-width:30rem;margin:3rem auto;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002;padding:2rem}
.tag{display:inline-block;background:#7a3e00;color:#fff;border-radius:4px;padding:.1rem .5rem;font-size:.8rem;font-weight:600}
h1{font-size:1.4rem;margin:.5rem 0 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #9aa0a6;border-radius:4px;font:inherit}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#1662dd;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{background:#fdecea;border:1px solid #d93025;color:#8c1d18;padding:.6rem .8rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #e3e5e8}
form.quick{margin:0}button.secondary{margin:0;width:auto;padding:.3rem .6rem;background:#fff;color:#1662dd;border:1px solid #1662dd;font-size:.85rem}
code{background:#eef0f3;padding:0 .25rem;border-radius:3px}.muted{color:#5f6368;font-size:.9rem}
:focus-visible{outline:3px solid #123d8a;outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/** A complete sandbox page. Its own CSP allows only the inline stylesheet above. */
export function sandboxPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Sandbox org</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main><span class="tag">Sandbox org — not a real Okta org</span>${body}</main></body></html>`.value;
}

export const SANDBOX_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
