import { buildLogEvent } from '../../src/sandbox/log-event-factory.ts';
import type { LogEvent } from '../../src/sandbox/okta-types.ts';
import type { Harness } from './app-harness.ts';

/** Writes an event of the sandbox admin, shown as `displayName`, into the sandbox's System Log, as Okta would. */
export function appendAdminEvent(h: Harness, displayName: string, eventType = 'user.session.start'): LogEvent {
  const admin = h.sandbox.org.directory.accounts().find((account) => account.login === 'admin@sandbox.example');
  const event = buildLogEvent({
    eventType,
    displayMessage: 'User login to Okta',
    actor: {
      id: admin?.userId ?? '00u1',
      type: 'User',
      alternateId: 'admin@sandbox.example',
      displayName,
      detailEntry: null,
    },
    outcome: { result: 'SUCCESS' },
    request: { ipAddress: '203.0.113.9', userAgent: 'test' },
  });
  h.sandbox.org.systemLog.append(event);
  return event;
}
