// What happened at the door: alarm, unlock and operation records, the latest entry, media.
import { bool, codeList, idList, integer, millisOrZero, oneOf, optional, required, text } from '../checks.mjs';
import { fail } from '../failures.mjs';
import { dpId, page, unlockName, userName } from '../model.mjs';

const device = () => required(text());
const pageNo = () => required(integer(1, 100000));
const pageSize = () => required(integer(1, 100));
const bound = () => required(integer(0));

const CATEGORIES = { unlock: 'unlock_record', alarm: 'alarm_record', operation: 'operation_record' };

// Bounds given in seconds or milliseconds (the reference does not say which for some actions).
function toMillis(value) {
  return value < 1e12 ? value * 1000 : value;
}

function inRange(record, start, end) {
  return (start === 0 || record.time >= toMillis(start)) && (end === 0 || record.time <= toMillis(end));
}

function checkOrder(start, end, startPath) {
  if (start !== 0 && end !== 0 && toMillis(start) > toMillis(end)) throw fail.illegal(startPath, 'is after the end time');
}

const newestFirst = (records) => [...records].sort((a, b) => b.time - a.time);

function media(lock, record) {
  if (!record.media) return [];
  return [
    {
      file_url: `https://emulator.invalid/media/${lock.id}/${record.id}.jpg`,
      file_key: `key${record.id}`,
      file_path: `/${lock.id}/${record.id}.jpg`,
      bucket: 'emulator-bucket',
    },
  ];
}

