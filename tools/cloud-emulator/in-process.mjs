// The emulator as a transport, without sockets: the same send({ action, params }) as the SDK's
// transports. Request and answer are copied through JSON, as they would be on the wire, so that
// neither side can keep a reference into the other.
export function createInProcessTransport(emulator) {
  const target = emulator && typeof emulator.handle === 'function' ? emulator : emulator && emulator.emulator;
  if (!target || typeof target.handle !== 'function')
    throw new TypeError('createInProcessTransport needs an emulator (createCloudEmulator or startCloudEmulator)');
  return {
    name: 'in-process',
    send(request, options = {}) {
      return new Promise((resolve, reject) => {
        if (options.signal && options.signal.aborted) {
          reject(Object.assign(new Error('aborted by the caller'), { name: 'DoorlockError', code: 'ABORTED' }));
          return;
        }
        const wire = JSON.stringify({ action: request.action, params: request.params ?? {} });
        // Answer on a later turn, as a network would.
        setImmediate(() => resolve(JSON.parse(JSON.stringify(target.handle(JSON.parse(wire))))));
      });
    },
  };
}
