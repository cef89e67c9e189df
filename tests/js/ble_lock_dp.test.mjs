// dl.ble.lockDp through the .wasm: builders against bytes written out from the spec's tables,
// parsers against replies in the lock SDK's layouts, variants and errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock, catchDoorlockError } from './support/load.mjs';
import { fromHex, hex } from './support/ble_peer.mjs';

const dl = await loadDoorlock();
const lockDp = () => dl.ble.lockDp;
const PERMANENT = { effectiveTime: 946656000, invalidTime: 1924963199 };
// No daily window on a non-repeating block: 00:00-00:00, as Tuya's panel writes it (§6b.1).
const PERMANENT_HEX = '386cd300' + '72bc9b7f' + '00' + '00000000' + '0000' + '0000';
const WEEKLY = { effectiveTime: 1700000000, invalidTime: 1700600000, cycle: 'weekly', days: ['mon', 'tue', 'fri'], start: '07:30', end: '18:00' };

const valueHex = (dp) => hex(dp.value);

test('temporary passwords (DP 51/52/53): SDK layout, digits as values, weekly validity', () => {
  const dp = lockDp().createTemporaryPassword({ password: '192837', validity: WEEKLY, type: 0, validNum: 0 });
  assert.equal(dp.id, 51);
  assert.equal(dp.type, 'raw');
  assert.equal(valueHex(dp), '00' + '6553f100655d18c00200000026071e1200' + '00' + '06' + '010902080307');
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT, digits: 'ascii' })),
    '01' + PERMANENT_HEX + '00' + '06' + '313932383337',
  );
  assert.equal(valueHex(lockDp().deleteTemporaryPassword({ hardId: 7 })), '07');
  assert.equal(lockDp().deleteTemporaryPassword({ hardId: 7 }).id, 52);
  const modify = lockDp().modifyTemporaryPassword({ hardId: 7, password: '615243', validity: PERMANENT, type: 'once', validNum: 1 });
  assert.equal(modify.id, 53);
  assert.equal(valueHex(modify), '07' + '01' + PERMANENT_HEX + '01' + '06' + '060105020403');

  assert.deepEqual(lockDp().parseTemporaryPasswordReply(fromHex('0700')), { hardId: 7, result: 0, ok: true, status: 'ok' });
  assert.deepEqual(lockDp().parseTemporaryPasswordReply('ff02'), { hardId: 255, result: 2, ok: false, status: 'no_free_hard_id' });
  assert.equal(catchDoorlockError(() => lockDp().parseTemporaryPasswordReply(fromHex('07'))).code, 'BAD_FRAME');
});

test('temporary password variants are selectable', () => {
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ layout: 'fitting', slaveId: 2, password: '192837', validity: PERMANENT })),
    '0002' + '01' + PERMANENT_HEX + '00' + '06' + '010902080307',
  );
  assert.equal(lockDp().parseTemporaryPasswordReply(fromHex('00020700'), { layout: 'fitting' }).slaveId, 2);
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ layout: 'named', password: '192837', validity: PERMANENT, name: 'Guest' })),
    '06' + '010902080307' + '386cd300' + '72bc9b7f' + '05' + '4775657374',
  );
  assert.equal(catchDoorlockError(() => lockDp().createTemporaryPassword({ layout: 'named', password: '192837', validity: WEEKLY })).field, 'validity.cycle');
  assert.equal(catchDoorlockError(() => lockDp().createTemporaryPassword({ layout: 'v9', password: '1', validity: PERMANENT })).field, 'layout');
});