export const recordActions = {
  'doorLock.alarmLogs': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: { device_id: device(), page_no: pageNo(), page_size: pageSize(), codes: required(codeList()) },
    handle(params, ctx) {
      const lock = ctx.device;
      const matching = newestFirst(lock.records).filter((record) => record.kind === 'alarm' && params.codes.includes(record.dp_code));
      return {
        total: matching.length,
        records: page(matching, params.page_no, params.page_size).map((record) => ({
          status: { code: record.dp_code, value: record.value },
          update_time: Math.floor(record.time / 1000),
          nick_name: userName(lock, record.user_id),
        })),
      };
    },
  },
  'doorLock.listRecords': {
    lockTypes: ['wifi', 'ble'],
    params: {
      device_id: device(),
      target_standard_dp_codes: required(codeList()),
      start_time: bound(),
      end_time: bound(),
      page_no: pageNo(),
      page_size: pageSize(),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      checkOrder(params.start_time, params.end_time, 'start_time');
      const matching = newestFirst(lock.records).filter(
        (record) =>
          record.kind !== 'operation' && params.target_standard_dp_codes.includes(record.dp_code) && inRange(record, params.start_time, params.end_time),
      );
      return {
        unreadCount: 0,
        total: matching.length,
        records: page(matching, params.page_no, params.page_size).map((record) => ({
          record_id: `emu${lock.id}${record.id}`,
          user_id: record.user_id ?? '0',
          user_name: userName(lock, record.user_id),
          unlock_name: unlockName(lock, record),
          avatar: '',
          gmt_create: record.time,
          dps: [{ [record.dp_code]: String(record.value) }],
          status: 1,
          record_type: record.kind === 'alarm' ? 'alarm' : 'normal',
          media_info_list: media(lock, record),
          member_bindable_flag: record.user_id ? 0 : 1,
          union_unlock_info: [],
        })),
      };
    },
  },
  'doorLock.operateRecords': {
    lockTypes: ['wifi', 'ble'],
    params: {
      device_id: device(),
      startTime: bound(),
      endTime: bound(),
      userIds: optional(idList()),
      // Typed Integer in the table, sampled as "unlock_record": categories by name, comma-separated.
      logCategories: optional(codeList()),
      lastRowKey: optional(text()),
      pageSize: pageSize(),
      onlyShowMediaRecord: optional(bool()),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      checkOrder(params.startTime, params.endTime, 'startTime');
      const known = Object.values(CATEGORIES);
      for (const category of params.logCategories ?? []) {
        if (!known.includes(category)) throw fail.range('logCategories', `must name categories among ${known.join(', ')}`);
      }
      let matching = newestFirst(lock.records).filter(
        (record) =>
          inRange(record, params.startTime, params.endTime) &&
          (!params.logCategories || params.logCategories.includes(CATEGORIES[record.kind])) &&
          (!params.userIds || params.userIds.includes(record.user_id)) &&
          (!params.onlyShowMediaRecord || record.media),
      );
      if (params.lastRowKey !== undefined && params.lastRowKey !== '') {
        const index = matching.findIndex((record) => String(record.id) === params.lastRowKey);
        if (index < 0) throw fail.illegal('lastRowKey', 'is not a row of this query');
        matching = matching.slice(index + 1);
      }
      const rows = matching.slice(0, params.pageSize);
      return {
        hasMore: matching.length > rows.length,
        lastRowKey: rows.length ? String(rows[rows.length - 1].id) : '',
        records: rows.map((record) => ({
          log_id: String(record.id),
          log_type: record.kind === 'operation' ? String(record.value) : record.dp_code,
          media_info_list: media(lock, record),
          unlock_name: unlockName(lock, record),
          user_id: record.user_id ?? '0',
          log_category: CATEGORIES[record.kind],
          user_name: userName(lock, record.user_id),
          member_bindable_flag: !record.user_id && record.kind === 'unlock',
          dp_id: dpId(record.dp_code),
          time: record.time,
          record_type: record.kind === 'alarm' ? 2 : 1,
          current_user: record.user_id === '1001',
        })),
      };
    },
  },
  'doorLock.loglatest': {
    lockTypes: ['wifi', 'ble'],
    params: { device_id: device() },
    handle(params, ctx) {
      const lock = ctx.device;
      const [latest] = newestFirst(lock.records);
      if (!latest) return { exist: false };
      return {
        exist: true,
        logId: latest.id,
        devId: lock.id,
        logCategory: latest.kind === 'operation' ? 'operate_log' : CATEGORIES[latest.kind],
        logType: latest.kind === 'operation' ? String(latest.value) : latest.dp_code,
        recordType: latest.kind === 'alarm' ? 2 : 1,
        currentUser: latest.user_id === '1001',
        userId: latest.user_id ?? '0',
        userName: userName(lock, latest.user_id),
        unlockName: unlockName(lock, latest),
        time: latest.time,
        unReadCount: 0,
      };
    },
  },
  'doorLock.openingLogs': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: {
      device_id: device(),
      page_no: pageNo(),
      page_size: pageSize(),
      start_time: required(millisOrZero()),
      end_time: required(millisOrZero()),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      checkOrder(params.start_time, params.end_time, 'start_time');
      // This action spells the fingerprint DP "unlock_finger".
      const code = (dp) => (dp === 'unlock_fingerprint' ? 'unlock_finger' : dp);
      const matching = newestFirst(lock.records).filter((record) => record.kind === 'unlock' && inRange(record, params.start_time, params.end_time));
      return {
        total: matching.length,
        logs: page(matching, params.page_no, params.page_size).map((record) => ({
          status: { code: code(record.dp_code), value: String(record.value) },
          update_time: Math.floor(record.time / 1000),
          nick_name: userName(lock, record.user_id),
          user_id: record.user_id ?? '0',
          unlock_name: unlockName(lock, record),
          avatar: '',
        })),
      };
    },
  },
  'doorLock.getMediaUrl': {
    lockTypes: ['wifi'],
    params: { device_id: device(), file_type: required(oneOf('1', '2', 1, 2)) },
    handle(params, ctx) {
      const lock = ctx.device;
      const kind = String(params.file_type) === '1' ? 'unlock' : 'alarm';
      const latest = newestFirst(lock.records).find((record) => record.kind === kind && record.media);
      if (!latest) throw fail.notFound(`no ${kind === 'unlock' ? 'remote unlocking' : 'alert'} picture`);
      const [file] = media(lock, latest);
      return { bucket: file.bucket, file_key: file.file_key, file_path: file.file_path, file_url: file.file_url };
    },
  },
  'doorLock.getAvailableInstructions': {
    lockTypes: ['wifi', 'ble'],
    params: { device_id: device() },
    handle(params, ctx) {
      return Object.entries(ctx.device.dps).map(([code, id]) => ({ dp_code: code, dp_id: id }));
    },
  },
};
