// The cloud-side commands of the doorlock CLI: actions, build-request, validate, parse-response,
// encrypt-password, decrypt-ticket. Each reads its input from flags and/or a JSON object
// (`--json '{...}'`, `--json -` for standard input, `--json @file`) and calls the core.
import { inputObject, jsonArg, oneOf } from './args.mjs';
import { UsageError } from './output.mjs';

const LOCK_TYPES = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];
const FORMS = ['modify', 'rename'];

// The action, params and options of a request, from `<action> --params ... --lock-type ...` or
// from `--json { action, params, lockType, form }`.
function requestInput(positionals, flags) {
  const input = inputObject(flags);
  const action = positionals[0] ?? input.action;
  if (typeof action !== 'string') throw new UsageError('give the action name, e.g. doorLock.createTemporaryPassword', 'action');
  const params = flags.params !== undefined ? jsonArg(flags.params, 'params') : (input.params ?? {});
  const options = {};
  const lockType = oneOf(flags.lockType ?? input.lockType, 'lock-type', LOCK_TYPES);
  if (lockType) options.lockType = lockType;
  const form = oneOf(flags.form ?? input.form, 'form', FORMS);
  if (form) options.form = form;
  return { action, params, options };
}

const requestHelp = (name, what) => `doorlock ${name} <action> --params JSON [--lock-type T] [--form modify|rename]
doorlock ${name} --json '{ "action": ..., "params": {...}, "lockType": ... }'

${what}
  --params JSON     the action's parameters: inline JSON, - (standard input) or @file
  --lock-type T     ${LOCK_TYPES.join(' | ')}: checks the action and each parameter apply
  --form F          doorLock.modifyTemporaryPassword only: modify (with a password) or rename`;

export const buildRequest = {
  name: 'build-request',
  summary: 'the { action, params } the cloud takes, checked against the catalog',
  help: requestHelp('build-request', 'Prints the request as dl.buildRequest builds it.'),
  run(dl, { positionals, flags }) {
    const { action, params, options } = requestInput(positionals, flags);
    return { output: dl.buildRequest(action, params, options) };
  },
};

export const validate = {
  name: 'validate',
  summary: 'checks a request without printing it: { valid: true } or the error (exit 1)',
  help: requestHelp('validate', 'Checks the request as dl.buildRequest does; a bad parameter exits 1 with its code and field.'),
  run(dl, { positionals, flags }) {
    const { action, params, options } = requestInput(positionals, flags);
    dl.buildRequest(action, params, options);
    return { output: { valid: true, action, ...options } };
  },
};

export const parseResponse = {
  name: 'parse-response',
  summary: "the cloud's answer, checked and typed; CLOUD_ERROR explains the cloud code",
  help: `doorlock parse-response <action> --body JSON
doorlock parse-response --json '{ "action": ..., "body": {...} }'

Prints dl.parseResponse(action, body). When the cloud said success: false, exits 1 with
{ code: "CLOUD_ERROR", cloudCode, message, explanation }.
  --body JSON       the cloud's whole answer: inline JSON, - (standard input) or @file`,
  run(dl, { positionals, flags }) {
    const input = inputObject(flags);
    const action = positionals[0] ?? input.action;
    if (typeof action !== 'string') throw new UsageError('give the action name', 'action');
    const body = flags.body !== undefined ? jsonArg(flags.body, 'body') : input.body;
    if (body === undefined) throw new UsageError('give the cloud answer with --body', 'body');
    try {
      return { output: dl.parseResponse(action, body) };
    } catch (error) {
      if (error?.code === 'CLOUD_ERROR' && error.cloudCode !== undefined) {
        const meaning = dl.cloudCodeMeaning(error.cloudCode);
        if (meaning !== null) error.explanation = { meaning, source: 'Tuya global error codes' };
      }
      throw error;
    }
  },
};