test('builders name the exact field', () => {
  const cases = [
    [() => lockDp().createTemporaryPassword({ validity: PERMANENT }), 'password'],
    [() => lockDp().createTemporaryPassword({ password: '12a456', validity: PERMANENT }), 'password'],
    [() => lockDp().createTemporaryPassword({ password: '12345678901', validity: PERMANENT }), 'password'],
    [() => lockDp().createTemporaryPassword({ password: '192837' }), 'validity'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: { ...WEEKLY, end: '07:00' } }), 'validity.end'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: { ...WEEKLY, days: [] } }), 'validity.days'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT, type: 256 }), 'type'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT, validNum: 256 }), 'validNum'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT, hardId: 1 }), 'hardId'],
    [() => lockDp().createTemporaryPassword({ password: '123456', validity: PERMANENT }), 'password'],
    [() => lockDp().modifyTemporaryPassword({ hardId: 1, password: '888888', validity: PERMANENT }), 'password'],
    [() => lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT, allowWeakPassword: 'yes' }), 'allowWeakPassword'],
    [() => lockDp().deleteTemporaryPassword({}), 'hardId'],
    [() => lockDp().unlockCheck({ checkCode: '1234567', open: true, timestamp: 1, memberId: 1 }), 'checkCode'],
    [() => lockDp().unlockCheck({ checkCode: '12345678', open: true, memberId: 1 }), 'timestamp'],
    [() => lockDp().createUnlockMethod({ method: 'password', memberId: 1, validity: PERMANENT }), 'password'],
    [() => lockDp().createUnlockMethod({ method: 'iris', memberId: 1, validity: PERMANENT }), 'method'],
    [() => lockDp().syncMethods({ types: [] }), 'types'],
    [() => lockDp().setT0({ activeTime: 'soon' }), 'activeTime'],
  ];
  for (const [call, field] of cases) {
    const error = catchDoorlockError(call);
    assert.equal(error.code, 'INVALID_ARGUMENT', field);
    assert.equal(error.field, field);
  }
});

test('unlock with check code (DP 71) and check-code set (DP 70)', () => {
  const unlock = lockDp().unlockCheck({ checkCode: '12345678', open: true, timestamp: 1700000000, memberId: 1 });
  assert.equal(valueHex(unlock), 'ffff00013132333435363738016553f1000001');
  assert.equal(
    valueHex(lockDp().unlockCheck({ checkCode: '3132333435363738', open: false, timestamp: 1700000000, memberId: 1, slaveId: 5 })),
    'ffff00053132333435363738006553f1000001',
  );
  const reply = lockDp().parseUnlockCheckReply(fromHex('0001ffff3132333435363738016553f1000000'));
  assert.deepEqual(reply, {
    slaveId: 1,
    masterId: 0xffff,
    checkCode: '12345678',
    open: true,
    timestamp: 1700000000,
    method: 0,
    result: 0,
    ok: true,
    status: 'ok',
  });
  assert.equal(lockDp().parseUnlockCheckReply('0001ffff3132333435363738016553f1000004').status, 'check_code_mismatch');

  // doorLock.getIssuedConfig's wake_up_ins is exactly this DP 70 value.
  const set = lockDp().setCheckCode({ slaveId: 5, newCheckCode: '52777950' });
  assert.equal(set.id, 70);
  assert.equal(valueHex(set), 'ffff0005000000000000000000ffff3532373737393530');
  assert.equal(lockDp().parseCheckCodeReply(fromHex('0005ffff0000000000000000' + '00' + 'ffff' + '00')).ok, true);
  assert.equal(lockDp().parseCheckCodeReply(fromHex('0005ffff0000000000000000' + '00' + 'ffff' + '06')).status, 'storage_full');
});

test('unlock methods (DP 1/2/3), sync (54), remote unlock (60/61), T0 (64)', () => {
  assert.equal(
    valueHex(lockDp().createUnlockMethod({ method: 'password', memberId: 1, validity: PERMANENT, password: '123456' })),
    '01000001ff' + PERMANENT_HEX + '00' + '06' + '010203040506',
  );
  const created = lockDp().parseCreateUnlockMethodReply(fromHex('01ff00010500' + '00'));
  assert.equal(created.ok, true);
  assert.equal(created.hardId, 5);
  assert.equal(lockDp().parseCreateUnlockMethodReply(fromHex('01fd0001ff0002')).reason, 'duplicate');
  assert.equal(valueHex(lockDp().deleteUnlockMethod({ method: 1, memberId: 1, hardId: 5 })), '010000010501');
  assert.equal(lockDp().parseDeleteUnlockMethodReply(fromHex('010000010501ff')).ok, true);
  assert.equal(valueHex(lockDp().modifyUnlockMethod({ method: 1, memberId: 1, hardId: 5, validity: PERMANENT })), '0100000105' + PERMANENT_HEX + '00' + '00');
  assert.equal(lockDp().parseModifyUnlockMethodReply(fromHex('01000001050000')).ok, false);

  assert.equal(valueHex(lockDp().syncMethods({ types: ['fingerprint', 'password', 'card'] })), '030102');
  const data = lockDp().parseSyncMethodsReply(fromHex('0000' + '05010100'));
  assert.deepEqual(data.methods, [{ hardId: 5, type: 1, memberId: 1, frozen: true }]);
  assert.deepEqual(lockDp().parseSyncMethodsReply(fromHex('0101')), { stage: 'done', packages: 1, ok: true, status: 'done' });

  assert.equal(
    valueHex(lockDp().configureRemoteUnlock({ memberId: 1, effectiveTime: 1700000000, invalidTime: 1700600000, validNum: 3, password: 'abcdefgh' })),
    '01' + '0001' + '6553f100' + '655d18c0' + '0003' + '6162636465666768',
  );
  assert.equal(lockDp().parseRemoteUnlockConfigReply(fromHex('000001')).ok, true);
  assert.equal(valueHex(lockDp().remoteUnlock({ memberId: 1, password: 'abcdefgh' })), '01' + '0001' + '6162636465666768' + '01');
  assert.equal(lockDp().parseRemoteUnlockReply(fromHex('050001')).status, 'wrong_password');

  assert.deepEqual(lockDp().setT0({ activeTime: 1622000424 }), { id: 64, type: 'string', value: '1622000424' });
});

