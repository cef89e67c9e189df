// What doorLock.bleOpenInstruction returns: the cloud emulator's own builder (node:crypto alone,
// apart from the SDK's codec) of a v3 DP 71 write for SN `sn`, in mode 4 (key md5(localKey[0:6]),
// which the cloud can derive), as hex (ble-protocol.md §1a, §3, §5, §6.5).
import { unlockAirFrame, unlockCheckValue } from '../../../tools/cloud-emulator/air-frame.mjs';

export function cloudUnlockInstruction({ localKey, sn, checkCode, timestamp, memberId = 1, open = true }) {
  const value = unlockCheckValue({ slaveId: 1, checkCode, open, timestamp, memberId });
  return unlockAirFrame({ localKey, sn, protocol: 3, value });
}