export const actions = {
  name: 'actions',
  summary: 'the cloud action catalog: all actions, or one (with --params: the request it builds)',
  help: `doorlock actions [--lock-type T]
doorlock actions <action> [--params JSON] [--lock-type T] [--form F]

Without an action: one line per action (name, form, summary, lock types, readOnly).
With one: its full descriptor (params and result); with --params also the request it builds.`,
  run(dl, { positionals, flags }) {
    const lockType = oneOf(flags.lockType, 'lock-type', LOCK_TYPES);
    const all = dl.actions();
    const name = positionals[0];
    if (name === undefined) {
      const list = all
        .filter((entry) => !lockType || entry.lockTypes.includes(lockType))
        .map(({ name: action, form, summary, lockTypes, readOnly, passwordRequest }) => ({
          name: action,
          ...(form ? { form } : {}),
          summary,
          lockTypes,
          readOnly,
          ...(passwordRequest ? { passwordRequest } : {}),
        }));
      return { output: list };
    }
    const matches = all.filter((entry) => entry.name === name && (!flags.form || entry.form === flags.form));
    if (matches.length === 0) {
      const error = new UsageError(`${name}: not an action of the catalog (doorlock actions lists them)`, 'action');
      throw error;
    }
    const output = { action: matches.length === 1 ? matches[0] : matches };
    if (flags.params !== undefined) {
      const { params, options } = requestInput([name], flags);
      output.request = dl.buildRequest(name, params, options);
    }
    return { output };
  },
};

// Secrets: the access key and ticket key are best given through --json - (standard input) or the
// environment, so that they do not show in the process list or the shell history.
function secretInput(flags) {
  const input = inputObject(flags);
  const pick = (flag, key, env) => flags[flag] ?? input[key] ?? (env ? process.env[env] : undefined);
  return {
    password: pick('password', 'password'),
    ticketKey: pick('ticketKey', 'ticketKey'),
    accessKey: pick('accessKey', 'accessKey', 'DOORLOCK_ACCESS_KEY'),
    key: pick('key', 'key'),
    lockType: oneOf(flags.lockType ?? input.lockType, 'lock-type', LOCK_TYPES),
  };
}

export const encryptPassword = {
  name: 'encrypt-password',
  summary: 'a PIN encrypted as the cloud takes it (ticket key + access key, or the decrypted key)',
  help: `doorlock encrypt-password --password PIN (--ticket-key T --access-key A | --key HEX) [--lock-type T]
doorlock encrypt-password --json -      # { "password", "ticketKey", "accessKey" | "key", "lockType" } on stdin

Prints { password: "<upper-case hex>" } from dl.encryptPassword. The access key may also come from
DOORLOCK_ACCESS_KEY. Prefer standard input or the environment for keys: flags show in the process list.`,
  run(dl, { flags }) {
    const { password, ticketKey, accessKey, key, lockType } = secretInput(flags);
    const args = { password };
    if (key !== undefined) args.key = key;
    else Object.assign(args, { ticketKey, accessKey });
    if (lockType) args.lockType = lockType;
    return { output: { password: dl.encryptPassword(args) } };
  },
};

export const decryptTicket = {
  name: 'decrypt-ticket',
  summary: 'the 16-byte key inside a ticket_key (prints a secret: warns on stderr)',
  help: `doorlock decrypt-ticket --ticket-key T --access-key A
doorlock decrypt-ticket --json -        # { "ticketKey", "accessKey" } on stdin

Prints { key: "<32 hex digits>" }: the decrypted ticket key, a secret that encrypts PINs for the
ticket's lifetime. It is printed only because you asked; a warning goes to stderr.`,
  run(dl, { flags }) {
    const { ticketKey, accessKey } = secretInput(flags);
    const key = dl.decryptTicketKey({ ticketKey, accessKey });
    return {
      output: { key },
      warning: 'decrypt-ticket printed a secret key: keep it out of logs and shell history',
      wipe: [key],
    };
  },
};