test('parseReply dispatches a reported DP by its id', () => {
  const reply = lockDp().parseReply({ id: 71, type: 'raw', value: fromHex('0001ffff3132333435363738016553f1000000') });
  assert.equal(reply.kind, 'unlockCheck');
  assert.equal(reply.dp, 71);
  assert.equal(reply.ok, true);
  assert.equal(lockDp().parseReply({ id: 51, type: 'raw', value: fromHex('0300') }).hardId, 3);
  assert.equal(catchDoorlockError(() => lockDp().parseReply({ id: 47, type: 'bool', value: true })).field, 'dp.id');
});

// ---- as Tuya's own BLE lock panel writes them (ble-protocol.md §6b) ----

const weeklyWindow = (start, end) => ({ effectiveTime: 1700000000, invalidTime: 1700600000, cycle: 'weekly', days: ['mon'], start, end });

test('§6b.1 DP 51: type 01, nine 00 bytes without a repeat, count 00; weak PINs refused unless allowed', () => {
  // api/bleApi.ts getCreatePwdDpData.
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ password: '192837', validity: PERMANENT })),
    '01' + '386cd300' + '72bc9b7f' + '000000000000000000' + '00' + '06' + '010902080307',
  );
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ password: '192837', validity: weeklyWindow('08:00', '20:00') })),
    '01' + '6553f100' + '655d18c0' + '02' + '00000002' + '0800' + '1400' + '00' + '06' + '010902080307',
  );
  // 9 -> 0 does not continue a run; five in a row is not six.
  for (const pin of ['567890', '109876', '123455', '1101111']) lockDp().createTemporaryPassword({ password: pin, validity: PERMANENT });
  for (const pin of ['123456', '987654', '0123456789', '444444', '1444444']) {
    const error = catchDoorlockError(() => lockDp().createTemporaryPassword({ password: pin, validity: PERMANENT }));
    assert.equal(error.code, 'INVALID_ARGUMENT', pin);
    assert.equal(error.field, 'password');
    assert.match(error.message, /weak/);
  }
  const weak = lockDp().createTemporaryPassword({ password: '123456', validity: PERMANENT, allowWeakPassword: true });
  assert.equal(valueHex(weak), '01' + PERMANENT_HEX + '00' + '06' + '010203040506');
});

test('§6b.1 DP 53 modifies the validity only; the warning for 3.x firmware rides on the DP', () => {
  // api/bleApi.ts getUpdatePwdDpData: hard_id | 01 | time[17] | 00 | 00.
  const modify = lockDp().modifyTemporaryPassword({ hardId: 9, validity: PERMANENT });
  assert.equal(valueHex(modify), '09' + '01' + '386cd30072bc9b7f000000000000000000' + '00' + '00');
  assert.deepEqual(
    modify.warnings.map((w) => [w.code, w.field]),
    [['MODIFY_CLEARS_PIN_ON_3X', 'password']],
  );
  // Not enumerable: the DP still compares, spreads and serialises as { id, type, value }.
  assert.deepEqual(Object.keys(modify), ['id', 'type', 'value']);
  assert.deepEqual({ ...modify }, { id: 53, type: 'raw', value: modify.value });
  assert.equal(JSON.parse(JSON.stringify(modify)).warnings, undefined);
  assert.deepEqual(dl.ble.decodeDps(dl.ble.encodeDps([modify])), [{ id: 53, type: 'raw', value: modify.value }]);
  const withPin = lockDp().modifyTemporaryPassword({ hardId: 9, validity: PERMANENT, password: '192837' });
  assert.deepEqual(withPin.warnings, []);
  assert.equal(valueHex(withPin).slice(-14), '06010902080307');
});

