// Compiled (not run) by tests/js/cloud-types.test.mjs: how a TypeScript user writes against the
// cloud client's declarations. Lines marked @ts-expect-error must stay errors.
import { createCloudClient, createFetchTransport, createWxCloudTransport, readOnlyActions, withRetry } from '../../js/types/cloud-client';
import type { DoorlockCloud } from '../../js/types/cloud-client';
import { DoorlockError } from '../../js/index';
import type { CloudApi } from '../../js/types/cloud-actions';

declare const dl: CloudApi & { cloud: DoorlockCloud };

export async function usage(): Promise<unknown[]> {
  const transport = withRetry(createFetchTransport({ url: 'https://cloud.example.com/' }), { readOnly: readOnlyActions(dl) });
  const client = createCloudClient({ dl, transport, lockType: 'ble', accessKey: 'secret', retry: { attempts: 2 } });
  const created = await client.createTemporaryPassword({
    device_id: 'd', name: 'Guest', password: '123456',
    schedule: { effectiveTime: 1700000000, invalidTime: 1700086400, timeZone: 'Asia/Shanghai', windows: [{ start: '07:30', end: '18:00', days: ['mon'] }] },
  });
  const opened = await client.openDoor({ device_id: 'd', password: '123456' }, { lockType: 'zigbee', timeoutMs: 5000 });
  const now: number = await client.call('timer.currentTime', {});
  await client.call('doorLock.modifyTemporaryPassword', { device_id: 'd', password_id: 1, name: 'x' }, { form: 'rename', lockType: 'ble' });
  const wechat = dl.cloud.createClient({ transport: createWxCloudTransport({ name: 'ty-service' }) });

  // @ts-expect-error the PIN is required
  await client.openDoor({ device_id: 'd' });
  // @ts-expect-error not a lock type
  createCloudClient({ dl, transport, lockType: 'bluetooth' });
  // @ts-expect-error a transport needs send()
  createCloudClient({ dl, transport: {} });
  // @ts-expect-error unknown action
  await client.call('doorLock.unlockEverything', {});

  let unlocked: boolean | 'unknown' = false;
  try {
    unlocked = await client.call('doorLock.passwordFreeOpen', { device_id: 'd', ticket_id: 't' });
  } catch (error) {
    if (!(error instanceof DoorlockError)) throw error;
    const unknown: true | undefined = error.outcomeUnknown;
    if (unknown) unlocked = 'unknown';
  }

  return [created.id, opened, now, wechat.lockType, unlocked];
}
