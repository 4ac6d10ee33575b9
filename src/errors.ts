/** A link offered on an error page, e.g. "Sign in again". Only same-site paths are rendered as links. */
export interface ErrorAction {
  readonly label: string;
  /** A path on this app, starting with a single `/`. */
  readonly href: string;
}

/** Everything an error page shows. Every field must be safe to show to the signed-in user. */
export interface AppErrorOptions {
  /** HTTP status of the error page (4xx or 5xx). */
  status: number;
  /** Stable, machine-readable code, e.g. `OKTA_SCOPE_NOT_GRANTED`. Branch on this, never on text. */
  code: string;
  /** Short heading, e.g. "Scope not granted". */
  title: string;
  /** One or two sentences in plain words. */
  whatHappened: string;
  /** What the user (or their Okta admin) can do about it. */
  whatToDo: string;
  /** A reference support can look up, e.g. Okta's `errorId`. */
  supportReference?: string;
  /** Numbered steps that fix it, shown under "What you can do" (e.g. where to click in the Okta console). */
  steps?: readonly string[];
  /** A verbatim text worth showing as is, e.g. the `WWW-Authenticate` header Okta sent. Rendered escaped, in a block. */
  evidence?: { label: string; text: string };
  /** Extra facts safe to show, rendered as a definition list (e.g. `{ 'Missing scope': 'okta.logs.read' }`). */
  details?: Readonly<Record<string, string>>;
  /** A next step offered as a button. */
  action?: ErrorAction;
  /** Response headers the status calls for, e.g. `Allow` with a 405. */
  headers?: Readonly<Record<string, string>>;
  /** The underlying error, logged but never shown. */
  cause?: unknown;
}

/**
 * Base of the app's typed errors. A thrown AppError becomes an error page with its status and fields
 * (or JSON when the client prefers it). Subclass it with a fixed `code` per failure.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly whatHappened: string;
  readonly whatToDo: string;
  readonly supportReference: string | undefined;
  readonly details: Readonly<Record<string, string>> | undefined;
  readonly steps: readonly string[];
  readonly evidence: { label: string; text: string } | undefined;
  readonly action: ErrorAction | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: AppErrorOptions) {
    super(
      `${options.code}: ${options.whatHappened}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.status = options.status >= 400 && options.status <= 599 ? options.status : 500;
    this.code = options.code;
    this.title = options.title;
    this.whatHappened = options.whatHappened;
    this.whatToDo = options.whatToDo;
    this.supportReference = options.supportReference;
    this.details = options.details;
    this.steps = options.steps ?? [];
    this.evidence = options.evidence;
    this.action = options.action;
    this.headers = options.headers ?? {};
  }
}