test('§6b.1 reply statuses 03 exists and 0a too weak are named', () => {
  assert.deepEqual(lockDp().parseTemporaryPasswordReply('ff03'), { hardId: 255, result: 3, ok: false, status: 'exists' });
  assert.deepEqual(lockDp().parseTemporaryPasswordReply('ff0a'), { hardId: 255, result: 10, ok: false, status: 'too_weak' });
  assert.equal(lockDp().parseReply({ id: 53, type: 'raw', value: fromHex('090a') }).status, 'too_weak');
});

test('§6b.1 a window whose start minute is after its end minute is built with a warning', () => {
  const builders = [
    (validity) => lockDp().createTemporaryPassword({ password: '192837', validity }),
    (validity) => lockDp().modifyTemporaryPassword({ hardId: 4, password: '192837', validity }),
    (validity) => lockDp().createUnlockMethod({ method: 'card', memberId: 2, validity }),
    (validity) => lockDp().modifyUnlockMethod({ method: 'card', memberId: 2, hardId: 4, validity }),
  ];
  for (const build of builders) {
    const reversed = build(weeklyWindow('08:30', '18:15'));
    assert.deepEqual(
      reversed.warnings.map((w) => [w.code, w.field]),
      [['WINDOW_MAY_NEVER_OPEN', 'validity']],
    );
    assert.match(reversed.warnings[0].message, /hour and minute separately/);
    assert.deepEqual(build(weeklyWindow('08:00', '18:30')).warnings, []);
    assert.deepEqual(build({ ...PERMANENT, start: '08:30', end: '18:15' }).warnings, []); // cycle 0 ignores the window
  }
  // Every builder carries the (possibly empty) list.
  assert.deepEqual(lockDp().setT0({ activeTime: 1622000424 }).warnings, []);
});

test('§6b.3 DP 1: type codes 01-06, one more 00 without a password, cancel fe; DP 2 removes a member', () => {
  const codes = { password: '01', card: '02', fingerprint: '03', face: '04', palm: '05', vein: '06' };
  for (const [method, code] of Object.entries(codes)) {
    if (method === 'password') continue;
    // pages/family-user-detail/component/RecordItem: type | 00 | admin | member | ff | time | 00 | 00 | 00
    assert.equal(
      valueHex(lockDp().createUnlockMethod({ method, memberId: 3, validity: PERMANENT })),
      code + '00' + '00' + '03' + 'ff' + PERMANENT_HEX + '00' + '00' + '00',
      method,
    );
  }
  assert.equal(
    valueHex(lockDp().createUnlockMethod({ method: 'palm', stage: 'cancel', memberId: 3, admin: true, validity: PERMANENT })),
    '05' + 'fe' + '01' + '03' + 'ff' + PERMANENT_HEX + '000000',
  );
  const stages = { '00': 'started', fc: 'running', fd: 'failed', fe: 'cancelled', ff: 'complete' };
  for (const [stage, status] of Object.entries(stages)) {
    assert.equal(lockDp().parseCreateUnlockMethodReply(fromHex('05' + stage + '000307' + '02' + '00')).status, status);
  }
  // redux/actions/common.ts: `0000${isAdmin}${userId}ff00`.
  assert.equal(valueHex(lockDp().deleteUnlockMethod({ method: 'member', memberId: 12, admin: true })), '000001' + '0c' + 'ff00');
  assert.equal(valueHex(lockDp().deleteUnlockMethod({ method: 'card', memberId: 12, hardId: 3 })), '0200000c0301');
});

test('days: [] means no days for the cycles without weekdays', () => {
  const none = { ...PERMANENT, cycle: 'none', days: [] };
  assert.equal(hex(dl.validityBlock(none)), '386cd30072bc9b7f000000000000000000');
  assert.equal(
    valueHex(lockDp().createTemporaryPassword({ password: '192837', validity: { ...PERMANENT, cycle: 'daily', days: [] } })).slice(2, 36),
    '386cd30072bc9b7f' + '01' + '00000000' + '0000' + '173b',
  );
  assert.equal(catchDoorlockError(() => dl.validityBlock({ ...PERMANENT, cycle: 'daily', days: ['mon'] })).field, 'days');
});
