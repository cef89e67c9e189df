// `doorlock decode`: the command line around sniffer.mjs.
import { intArg, oneOf, readFile, readStdin } from './args.mjs';
import { FORMATS, readCapture } from './capture.mjs';
import { UsageError } from './output.mjs';
import { decodeCapture } from './sniffer.mjs';

export const decode = {
  name: 'decode',
  summary: 'captured packets (hex lines, nRF Connect log, btsnoop) -> frames, commands, DPs, lock replies',
  switches: ['showSecrets', 'strict'],
  help: `doorlock decode <capture|-> --local-key KEY [options]

Reassembles the captured packets per direction, decrypts each frame with the key of its mode
(4: md5(localKey[0:6]); 5: the session key from the srand of the device-info answer earlier in the
capture), checks its CRC, names its command and DPs and parses the lock's replies.

  <capture|->            a file, or - for standard input
  --format F             auto (default) | hex | nrf | btsnoop
                           hex: one packet per line, optional direction prefix > / W / write
                                (app -> lock) or < / N / notify (lock -> app); # comments
                           nrf: nRF Connect's exported log ("value: (0x) 00-21-...")
                           btsnoop: an Android btsnoop_hci.log
  --local-key KEY        the lock's local key (or DOORLOCK_LOCAL_KEY in the environment);
                         without it frames are reassembled but not decrypted
  --protocol 3|4         DP list format; default: the version nibble of the first packet
  --mtu N                report packets longer than the lock accepts (default: any size)
  --srand HEX            the session's srand when the capture starts after the device-info answer
  --write-handle H       btsnoop: ATT handle of the write characteristic (default: inferred)
  --notify-handle H      btsnoop: ATT handle of the notify characteristic (default: inferred)
  --show-secrets         print check codes, PINs and the pair request's data (redacted by default)
  --strict               exit 1 when a frame could not be decoded

The local key and the keys derived from it are never printed.`,
  run(dl, { positionals, flags }) {
    const source = positionals[0];
    if (source === undefined) throw new UsageError('decode needs a capture file, or - for standard input', 'capture');
    const bytes = source === '-' ? readStdin('capture') : readFile(source, 'capture');
    const localKey = flags.localKey ?? process.env.DOORLOCK_LOCAL_KEY;
    const capture = readCapture(Buffer.from(bytes), {
      format: oneOf(flags.format, 'format', FORMATS, 'auto'),
      writeHandle: intArg(flags.writeHandle, 'write-handle'),
      notifyHandle: intArg(flags.notifyHandle, 'notify-handle'),
    });
    const result = decodeCapture(dl, capture.packets, {
      localKey,
      protocol: oneOf(flags.protocol, 'protocol', [3, 4]),
      srand: flags.srand,
      mtu: intArg(flags.mtu, 'mtu'),
      showSecrets: flags.showSecrets === true,
    });
    const sourceInfo = { format: capture.format, packets: capture.packets.length };
    if (capture.format === 'btsnoop')
      Object.assign(sourceInfo, { records: capture.records, writeHandle: capture.writeHandle, notifyHandle: capture.notifyHandle });
    const output = { source: sourceInfo, ...result };
    return { output, exit: flags.strict && (result.summary.failed || result.summary.problems) ? 1 : 0 };
  },
};
