// Device-level actions of the wider Tuya API that lock panels use: status, commands, the pairing
// auth key, device records (T0 = active_time) and the server clock.
import { randomBytes } from 'node:crypto';
import { idList, integer, list, object, required, text } from '../checks.mjs';
import { fail } from '../failures.mjs';

const device = () => required(text());
const anyValue = () => (value) => value;
anyValue.blankIsAbsent = false;

function record(lock, homeId) {
  return {
    id: lock.id,
    uid: lock.users[0].uid,
    local_key: lock.local_key,
    category: lock.category,
    product_id: lock.product_id,
    product_name: lock.name,
    sub: lock.sub,
    uuid: lock.uuid,
    owner_id: String(homeId),
    online: lock.online,
    name: lock.name,
    ip: lock.ip,
    time_zone: lock.time_zone,
    create_time: lock.create_time,
    update_time: lock.update_time,
    active_time: lock.active_time,
    status: lock.status.map((entry) => ({ ...entry })),
  };
}

export const deviceActions = {
  'device.status': {
    params: { device_id: device() },
    handle(params, ctx) {
      return ctx.device.status.map((entry) => ({ ...entry }));
    },
  },
  'device.control': {
    params: {
      device_id: device(),
      commands: required(list(object({ code: required(text()), value: required(anyValue()) }), { min: 1, max: 20 })),
    },
    handle(params, ctx) {
      const lock = ctx.device;
      const targets = params.commands.map((command, index) => {
        const entry = lock.status.find((candidate) => candidate.code === command.code);
        if (!entry) throw fail.command(`commands[${index}].code ${command.code}`);
        if (typeof entry.value !== typeof command.value) throw fail.command(`commands[${index}].value must be a ${typeof entry.value}`);
        return [entry, command.value];
      });
      for (const [entry, value] of targets) entry.value = value;
      lock.update_time = ctx.nowSeconds();
      return true;
    },
  },
  'device.pairingAuthKey': {
    params: { home_id: required(integer(1)), uuid: required(text()), uid: required(text()) },
    handle(params, ctx) {
      if (params.home_id !== ctx.state.homeId) throw fail.denied('home_id is not this home');
      const lock = Object.values(ctx.state.devices).find((candidate) => candidate.uuid === params.uuid);
      if (!lock) throw fail.notFound(`uuid ${params.uuid}`);
      if (!lock.users.some((user) => user.uid === params.uid)) throw fail.denied('uid is not a member of this home');
      return { encrypted_auth_key: randomBytes(16).toString('hex'), random: randomBytes(8).toString('hex') };
    },
  },
  'device.getListByIds': {
    params: { device_ids: required(idList()) },
    handle(params, ctx) {
      return params.device_ids.map((id, index) => {
        const lock = ctx.state.devices[id];
        if (!lock) throw fail.denied(`device_ids[${index}] ${id} is not in this home`);
        return record(lock, ctx.state.homeId);
      });
    },
  },
  'timer.currentTime': {
    params: {},
    handle(params, ctx) {
      return ctx.nowMs();
    },
  },
};
