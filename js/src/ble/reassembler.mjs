// dl.ble.reassembler(): rebuilds air frames from notification packets. The rules live in the core;
// this object only carries the core's state from one push to the next, so there is no handle to
// free and nothing to leak.
import { DoorlockError } from '../errors.mjs';

export function createReassemblerFactory(core) {
  return function reassembler(options) {
    let state = core.reassemblerCreate(options);
    return {
      // -> the complete air frame (Uint8Array), or null while more packets are needed or when the
      // packet was a duplicate. A packet that breaks the lock's rules (gap, step back, over-long
      // total, ...) throws BAD_FRAME; the frame in progress is dropped as the lock would drop it.
      push(packet) {
        const result = core.reassemblerPush(state, packet);
        state = result.state;
        if (result.problem) throw new DoorlockError({ code: 'BAD_FRAME', message: `packet dropped: ${result.problem}` });
        return result.frame;
      },
      reset() {
        state = core.reassemblerCreate(options);
      },
    };
  };
}
