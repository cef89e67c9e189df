// Device info, pair request and time answers (ble-protocol.md §2, §2.1, §2.2; vectors.md §8).
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/time_sync.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using test::hex;

TEST_CASE("vectors.md §8: device-info request DATA") {
  CHECK(to_hex(encode_device_info_request(4, 20)) == "0014");
  CHECK(to_hex(encode_device_info_request(4, 243)) == "00f3");
  CHECK(encode_device_info_request(3, 20).empty());
  const Bytes v4 = hex("00f3");
  CHECK(decode_device_info_request(4, v4.data(), v4.size()) == 243);
  test::require_error([&] { decode_device_info_request(4, v4.data(), 1); }, ErrorCode::BadFrame, "");
}

TEST_CASE("device info: srand at bytes 6-11, later fields when present") {
  DeviceInfo info;
  info.firmware_version = 0x0102;
  info.protocol_major = 3;
  info.protocol_minor = 2;
  info.flags = kInfoFlagBeaconKey;
  info.bound = true;
  info.srand = hex("112233445566");
  info.virtual_id = "vdevo15345926009";
  const Bytes wire = encode_device_info(info);
  REQUIRE(wire.size() == kDeviceInfoSize);
  CHECK(to_hex(Bytes(wire.begin(), wire.begin() + 12)) == "010203021001112233445566");
  CHECK(std::string(wire.begin() + 55, wire.begin() + 71) == "vdevo15345926009");
  CHECK(wire[71] == 0);

  const DeviceInfo back = decode_device_info(wire.data(), wire.size());
  CHECK(back.protocol_major == 3);
  CHECK(back.bound);
  CHECK(to_hex(back.srand) == "112233445566");
  CHECK(back.virtual_id == "vdevo15345926009");

  const DeviceInfo shortest = decode_device_info(wire.data(), 12);
  CHECK(to_hex(shortest.srand) == "112233445566");
  CHECK(shortest.virtual_id.empty());
  test::require_error([&] { decode_device_info(wire.data(), 11); }, ErrorCode::BadFrame, "");
}

TEST_CASE("pair request: uuid | login key | virtual id | connection source") {
  PairRequest request;
  request.uuid = "0123456789abcdef";
  request.login_key = test::secret("abcdef");
  request.virtual_id = "vdevo15345926009";
  const std::string fixed = to_hex(Bytes(request.uuid.begin(), request.uuid.end())) + "616263646566" +
                            to_hex(Bytes(request.virtual_id.begin(), request.virtual_id.end())) + "000000000000";
  request.layout = PairLayout::Fixed44;
  CHECK(to_hex(encode_pair_request(request).reveal()) == fixed);
  request.layout = PairLayout::Source45;
  CHECK(to_hex(encode_pair_request(request).reveal()) == fixed + "0003");
  request.layout = PairLayout::Source61;
  const SecretBytes beacon = encode_pair_request(request);
  CHECK(to_hex(beacon.reveal()) == fixed + "00" + std::string(32, '0') + "03");
  CHECK(decode_pair_request(beacon.data(), beacon.size(), true).layout == PairLayout::Source61);

  const PairRequest read = decode_pair_request(beacon.data(), beacon.size(), true);
  CHECK(read.uuid == request.uuid);
  CHECK(read.login_key.reveal() == hex("616263646566"));
  CHECK(read.virtual_id == request.virtual_id);
  CHECK(read.source == kSourceMiniProgram);
  CHECK(decode_pair_request(beacon.data(), 46, false).source == 0);  // the beacon layout read without one
  CHECK(decode_pair_request(beacon.data(), 44, false).source == 0);

  request.uuid = "short";
  test::require_error([&] { encode_pair_request(request); }, ErrorCode::InvalidArgument, "uuid");
  request.uuid = "0123456789abcdef";
  request.virtual_id = std::string(23, 'x');
  test::require_error([&] { encode_pair_request(request); }, ErrorCode::InvalidArgument, "devId");
}

TEST_CASE("§6b.5 pair request: the default puts the source at DATA[45] and DATA[61]") {
  PairRequest request;
  request.uuid = "0123456789abcdef";
  request.login_key = test::secret("abcdef");
  request.virtual_id = "vdevo15345926009";
  CHECK(request.layout == PairLayout::Both);
  const SecretBytes both = encode_pair_request(request);
  // 44 fixed bytes | beacon-key length 00 | 03 at DATA[45] | 15 zero bytes | 03 at DATA[61]: 62 bytes.
  REQUIRE(both.size() == 62);
  const Bytes revealed = both.reveal();
  CHECK(to_hex(Bytes(revealed.begin() + 44, revealed.end())) ==
        "00"
        "03" +
            std::string(30, '0') + "03");
  CHECK(both.data()[45] == kSourceMiniProgram);
  CHECK(both.data()[61] == kSourceMiniProgram);
  // Protocol-4 TuyaOS reads DATA[61] with or without a beacon key; the protocol-5 handler without
  // one reads DATA[45]: both find the mini program.
  CHECK(decode_pair_request(both.data(), both.size(), true).source == kSourceMiniProgram);
  CHECK(decode_pair_request(both.data(), both.size(), false).source == kSourceMiniProgram);
  CHECK(decode_pair_request(both.data(), both.size(), false).layout == PairLayout::Both);
  // The old 46-byte layout leaves a DATA[61] reader with nothing (source unknown).
  request.layout = PairLayout::Source45;
  const SecretBytes old = encode_pair_request(request);
  CHECK(old.size() == 46);
  CHECK(decode_pair_request(old.data(), old.size(), true).source == 0);
}

