// Compiled (not run) by tests/js/cloud-types.test.mjs: the named lock methods as a TypeScript app
// uses them. Lines marked @ts-expect-error must stay errors.
import { createCloudClient, createFetchTransport } from '../../js/types/cloud-client';
import type { CloudApi } from '../../js/types/cloud-actions';
import type { Doorlock } from '../../js/index';

declare const dl: CloudApi;
declare const full: Doorlock;

export async function usage(): Promise<unknown[]> {
  const client = createCloudClient({ dl, transport: createFetchTransport({ url: 'https://app.example.com/doorlock' }), lockType: 'ble' });
  const controller = new AbortController();
  const period = { start_time: 1700000000000, end_time: 1700086400000 };

  let count = 0;
  for await (const page of client.listUnlockLogs.pages({ device_id: 'd', page_size: 20, ...period }, { signal: controller.signal })) {
    for (const log of page.logs) {
      const when: number | undefined = log.update_time;
      if (when !== undefined) count++;
    }
  }
  const rows: string[] = [];
  for await (const page of client.listOperationLogs.pages({ device_id: 'd', startTime: 0, endTime: 0, pageSize: 50 })) {
    for (const record of page.records) if (record.log_id) rows.push(record.log_id);
  }
  const first = await client.listUnlockLogs({ device_id: 'd', page_no: 1, page_size: 20, ...period });
  const total: number | undefined = first.total;
  for await (const users of client.listUsers.pages({ device_id: 'd', target_standard_dp_codes: ['unlock_password'], page_size: 10 })) {
    const names: Array<string | undefined> = users.map((user) => user.nick_name);
    rows.push(...names.filter((name): name is string => name !== undefined));
  }

  await client.allocateUnlockMethods({ device_id: 'd', user_id: 'u', unlock_list: [{ dp_code: 'unlock_card', unlock_sn: 3 }] });
  const link = await client.createSharingLink({
    device_id: 'd', app_schema: 's', sharer: 'u', permission_detail: { biz_type: 'unlock_ble', available_times: -1 },
  });
  const ticket: string = link.sharing_ticket;
  await client.enableDuressAlarm({ device_id: 'd', unlock_no: 4, unlock_type: 'fingerprint' });
  const unlocked: boolean = await client.unlockWithoutPassword({ device_id: 'd' }, { timeoutMs: 5000 });
  const t0 = await client.getActivationTime({ device_id: 'd' });
  const activeTime: number = t0.activeTime;
  const code = await client.getDynamicPassword({ device_id: 'd' }, { digitalBase: 9, hideZero: true });
  const shown: string = code.display;
  const typed: string = full.displayPassword({ password: '1234567890', digitalBase: 8 });
  await client.renameTemporaryPassword({ device_id: 'd', password_id: 1, name: 'Cleaner' });
  const sync = await client.getUnlockMethodSync({ device_id: 'd', target_standard_dp_codes: 'unlock_fingerprint' });
  const send: boolean = sync.distributed;

  // @ts-expect-error page_size is required
  client.listUnlockLogs.pages({ device_id: 'd', ...period });
  // @ts-expect-error unlock_type is one of the four methods
  await client.enableDuressAlarm({ device_id: 'd', unlock_no: 4, unlock_type: 'iris' });
  // @ts-expect-error the ticket is fetched by the method itself
  await client.unlockWithoutPassword({ device_id: 'd', ticket_id: 't' });
  // @ts-expect-error digitalBase is a number
  await client.getDynamicPassword({ device_id: 'd' }, { digitalBase: '8' });
  // @ts-expect-error a page of unlock logs has no `records`
  first.records;

  return [count, total, ticket, unlocked, activeTime, shown, typed, send];
}
