// Adds the stateful BLE objects (dl.ble.session, dl.ble.reassembler) to `dl`. `raw(name)` returns
// the core function registered as dl$$ble$<name>, already rethrowing core errors; `module`, the raw
// module, gives the reassembler its fast push (fast-bytes.mjs) when it has one.
import { fastReassemblerCreate, fastReassemblerPush } from './fast-bytes.mjs';
import { createReassemblerFactory } from './reassembler.mjs';
import { createSessionFactory } from './session.mjs';

const CORE_FUNCTIONS = [
  'reassemblerCreate',
  'reassemblerPush',
  'sessionCreate',
  'sessionStatus',
  'sessionStart',
  'sessionReceive',
  'sessionWriteDps',
  'sessionWriteRawDp',
  'sessionRelay',
  'sessionUnbind',
  'sessionFree',
];

export function installBle(dl, raw, module) {
  const core = {};
  for (const name of CORE_FUNCTIONS) core[name] = raw(name);
  if (module) {
    core.reassemblerCreate = fastReassemblerCreate(module, core.reassemblerCreate);
    core.reassemblerPush = fastReassemblerPush(module, core.reassemblerPush);
  }
  dl.ble = dl.ble || {};
  dl.ble.reassembler = createReassemblerFactory(core);
  dl.ble.session = createSessionFactory(core);
}
