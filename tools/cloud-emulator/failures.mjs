// The cloud's failure answers. Codes are Tuya's global error codes; messages name the offending
// parameter path so that a failing test says what was wrong.
export class CloudFailure extends Error {
  constructor(code, msg) {
    super(msg);
    this.code = code;
    this.msg = msg;
  }
}

export const fail = {
  system: (detail) => new CloudFailure(500, `system error, please contact the admin: ${detail}`),
  notFound: (what) => new CloudFailure(1000, `data not exist: ${what}`),
  empty: (path) => new CloudFailure(1100, `param is empty: ${path}`),
  range: (path, detail) => new CloudFailure(1101, `params range invalid: ${path} ${detail}`),
  type: (path, expected) => new CloudFailure(1104, `type is incorrect: ${path} must be ${expected}`),
  denied: (detail) => new CloudFailure(1106, `permission deny: ${detail}`),
  uri: (action) => new CloudFailure(1108, `uri path invalid: ${action}`),
  illegal: (path, detail) => new CloudFailure(1109, `param is illegal, please check it: ${path} ${detail}`),
  command: (detail) => new CloudFailure(2008, `command or value not support: ${detail}`),
  device: (detail) => new CloudFailure(2009, `not support this device: ${detail}`),
};