TEST_CASE("device info: the full firmware and hardware versions at DATA[46..51]") {
  // S1 tuya_ble_data_handler.c: p_buf[0..1] = low 16 bits of the firmware version, p_buf[12..13]
  // those of the hardware version, p_buf[46..48] / [49..51] the 3-byte versions.
  Bytes wire(84, 0);
  wire[0] = 0x02;
  wire[1] = 0x03;  // firmware 1.2.3 shows only 2.3 here
  wire[2] = 4;
  wire[3] = 5;
  wire[5] = 1;
  wire[12] = 0x00;
  wire[13] = 0x01;
  wire[46] = 1;
  wire[47] = 2;
  wire[48] = 3;
  wire[49] = 2;
  wire[50] = 0;
  wire[51] = 1;
  DeviceInfo info = decode_device_info(wire.data(), wire.size());
  CHECK(info.firmware_version3 == 0x010203);
  CHECK(firmware_version_text(info) == "1.2.3");
  CHECK(hardware_version_text(info) == "2.0.1");
  // An answer that stops before byte 49 (or one whose 3-byte field is zero) falls back to DATA[0..1].
  info = decode_device_info(wire.data(), 46);
  CHECK(firmware_version_text(info) == "2.3");
  CHECK(hardware_version_text(info) == "0.1");
  info = decode_device_info(wire.data(), 49);
  CHECK(firmware_version_text(info) == "1.2.3");
  CHECK(hardware_version_text(info) == "0.1");
  wire[46] = wire[47] = wire[48] = 0;
  info = decode_device_info(wire.data(), wire.size());
  CHECK(firmware_version_text(info) == "2.3");
  info = decode_device_info(wire.data(), 12);
  CHECK(firmware_version_text(info) == "2.3");
  CHECK(hardware_version_text(info).empty());
}

TEST_CASE("time answers: 13-digit milliseconds and the local date, zone in 1/100 h") {
  CHECK(to_hex(encode_time_ms_answer(1700000000123ull, 800)) ==
        "31373030303030303030313233"
        "0320");
  CHECK(to_hex(encode_time_ms_answer(1700000000123ull, -500)) ==
        "31373030303030303030313233"
        "fe0c");
  const Bytes ms = encode_time_ms_answer(1700000000123ull, 550);
  const TimeMsAnswer back = decode_time_ms_answer(ms.data(), ms.size());
  CHECK(back.unix_ms == 1700000000123ull);
  CHECK(back.zone == 550);

  // 1700000000 = 2023-11-14 22:13:20 UTC, a Tuesday; at +8 h it is Wednesday 06:13:20.
  CHECK(to_hex(encode_time_date_answer(1700000000000ull, 800)) ==
        "170b0f060d1403"
        "0320");
  CHECK(to_hex(encode_time_date_answer(1700000000000ull, 0)) ==
        "170b0e160d1402"
        "0000");
  // 2024-02-29 23:59:59 UTC = 1709251199, a Thursday.
  CHECK(to_hex(encode_time_date_answer(1709251199000ull, 0)) ==
        "18021d173b3b04"
        "0000");
  const LocalDate epoch = local_date(0, 0);
  CHECK(epoch.year == 1970);
  CHECK(epoch.weekday == 4);
  const LocalDate before = local_date(-1, 0);
  CHECK(before.year == 1969);
  CHECK(before.month == 12);
  CHECK(before.day == 31);
  CHECK(before.weekday == 3);

  CHECK(zone_from_offset_minutes(480) == 800);
  CHECK(zone_from_offset_minutes(330) == 550);
  CHECK(zone_from_offset_minutes(-210) == -350);
  CHECK(zone_from_offset_minutes(345) == 575);
  test::require_error([] { zone_from_offset_minutes(900); }, ErrorCode::InvalidArgument, "zone");
  test::require_error([] { encode_time_ms_answer(1, 1500); }, ErrorCode::InvalidArgument, "zone");
  test::require_error([] { encode_time_date_answer(0, 0); }, ErrorCode::InvalidArgument, "now");
  const Bytes bad = hex("3137303030303030303030313233");
  test::require_error([&] { decode_time_ms_answer(bad.data(), bad.size()); }, ErrorCode::BadFrame, "");
}
