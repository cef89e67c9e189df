// People and their unlock methods: users, binding of unlock methods, duress (hijack) settings,
// and temporary-unlock sharing links.
import { randomBytes } from 'node:crypto';
import { codeList, integer, list, object, oneOf, optional, required, text } from '../checks.mjs';
import { fail } from '../failures.mjs';
import { dpId, findOpmode, findUser, page } from '../model.mjs';

const device = () => required(text());
const pageNo = () => required(integer(1, 100000));
const pageSize = () => required(integer(1, 100));
const SHARING_LIFETIME_SECONDS = 300;

function currentUser(lock, userId) {
  return userId === '0' ? lock.users[0] : findUser(lock, userId);
}

function opmodeRecord(lock, opmode) {
  const user = opmode.user_id ? findUser(lock, opmode.user_id) : null;
  return {
    dp_code: opmode.dp_code,
    unlock_attr: opmode.unlock_attr,
    unlock_name: opmode.unlock_name,
    user_name: user ? user.nick_name : '',
    user_id: opmode.user_id ?? '',
    unlock_sn: opmode.unlock_sn,
    uid: user ? user.uid : '',
    unlock_id: `${dpId(opmode.dp_code)}-${opmode.unlock_sn}`,
    lock_user_id: user ? user.lock_user_id : 0,
    user_type: user ? user.user_type : 0,
    photo_unlock: opmode.photo_unlock === 1,
  };
}

function hijackTarget(lock, params) {
  return findOpmode(lock, `unlock_${params.unlock_type}`, params.unlock_no, 'unlock_no');
}

const hijackFields = {
  device_id: device(),
  unlock_no: required(integer(0, 0xffff)),
  unlock_type: required(oneOf('fingerprint', 'password', 'card', 'face')),
};

function sharingByTicket(ctx, ticket) {
  for (const sharing of ctx.state.sharings.values()) if (sharing.ticket === ticket) return sharing;
  throw fail.notFound('sharing_ticket');
}

function openSharing(ctx, sharingId, ticket) {
  const sharing = ctx.state.sharings.get(sharingId);
  if (!sharing || sharing.ticket !== ticket) throw fail.notFound('sharing_id / sharing_ticket');
  if (sharing.state !== 'open') throw fail.illegal('sharing_id', `is ${sharing.state}`);
  return sharing;
}

const remaining = (ctx, sharing) => sharing.expiresAt - ctx.nowSeconds();

