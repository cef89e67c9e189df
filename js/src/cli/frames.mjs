// How `doorlock decode` and `doorlock frame decode` show a decrypted Tuya BLE frame. The core
// reads it (dl.ble.describeFrame: the command, who sent it, request or answer, the message's
// fields and DP list); this file names the DPs with the core's lock-DP catalog, parses the lock's
// replies (dl.ble.lockDp.parseReply) and redacts what carries a secret unless asked.
import { hex } from './output.mjs';

// DPs whose bytes carry a check code (69, 70, 71, 73) or a PIN (1, 3, 51, 53, 60, 61, 73).
export const SECRET_DPS = new Set([1, 3, 51, 53, 60, 61, 69, 70, 71, 73]);
const SECRET_REPLY_FIELDS = ['checkCode', 'newCheckCode', 'password', 'srand'];
const REDACTED = '[redacted]';

export const cmdHex = (cmd) => `0x${cmd.toString(16).padStart(4, '0')}`;

// What a capture says of the sender: the app writes, the lock notifies. Otherwise the core
// decides from the command and ACK_SN.
const SENDERS = { write: 'app', notify: 'lock' };

// The lock-DP catalog as names by DP id, from the core.
export function dpCatalog(dl) {
  const names = new Map();
  for (const command of dl.ble.lockDp.facts().commands) names.set(command.dp, command.name);
  for (const message of dl.ble.lockDp.messages().messages) if (!names.has(message.dp)) names.set(message.dp, message.name);
  for (const dp of dl.ble.lockDp.facts().unlockRecordDps) if (!names.has(dp)) names.set(dp, 'unlockRecord');
  return names;
}

// dl.ble.describeFrame of a decoded frame; `direction` ('write' | 'notify' | null) from the capture.
export function describeFrame(dl, frame, { protocol, direction }) {
  const options = {};
  if (protocol !== null && protocol !== undefined) options.protocol = protocol;
  if (SENDERS[direction]) options.from = SENDERS[direction];
  return dl.ble.describeFrame(frame, options);
}

export const senderOfDirection = (direction) => SENDERS[direction] ?? null;

// Whether the frame's DATA holds a secret: the pair request's login key, a check code or a PIN.
export function carriesSecret(description) {
  return 'loginKey' in description || (description.dps ?? []).some((dp) => SECRET_DPS.has(dp.id));
}

// The fields of a description as the CLI prints them. `context`: { dl, names, showSecrets }.
export function present(description, context) {
  const { command, cmd, from, role, srand, dps, ...fields } = description;
  const out = { role };
  if (command === 'deviceInfo' && role === 'answer') {
    // Its srand with the local key gives the session key of the frames that follow.
    out.deviceInfo = { protocol: fields.protocol, bound: fields.bound, sessionKeyDerived: true };
  } else if ('loginKey' in fields) {
    out.pair = { uuid: fields.uuid, devId: fields.devId };
    out.secrets = 'loginKey';
  } else {
    Object.assign(out, fields);
  }
  if (dps) out.dps = namedDps(dps, from, context);
  return out;
}

// Each DP named and, when the lock sent it, its reply parsed.
function namedDps(list, from, { dl, names, showSecrets }) {
  return list.map((dp) => {
    const secret = SECRET_DPS.has(dp.id) && !showSecrets;
    const out = { id: dp.id, name: names.get(dp.id) ?? null, type: dp.type };
    if (secret) {
      out.value = REDACTED;
      out.redacted = true;
    } else {
      out.value = dp.value instanceof Uint8Array ? hex(dp.value) : dp.value;
    }
    if (from === 'lock' && dp.type === 'raw') {
      try {
        const reply = dl.ble.lockDp.parseReply(dp);
        if (secret) for (const field of SECRET_REPLY_FIELDS) if (field in reply) reply[field] = REDACTED;
        out.reply = reply;
      } catch (error) {
        // Not every raw DP has a reply layout (records, sync streams): the DP stays as it is.
        if (error?.field !== 'dp.id') out.replyError = { code: error.code, message: error.message };
      }
    }
    if (dp.value instanceof Uint8Array) dp.value.fill(0);
    return out;
  });
}
