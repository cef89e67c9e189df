// A scripted stand-in for dl.ble.session and for the lock, speaking one-byte tokens instead of the
// real protocol, so that the connection layer's own rules (handshake steps, one command at a time,
// ack and reply matching, progress, timeouts, disconnects) can be tested in isolation and
// deterministically. The real session and simulator are covered by ble_flows_e2e.test.mjs.
//
// Tokens: 10 device-info request, 11 its answer, 12 pair request, 13 paired, 14 time request,
// 15 time answer, 20 sn ok ack, 30 id value.. DP report, 31 report ack, 40 sn index total DP packet.
export const T = Object.freeze({
  INFO: 0x10,
  INFO_ANSWER: 0x11,
  PAIR: 0x12,
  PAIRED: 0x13,
  TIME_REQUEST: 0x14,
  TIME_ANSWER: 0x15,
  ACK: 0x20,
  REPORT: 0x30,
  REPORT_ACK: 0x31,
  DP: 0x40,
  GARBAGE: 0xee,
});

export function scriptedDl() {
  const sessions = [];
  const dl = {
    sessions,
    ble: {
      session(options) {
        let state = 'idle';
        let sn = 0;
        const session = {
          options,
          closed: false,
          get state() {
            return state;
          },
          start() {
            state = 'info';
            return [Uint8Array.of(T.INFO)];
          },
          receive(packet) {
            switch (packet[0]) {
              case T.INFO_ANSWER:
                state = 'pairing';
                return { write: [Uint8Array.of(T.PAIR)], events: [] };
              case T.PAIRED:
                state = 'ready';
                return { write: [], events: [{ type: 'ready' }] };
              case T.TIME_REQUEST:
                return { write: [Uint8Array.of(T.TIME_ANSWER)], events: [{ type: 'time' }] };
              case T.ACK:
                return { write: [], events: [{ type: 'ack', sn: packet[1], ok: packet[2] === 1 }] };
              case T.REPORT:
                return { write: [Uint8Array.of(T.REPORT_ACK)], events: [{ type: 'dps', dps: [{ id: packet[1], type: 'raw', value: packet.slice(2) }] }] };
              case T.GARBAGE:
                return { write: [], events: [{ type: 'error', code: 'CRC_MISMATCH' }] };
              default:
                throw Object.assign(new Error('unexpected packet'), { code: 'BAD_FRAME' });
            }
          },
          // One packet per 4 value bytes, so a long DP needs several writes.
          writeDps(dps) {
            if (!Array.isArray(dps) || dps.length === 0) throw Object.assign(new Error('dps: empty'), { code: 'INVALID_ARGUMENT', field: 'dps' });
            sn += 1;
            const total = Math.max(1, Math.ceil(dps[0].value.length / 4));
            return { sn, packets: Array.from({ length: total }, (_, index) => Uint8Array.of(T.DP, sn, index, total, dps[0].id)) };
          },
          close() {
            session.closed = true;
          },
        };
        sessions.push(session);
        return session;
      },
    },
  };
  return dl;
}

// The lock side, shaped like the simulator object openSimulatorAdapter takes. `answer(sn, dpId)`
// returns the notifications for a complete DP write (default: ack ok, then a reply report).
export function scriptedLock({ answer, handshake = true, timeRequest = true } = {}) {
  const lock = {
    connected: false,
    packets: [],
    connect() {
      lock.connected = true;
    },
    disconnect() {
      lock.connected = false;
    },
    state() {
      return { connected: lock.connected };
    },
    receive(packet) {
      lock.packets.push([...packet]);
      switch (packet[0]) {
        case T.INFO:
          return handshake ? [Uint8Array.of(T.INFO_ANSWER)] : [];
        case T.PAIR:
          return timeRequest ? [Uint8Array.of(T.PAIRED), Uint8Array.of(T.TIME_REQUEST)] : [Uint8Array.of(T.PAIRED)];
        case T.DP: {
          const [, sn, index, total, dpId] = packet;
          if (index !== total - 1) return [];
          return (answer || ((s, id) => [Uint8Array.of(T.ACK, s, 1), Uint8Array.of(T.REPORT, id, 0xaa)]))(sn, dpId);
        }
        default:
          return [];
      }
    },
  };
  return lock;
}