export const memberActions = {
  'doorLock.getUser': {
    params: { device_id: device(), user_id: required(text()) },
    handle(params, ctx) {
      const user = currentUser(ctx.device, params.user_id);
      return {
        user_id: user.user_id,
        lock_user_id: user.lock_user_id,
        nick_name: user.nick_name,
        avatar_url: user.avatar_url,
        user_type: user.user_type,
        user_contact: user.user_contact,
      };
    },
  },
  'doorLock.listUsers': {
    params: {
      device_id: device(),
      target_standard_dp_codes: required(codeList({ allowEmpty: true })),
      page_no: pageNo(),
      page_size: pageSize(),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      const codes = params.target_standard_dp_codes;
      return page(lock.users, params.page_no, params.page_size).map((user) => {
        const mine = lock.opmodes.filter((opmode) => opmode.user_id === user.user_id && codes.includes(opmode.dp_code));
        const byCode = [...new Set(mine.map((opmode) => opmode.dp_code))].map((code) => {
          const entries = mine.filter((opmode) => opmode.dp_code === code);
          return {
            dp_code: code,
            open: true,
            count: entries.length,
            unlock_list: entries.map((opmode) => ({
              dp_code: code,
              unlock_sn: opmode.unlock_sn,
              unlock_name: opmode.unlock_name,
              unlock_attr: opmode.unlock_attr,
              allocate_flag: 0,
            })),
          };
        });
        return {
          user_id: user.user_id,
          uid: user.uid,
          lock_user_id: user.lock_user_id,
          user_contact: user.user_contact,
          nick_name: user.nick_name,
          avatar_url: user.avatar_url,
          user_type: user.user_type,
          back_home_notify_attr: user.back_home_notify_attr,
          unlock_detail: byCode,
          effective_flag: 1,
          time_schedule_info: { permanent: true },
        };
      });
    },
  },
  'doorLock.listUserOpmodes': {
    params: {
      device_id: device(),
      user_id: required(text()),
      target_unlock_standard_dp_codes: required(codeList({ allowEmpty: true })),
      page_no: pageNo(),
      page_size: pageSize(),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      const user = currentUser(lock, params.user_id);
      const codes = params.target_unlock_standard_dp_codes;
      const mine = lock.opmodes.filter((opmode) => opmode.user_id === user.user_id && (codes.length === 0 || codes.includes(opmode.dp_code)));
      const records = page(mine, params.page_no, params.page_size).map((opmode) => opmodeRecord(lock, opmode));
      return {
        total: mine.length,
        records,
        has_more: params.page_no * params.page_size < mine.length,
        total_pages: Math.ceil(mine.length / params.page_size),
      };
    },
  },
  'doorLock.listUnallocatedOpmodes': {
    lockTypes: ['wifi', 'ble'],
    params: { device_id: device(), page_no: pageNo(), page_size: pageSize() },
    handle(params, ctx) {
      const lock = ctx.device;
      const free = lock.opmodes.filter((opmode) => !opmode.user_id);
      const codes = [...new Set(free.map((opmode) => opmode.dp_code))];
      return page(codes, params.page_no, params.page_size).map((code) => ({
        opmode: String(dpId(code)),
        standard_dp: code,
        unlock_info: free
          .filter((opmode) => opmode.dp_code === code)
          .map((opmode) => ({ dp_code: code, unlock_sn: opmode.unlock_sn, unlock_name: opmode.unlock_name })),
      }));
    },
  },
  'doorLock.allocateOpmode': {
    lockTypes: ['wifi', 'ble'],
    params: {
      device_id: device(),
      user_id: required(text()),
      unlock_list: required(list(object({ dp_code: required(text()), unlock_sn: required(integer(0, 0xffff)) }), { min: 1 })),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      const user = findUser(lock, params.user_id);
      const targets = params.unlock_list.map((entry, index) => {
        const opmode = findOpmode(lock, entry.dp_code, entry.unlock_sn, `unlock_list[${index}]`);
        if (opmode.user_id) throw fail.illegal(`unlock_list[${index}]`, 'is already bound to a user');
        return opmode;
      });
      for (const opmode of targets) opmode.user_id = user.user_id;
      return true;
    },
  },
  'doorLock.deallocateOpmode': {
    lockTypes: ['wifi', 'ble'],
    params: { device_id: device(), user_id: required(text()), dp_code: required(text()), unlock_sn: required(integer(0, 0xffff)) },
    handle(params, ctx) {
      const lock = ctx.device;
      findUser(lock, params.user_id);
      const opmode = findOpmode(lock, params.dp_code, params.unlock_sn, 'unlock_sn');
      if (opmode.user_id !== params.user_id) throw fail.illegal('user_id', 'is not the user this unlock method is bound to');
      opmode.user_id = null;
      return true;
    },
  },
  'doorLock.setHijack': {
    lockTypes: ['wifi', 'ble'],
    params: hijackFields,
    handle(params, ctx) {
      hijackTarget(ctx.device, params).unlock_attr = 1;
      return true;
    },
  },
  'doorLock.removeHijack': {
    lockTypes: ['wifi', 'ble'],
    params: hijackFields,
    handle(params, ctx) {
      hijackTarget(ctx.device, params).unlock_attr = 0;
      return true;
    },
  },
  'doorLock.createPermissionSharing': {
    lockTypes: ['wifi', 'ble'],
    params: {
      device_id: device(),
      app_schema: required(text()),
      sharer: required(text()),
      receiver: optional(text()),
      permission_detail: required(
        object({
          biz_type: required(oneOf('unlock_ble', 'unlock_fingerprint')),
          available_times: required(integer(-1, 1000000)),
          name: optional(text()),
          effective_time: optional(integer(0)),
          invalid_time: optional(integer(0)),
          schedule_start_time: optional(integer(0, 1440)),
          schedule_end_time: optional(integer(0, 1440)),
          working_day: optional(integer(0, 127)),
        }),
      ),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      const detail = params.permission_detail;
      if (!lock.users.some((user) => user.uid === params.sharer)) throw fail.denied('sharer is not a member of this home');
      if (detail.available_times === 0) throw fail.range('permission_detail.available_times', 'must be -1 or at least 1');
      if (detail.effective_time !== undefined && detail.invalid_time !== undefined && detail.effective_time >= detail.invalid_time) {
        throw fail.illegal('permission_detail.invalid_time', 'must be after effective_time');
      }
      if ((detail.schedule_start_time === undefined) !== (detail.schedule_end_time === undefined)) {
        throw fail.empty(detail.schedule_start_time === undefined ? 'permission_detail.schedule_start_time' : 'permission_detail.schedule_end_time');
      }
      if (detail.schedule_start_time !== undefined && detail.schedule_start_time >= detail.schedule_end_time) {
        throw fail.illegal('permission_detail.schedule_end_time', 'must be later in the day than schedule_start_time');
      }
      const sharingId = String(ctx.state.nextSharingId++);
      const ticket = randomBytes(16).toString('hex');
      ctx.state.sharings.set(sharingId, {
        id: sharingId,
        deviceId: lock.id,
        ticket,
        detail,
        sharer: params.sharer,
        receiver: params.receiver ?? null,
        expiresAt: ctx.nowSeconds() + SHARING_LIFETIME_SECONDS,
        state: 'open',
      });
      return { expire_time: SHARING_LIFETIME_SECONDS, sharing_id: sharingId, sharing_ticket: ticket };
    },
  },
  'doorLock.verifyPermissionSharing': {
    params: { sharing_ticket: required(text()) },
    handle(params, ctx) {
      const sharing = sharingByTicket(ctx, params.sharing_ticket);
      const left = sharing.state === 'open' ? remaining(ctx, sharing) : 0;
      return { expire_time: Math.max(left, 0), sharing_id: sharing.id, sharing_ticket: sharing.ticket };
    },
  },
  'doorLock.confirmPermissionSharing': {
    params: {
      sharing_id: required(text()),
      app_schema: required(text()),
      sharing_ticket: required(text()),
      receiver: required(text()),
    },
    handle(params, ctx) {
      const sharing = openSharing(ctx, params.sharing_id, params.sharing_ticket);
      if (remaining(ctx, sharing) <= 0) throw fail.illegal('sharing_ticket', 'has expired');
      if (sharing.receiver && sharing.receiver !== params.receiver) throw fail.denied('the link was shared with someone else');
      sharing.state = 'confirmed';
      sharing.receiver = params.receiver;
      const { detail } = sharing;
      const nowMs = ctx.nowMs();
      const toMs = (value) => (value < 1e12 ? value * 1000 : value);
      const started = detail.effective_time === undefined || toMs(detail.effective_time) <= nowMs;
      const ended = detail.invalid_time !== undefined && toMs(detail.invalid_time) <= nowMs;
      return {
        permission_id: ctx.state.nextPermissionId++,
        biz_type: detail.biz_type,
        available_times: detail.available_times,
        name: detail.name ?? '',
        effective_time: detail.effective_time ?? 0,
        invalid_time: detail.invalid_time ?? 0,
        schedule_start_time: detail.schedule_start_time ?? 0,
        schedule_end_time: detail.schedule_end_time ?? 1440,
        working_day: detail.working_day ?? 127,
        effective_flag: ended ? 0 : started ? 1 : 2,
        schedule_effective_flag: ended ? 0 : 1,
      };
    },
  },
  'doorLock.cancelPermissionSharing': {
    params: { sharing_id: required(text()), sharing_ticket: required(text()) },
    handle(params, ctx) {
      openSharing(ctx, params.sharing_id, params.sharing_ticket).state = 'cancelled';
      return true;
    },
  },
};
