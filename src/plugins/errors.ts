import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorAction } from '../errors.ts';
import { prefersJson } from './prefers-json.ts';
import { unencapsulated } from './unencapsulated.ts';

/** What an error page (or JSON error body) shows. Built only from safe, known text. */
export interface ErrorView {
  status: number;
  code: string;
  title: string;
  whatHappened: string;
  whatToDo: string;
  supportReference: string | null;
  requestId: string;
  details: { label: string; value: string }[];
  steps: readonly string[];
  evidence: { label: string; text: string } | null;
  action: ErrorAction | null;
}

type Facts = Omit<ErrorView, 'requestId'>;

// Texts for framework errors with a 4xx status (body parsing, CSRF, rate limit, …): never the error's own message.
const CLIENT_ERRORS: Record<number, [title: string, whatHappened: string, whatToDo: string]> = {
  400: ['Bad request', 'The request could not be understood.', 'Go back and try again.'],
  401: ['Sign-in required', 'This page needs you to be signed in.', 'Sign in and try again.'],
  403: ['Not allowed', 'The request was refused.', 'Go back, reload the page and try again.'],
  405: [
    'Method not allowed',
    'This address does not accept that kind of request.',
    'Use the links and buttons of the app.',
  ],
  413: ['Request too large', 'The request was larger than this app accepts.', 'Send less data.'],
  415: [
    'Unsupported content type',
    'The request body was in a format this app does not read.',
    'Use the forms of the app.',
  ],
  429: ['Too many requests', 'Too many requests came from you in a short time.', 'Wait a minute, then try again.'],
};

/** Error pages for everything: AppError → its own page, validation → 400, unknown → generic 500, plus the 404 page. */
export const errorsPlugin = unencapsulated('app-errors', async (app) => {
  app.setErrorHandler(async (error: unknown, request, reply) => {
    const facts = describe(error);
    // A browser that went away (closed tab, stopped load) ends its Okta call: that is no failure of Okta or the app.
    if (request.raw.socket?.destroyed === true) {
      request.log.info({ errorCode: facts.code }, 'request ended: the client went away');
    } else if (facts.status >= 500) request.log.error({ err: error, errorCode: facts.code }, 'request failed');
    else request.log.info({ errorCode: facts.code, statusCode: facts.status }, 'request rejected');
    if (error instanceof AppError) reply.headers(error.headers);
    return sendError(request, reply, { ...facts, requestId: request.id });
  });

  app.setNotFoundHandler(async (request, reply) => {
    const fullPath = request.url.split('?')[0] ?? '/';
    const path = fullPath.length > 200 ? `${fullPath.slice(0, 200)}…` : fullPath;
    return sendError(request, reply, {
      status: 404,
      code: 'NOT_FOUND',
      title: 'Page not found',
      whatHappened: `There is no page at ${path}.`,
      whatToDo: 'Check the address, or start again from the home page.',
      supportReference: null,
      requestId: request.id,
      details: [],
      steps: [],
      evidence: null,
      action: { label: 'Go to the home page', href: '/' },
    });
  });
});

function describe(error: unknown): Facts {
  if (error instanceof AppError) {
    return {
      status: error.status,
      code: error.code,
      title: error.title,
      whatHappened: error.whatHappened,
      whatToDo: error.whatToDo,
      supportReference: error.supportReference ?? null,
      details: Object.entries(error.details ?? {}).map(([label, value]) => ({ label, value })),
      steps: error.steps,
      evidence: error.evidence ?? null,
      action: error.action && isLocalPath(error.action.href) ? error.action : null,
    };
  }
  const validation = validationProblem(error);
  if (validation) {
    return {
      ...base(400, 'INVALID_REQUEST', 'Invalid request'),
      whatHappened: `The ${validation.where} parameter "${validation.name}" is not valid: it ${validation.message}.`,
      whatToDo: `Correct "${validation.name}" and try again.`,
      details: [
        { label: 'Parameter', value: validation.name },
        { label: 'Location', value: validation.where },
      ],
    };
  }
  const status = statusOf(error);
  const texts = CLIENT_ERRORS[status];
  if (status >= 400 && status < 500) {
    const code = codeOf(error) ?? `HTTP_${status}`;
    const facts = base(status, code, texts?.[0] ?? 'Request not accepted');
    if (code.startsWith('FST_CSRF')) {
      facts.whatHappened = 'The form was sent without a valid security token; it may have expired.';
      facts.whatToDo = 'Go back, reload the page and send the form again.';
    } else if (texts) {
      facts.whatHappened = texts[1];
      facts.whatToDo = texts[2];
    }
    return facts;
  }
  return {
    ...base(500, 'INTERNAL_ERROR', 'Something went wrong'),
    whatHappened: 'The app hit an unexpected problem and could not finish your request.',
    whatToDo: 'Try again in a moment. If it keeps happening, give the request ID below to whoever runs this app.',
  };
}

function base(status: number, code: string, title: string): Facts {
  return {
    status,
    code,
    title,
    whatHappened: 'The request could not be completed.',
    whatToDo: 'Go back and try again.',
    supportReference: null,
    details: [],
    steps: [],
    evidence: null,
    action: null,
  };
}

async function sendError(request: FastifyRequest, reply: FastifyReply, view: ErrorView): Promise<FastifyReply> {
  if (prefersJson(request.headers.accept)) {
    const { status, ...body } = view;
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ statusCode: status, ...body });
  }
  try {
    return await reply.render('error', { title: view.title, error: view }, view.status);
  } catch (renderError) {
    request.log.error({ err: renderError }, 'error page could not be rendered');
    return reply
      .code(view.status)
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(`${view.title}\n\nRequest ID: ${view.requestId}\n`);
  }
}

function validationProblem(error: unknown): { where: string; name: string; message: string } | undefined {
  if (!isObject(error) || !Array.isArray(error.validation) || error.validation.length === 0) return undefined;
  const first: unknown = error.validation[0];
  const context = typeof error.validationContext === 'string' ? error.validationContext : 'request';
  const where = context === 'querystring' ? 'query' : context === 'params' ? 'path' : context;
  if (!isObject(first)) return { where, name: '(unknown)', message: 'is not valid' };
  const params = isObject(first.params) ? first.params : {};
  const fromPath =
    typeof first.instancePath === 'string' ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
  const name = fromPath || missing || '(unknown)';
  // Ajv's messages come from the schema ("must be <= 200"), never from the submitted value.
  const message =
    missing && !fromPath ? 'is required' : typeof first.message === 'string' ? first.message : 'is not valid';
  return { where, name, message };
}

function statusOf(error: unknown): number {
  const status = isObject(error) ? error.statusCode : undefined;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

function codeOf(error: unknown): string | undefined {
  const code = isObject(error) ? error.code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
}

function isLocalPath(href: string): boolean {
  return /^\/(?![/\\])/.test(href) && !/[\s\p{Cc}]/u.test(href);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
