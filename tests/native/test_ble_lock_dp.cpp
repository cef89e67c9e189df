// Lock DP layouts (ble-protocol.md §6), built both ways: requests as the app sends them and the
// lock reads them, replies as the lock sends them and the app reads them. Expected bytes are
// written out by hand from the spec's tables.
#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/lock_dp_catalog.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using namespace doorlock::ble::lock_dp;
using nlohmann::json;
using test::hex;

namespace {

const json kPermanent = {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}};
// Without a daily window a non-repeating block ends in 00:00-00:00, as Tuya's panel writes it
// (ble-protocol.md §6b.1: "non-repeating = nine 00 bytes").
const std::string kPermanentHex =
    "386cd300"
    "72bc9b7f"
    "00"
    "00000000"
    "0000"
    "0000";

std::string request_hex(Message message, const json& input, const Options& options = {}) {
  return to_hex(encode_request(message, input, options));
}

json reply_of(Message message, const std::string& wire, const Options& options = {}) {
  const Bytes bytes = hex(wire);
  return decode_reply(message, bytes.data(), bytes.size(), options);
}

}  // namespace

TEST_CASE("vectors.md §6: DP 71 unlock with check code") {
  const json input = {{"checkCode", "12345678"}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}};
  CHECK(request_hex(Message::UnlockCheck, input) == "ffff00013132333435363738016553f1000001");
  const Dp dp = request_dp(Message::UnlockCheck, input);
  CHECK(dp.id == 71);
  CHECK(dp.type == DpType::Raw);

  const Bytes wire = hex("ffff00013132333435363738016553f1000001");
  const json back = decode_request(Message::UnlockCheck, wire.data(), wire.size());
  CHECK(back["masterId"] == 0xFFFF);
  CHECK(back["slaveId"] == 1);
  CHECK(back["checkCode"] == "12345678");
  CHECK(back["open"] == true);
  CHECK(back["timestamp"] == 1700000000);
  CHECK(back["method"] == 0);
  CHECK(back["memberId"] == 1);
  CHECK_FALSE(back.contains("methodInfo"));

  // The lock's answer swaps the ids: slaveId | masterId | code | op | ts | method | result.
  const json reply = reply_of(Message::UnlockCheck, "0001ffff3132333435363738016553f1000000");
  CHECK(reply["slaveId"] == 1);
  CHECK(reply["masterId"] == 0xFFFF);
  CHECK(reply["result"] == 0);
  CHECK(reply["ok"] == true);
  CHECK(reply["status"] == "ok");
  const json refused = reply_of(Message::UnlockCheck, "0001ffff3132333435363738016553f1000004");
  CHECK(refused["ok"] == false);
  CHECK(refused["status"] == "check_code_mismatch");
  CHECK(to_hex(encode_reply(Message::UnlockCheck, refused)) == "0001ffff3132333435363738016553f1000004");
}

TEST_CASE("DP 70 matches the cloud's wake_up_ins") {
  // doorLock.getIssuedConfig: dev_unlock_id 0005, ins "3532373737393530" (ASCII "52777950").
  const std::string wake_up = "ffff0005000000000000000000ffff3532373737393530";
  CHECK(request_hex(Message::SetCheckCode, {{"slaveId", 5}, {"newCheckCode", "3532373737393530"}}) == wake_up);
  CHECK(request_hex(Message::SetCheckCode, {{"slaveId", 5}, {"newCheckCode", "52777950"}}) == wake_up);
  const Bytes wire = hex(wake_up);
  const json back = decode_request(Message::SetCheckCode, wire.data(), wire.size());
  CHECK(back["checkCode"] == "0000000000000000");
  CHECK(back["newCheckCode"] == "52777950");
  CHECK(back["operation"] == 0);

  const json reply = reply_of(Message::SetCheckCode,
                              "0005ffff0000000000000000"
                              "00"
                              "ffff"
                              "03");
  CHECK(reply["status"] == "slave_id_mismatch");
  CHECK(reply["ok"] == false);
  test::require_error(
      [] {
        encode_request(Message::SetCheckCode, {{"newCheckCode", "1234567"}});
      },
      ErrorCode::InvalidArgument, "newCheckCode");
  test::require_error(
      [] {
        encode_request(Message::SetCheckCode, {{"newCheckCode", "12345678"}, {"operation", "swap"}});
      },
      ErrorCode::InvalidArgument, "operation");
}

TEST_CASE("DP 51/52/53 temporary passwords, SDK layout") {
  const json weekly = {{"effectiveTime", 1700000000},       {"invalidTime", 1700600000}, {"cycle", "weekly"},
                       {"days", json{"mon", "tue", "fri"}}, {"start", "07:30"},          {"end", "18:00"}};
  const json create = {{"password", "192837"}, {"validity", weekly}, {"type", 0}, {"validNum", 0}};
  // type | validity (17) | valid_num | pwd_len | digits as values
  CHECK(request_hex(Message::CreateTemporaryPassword, create) ==
        "00"
        "6553f100655d18c00200000026071e1200"
        "00"
        "06"
        "010902080307");
  CHECK(request_hex(Message::CreateTemporaryPassword, create, Options{DigitEncoding::Ascii, {}}) ==
        "00"
        "6553f100655d18c00200000026071e1200"
        "00"
        "06"
        "313932383337");
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"password", "2468024"}, {"validity", kPermanent}, {"type", "once"}, {"validNum", 1}}) ==
        "01" + kPermanentHex +
            "01"
            "07"
            "02040608000204");

  const Bytes wire = encode_request(Message::CreateTemporaryPassword, create);
  const json back = decode_request(Message::CreateTemporaryPassword, wire.data(), wire.size());
  CHECK(back["password"] == "192837");
  CHECK(back["validity"]["cycle"] == "weekly");
  CHECK(back["validity"]["days"] == 38);
  CHECK(back["validity"]["start"] == 450);
  CHECK(back["validity"]["end"] == 1080);
  // What the lock read back re-encodes to the same bytes.
  CHECK(encode_request(Message::CreateTemporaryPassword, back) == wire);

  CHECK(request_hex(Message::DeleteTemporaryPassword, {{"hardId", 7}}) == "07");
  // type defaults to 01, as the panel writes it (§6b.1).
  CHECK(request_hex(Message::ModifyTemporaryPassword,
                    {{"hardId", 7}, {"password", "615243"}, {"validity", kPermanent}}) ==
        "07"
        "01" +
            kPermanentHex +
            "00"
            "06"
            "060105020403");

  json reply = reply_of(Message::CreateTemporaryPassword, "0700");
  CHECK(reply == json{{"hardId", 7}, {"result", 0}, {"ok", true}, {"status", "ok"}});
  reply = reply_of(Message::CreateTemporaryPassword, "ff02");
  CHECK(reply["status"] == "no_free_hard_id");
  CHECK(reply["ok"] == false);
  CHECK(reply_of(Message::DeleteTemporaryPassword, "0701")["status"] == "failed");
  test::require_error([] { reply_of(Message::DeleteTemporaryPassword, "07"); }, ErrorCode::BadFrame, "");
}

TEST_CASE("DP 51/53 variants: fitting and named") {
  const Options fitting{DigitEncoding::Value, TemporaryPasswordLayout::Fitting};
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"slaveId", 2}, {"password", "192837"}, {"validity", kPermanent}}, fitting) ==
        "0002"
        "01" +
            kPermanentHex +
            "00"
            "06"
            "010902080307");
  test::require_error(
      [&] {
        encode_request(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", kPermanent}}, fitting);
      },
      ErrorCode::InvalidArgument, "slaveId");
  const json reply = reply_of(Message::DeleteTemporaryPassword, "00020700", fitting);
  CHECK(reply["slaveId"] == 2);
  CHECK(reply["hardId"] == 7);
  CHECK(reply["ok"] == true);

  const Options named{DigitEncoding::Value, TemporaryPasswordLayout::Named};
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"password", "192837"}, {"validity", kPermanent}, {"name", "Guest"}}, named) ==
        "06"
        "010902080307"
        "386cd300"
        "72bc9b7f"
        "05"
        "4775657374");
  json weekly = kPermanent;
  weekly["cycle"] = "weekly";
  weekly["days"] = json{"mon"};
  test::require_error(
      [&] {
        encode_request(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", weekly}}, named);
      },
      ErrorCode::InvalidArgument, "validity.cycle");
}

TEST_CASE("DP 1/2/3 unlock methods") {
  const json create = {{"method", "password"}, {"memberId", 1}, {"validity", kPermanent}, {"password", "123456"}};
  // meth | stage | admin | member | hard_id (0xFF: lock picks) | validity | valid_num | len | digits
  CHECK(request_hex(Message::CreateUnlockMethod, create) ==
        "01"
        "00"
        "00"
        "01"
        "ff" +
            kPermanentHex +
            "00"
            "06"
            "010203040506");
  CHECK(request_hex(Message::CreateUnlockMethod,
                    {{"method", "fingerprint"}, {"memberId", 2}, {"admin", true}, {"validity", kPermanent}}) ==
        "03"
        "00"
        "01"
        "02"
        "ff" +
            kPermanentHex +
            "00"
            "00"
            "00");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}});
      },
      ErrorCode::InvalidArgument, "password");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod,
                       {{"method", 1}, {"memberId", 101}, {"validity", kPermanent}, {"password", "1"}});
      },
      ErrorCode::InvalidArgument, "memberId");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod,
                       {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "12a4"}});
      },
      ErrorCode::InvalidArgument, "password");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod,
                       {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "12345678901"}});
      },
      ErrorCode::InvalidArgument, "password");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod,
                       {{"method", 1}, {"memberId", 1}, {"validity", {{"effectiveTime", 5}}}, {"password", "1"}});
      },
      ErrorCode::InvalidArgument, "validity.invalidTime");
  test::require_error(
      [] {
        encode_request(Message::CreateUnlockMethod,
                       {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "1"}, {"pin", 1}});
      },
      ErrorCode::InvalidArgument, "pin");

  json reply = reply_of(Message::CreateUnlockMethod,
                        "01"
                        "ff"
                        "00"
                        "01"
                        "05"
                        "00"
                        "00");
  CHECK(reply["ok"] == true);
  CHECK(reply["status"] == "complete");
  CHECK(reply["hardId"] == 5);
  reply = reply_of(Message::CreateUnlockMethod,
                   "01"
                   "fd"
                   "00"
                   "01"
                   "ff"
                   "00"
                   "02");
  CHECK(reply["ok"] == false);
  CHECK(reply["status"] == "failed");
  CHECK(reply["reason"] == "duplicate");

  CHECK(request_hex(Message::DeleteUnlockMethod, {{"method", 1}, {"memberId", 1}, {"hardId", 5}}) == "010000010501");
  CHECK(reply_of(Message::DeleteUnlockMethod, "01000001050100")["ok"] == false);
  CHECK(reply_of(Message::DeleteUnlockMethod, "010000010501ff")["status"] == "ok");
  CHECK(request_hex(Message::ModifyUnlockMethod,
                    {{"method", 1}, {"memberId", 1}, {"hardId", 5}, {"validity", kPermanent}, {"password", "99"}}) ==
        "0100000105" + kPermanentHex +
            "00"
            "02"
            "0909");
  CHECK(reply_of(Message::ModifyUnlockMethod, "010000010500ff")["ok"] == true);
}

TEST_CASE("DP 54 sync, DP 60/61 remote unlock, DP 64 T0") {
  CHECK(request_hex(Message::SyncMethods, {{"types", json{"fingerprint", "password", "card"}}}) == "030102");
  CHECK(request_hex(Message::SyncMethods, {{"types", json{3}}}) == "03");
  test::require_error(
      [] {
        encode_request(Message::SyncMethods, {{"types", json::array()}});
      },
      ErrorCode::InvalidArgument, "types");
  test::require_error(
      [] {
        encode_request(Message::SyncMethods, {{"types", json{1, 1}}});
      },
      ErrorCode::InvalidArgument, "types[1]");
  test::require_error(
      [] {
        encode_request(Message::SyncMethods, {{"types", json{0}}});
      },
      ErrorCode::InvalidArgument, "types[0]");

  json data = reply_of(Message::SyncMethods,
                       "00"
                       "00"
                       "05010100"
                       "06020201");
  CHECK(data["stage"] == "data");
  REQUIRE(data["methods"].size() == 2);
  CHECK(data["methods"][0] == json{{"hardId", 5}, {"type", 1}, {"memberId", 1}, {"frozen", true}});
  CHECK(data["methods"][1]["frozen"] == false);
  CHECK(encode_reply(Message::SyncMethods, data) == hex("00000501010006020201"));
  json done = reply_of(Message::SyncMethods, "0101");
  CHECK(done["stage"] == "done");
  CHECK(done["packages"] == 1);
  test::require_error([] { reply_of(Message::SyncMethods, "00000501"); }, ErrorCode::BadFrame, "");

  // valid | member u16 | begin u32 | end u32 | valid_num u16 | password[8]
  CHECK(request_hex(Message::RemoteUnlockConfig, {{"memberId", 1},
                                                  {"effectiveTime", 1700000000},
                                                  {"invalidTime", 1700600000},
                                                  {"validNum", 3},
                                                  {"password", "abcdefgh"}}) ==
        "01"
        "0001"
        "6553f100"
        "655d18c0"
        "0003"
        "6162636465666768");
  CHECK(request_hex(Message::RemoteUnlock, {{"memberId", 1}, {"password", "abcdefgh"}, {"type", "voice"}}) ==
        "01"
        "0001"
        "6162636465666768"
        "02");
  json remote = reply_of(Message::RemoteUnlock, "040001");
  CHECK(remote["status"] == "outside_window");
  CHECK(remote["memberId"] == 1);

  const Dp t0 = request_dp(Message::SetT0, {{"activeTime", 1622000424}});
  CHECK(t0.id == 64);
  CHECK(t0.type == DpType::String);
  CHECK(t0.as_string() == "1622000424");
  const json back = decode_request(Message::SetT0, t0.value.data(), t0.value.size());
  CHECK(back["activeTime"] == 1622000424);
  test::require_error(
      [] {
        encode_request(Message::SetT0, {{"activeTime", 0}});
      },
      ErrorCode::InvalidArgument, "activeTime");
}

TEST_CASE("every message finds its DP and truncated values are refused") {
  for (uint8_t dp : {1, 2, 3, 51, 52, 53, 54, 60, 61, 64, 70, 71}) {
    const auto message = message_for_dp(dp);
    REQUIRE(message.has_value());
    CHECK(dp_id(*message) == dp);
  }
  CHECK_FALSE(message_for_dp(47).has_value());
  const Bytes wire = hex("ffff00013132333435363738016553f1000001");
  for (size_t size = 0; size < 18; ++size) {
    test::require_error([&] { decode_request(Message::UnlockCheck, wire.data(), size); }, ErrorCode::BadFrame, "");
  }
  json input = {{"password", "123456"}, {"validity", kPermanent}, {"digits", "ascii"}, {"layout", "sdk"}};
  const Options options = take_options(input, "");
  CHECK(options.digits == DigitEncoding::Ascii);
  CHECK_FALSE(input.contains("digits"));
  json bad = {{"layout", "v5"}};
  test::require_error([&] { take_options(bad, ""); }, ErrorCode::InvalidArgument, "layout");
}

// ---- what Tuya's BLE lock panel settles (ble-protocol.md §6b) ----

namespace {

std::vector<std::string> warning_codes(const BuiltRequest& built) {
  std::vector<std::string> out;
  for (const Warning& warning : built.warnings) out.emplace_back(warning.code);
  return out;
}

json weekly_window(const char* start, const char* end) {
  return {{"effectiveTime", 1700000000},
          {"invalidTime", 1700600000},
          {"cycle", "weekly"},
          {"days", json{"mon"}},
          {"start", start},
          {"end", end}};
}

}  // namespace

TEST_CASE("§6b.1 weak PINs: runs of 6 ascending, descending or equal digits") {
  // Weak: a run of six or more, anywhere in the PIN.
  for (const char* pin : {"123456", "012345", "456789", "987654", "543210", "111111", "000000", "1234567890",
                          "9012345678", "0987654321", "1123456", "7777770", "0777777", "3210987654"}) {
    INFO(pin);
    CHECK(is_weak_password(pin));
  }
  // Not weak: runs of five, no wrap between 9 and 0, repeats that are not in a row.
  for (const char* pin : {"12345", "11111", "123455", "567890", "109876", "210987", "121212", "112233", "1234512345",
                          "1111122222", "135790", "5678901", "1101111", "192837", ""}) {
    INFO(pin);
    CHECK_FALSE(is_weak_password(pin));
  }
}

TEST_CASE("§6b.1 DP 51/53 refuse weak PINs before building, unless allowWeakPassword") {
  for (Message message : {Message::CreateTemporaryPassword, Message::ModifyTemporaryPassword}) {
    const json input = {{"hardId", 7}, {"password", "345678"}, {"validity", kPermanent}};
    json usable = input;
    if (message == Message::CreateTemporaryPassword) usable.erase("hardId");
    test::require_error([&] { build_request(message, usable); }, ErrorCode::InvalidArgument, "password");
    Options allow;
    allow.allow_weak_password = true;
    CHECK(build_request(message, usable, allow).dp.value.size() > 17);
  }
  // The option travels in the arguments, as the other layout options do.
  json input = {{"password", "999999"}, {"validity", kPermanent}, {"allowWeakPassword", true}};
  const Options options = take_options(input, "");
  CHECK(options.allow_weak_password);
  CHECK_FALSE(input.contains("allowWeakPassword"));
  CHECK(request_hex(Message::CreateTemporaryPassword, input, options) == "01" + kPermanentHex +
                                                                             "00"
                                                                             "06"
                                                                             "090909090909");
  json bad = {{"allowWeakPassword", "yes"}};
  test::require_error([&] { take_options(bad, ""); }, ErrorCode::InvalidArgument, "allowWeakPassword");
  // Non-digits are still reported as such, not as weak.
  test::require_error(
      [] {
        build_request(Message::CreateTemporaryPassword, {{"password", "abcdef"}, {"validity", kPermanent}});
      },
      ErrorCode::InvalidArgument, "password");
  // DP 1 (a member's PIN) is not the panel's temporary-password form: no check there.
  CHECK_NOTHROW(
      build_request(Message::CreateUnlockMethod,
                    {{"method", "password"}, {"memberId", 1}, {"validity", kPermanent}, {"password", "123456"}}));
}

TEST_CASE("§6b.1 DP 51 as the panel writes it: type 01, nine 00 bytes for no repeat, count 00") {
  // bleApi.ts getCreatePwdDpData: '01' | begin | end | '000000000000000000' | '00' | len | digits.
  CHECK(request_hex(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", kPermanent}}) ==
        "01"
        "386cd300"
        "72bc9b7f"
        "000000000000000000"
        "00"
        "06"
        "010902080307");
  // Weekly: '02000000' + WW + sh sm eh em.
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"password", "192837"}, {"validity", weekly_window("08:00", "20:00")}}) ==
        "01"
        "6553f100"
        "655d18c0"
        "02"
        "00000002"
        "0800"
        "1400"
        "00"
        "06"
        "010902080307");
  // type stays overridable.
  CHECK(request_hex(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", kPermanent}, {"type", 0}})
            .substr(0, 2) == "00");
}

TEST_CASE("§6b.1 DP 53 modifies the validity only, with a warning for 3.x firmware") {
  // bleApi.ts getUpdatePwdDpData: hard_id | '01' | time[17] | '00' | pwd_len '00'.
  const BuiltRequest built = build_request(Message::ModifyTemporaryPassword, {{"hardId", 9}, {"validity", kPermanent}});
  CHECK(to_hex(built.dp.value) ==
        "09"
        "01"
        "386cd30072bc9b7f000000000000000000"
        "00"
        "00");
  CHECK(built.dp.id == 53);
  CHECK(warning_codes(built) == std::vector<std::string>{"MODIFY_CLEARS_PIN_ON_3X"});
  CHECK(std::string(built.warnings[0].field) == "password");
  // With the PIN, nothing to warn about.
  const BuiltRequest with_pin = build_request(Message::ModifyTemporaryPassword,
                                              {{"hardId", 9}, {"validity", kPermanent}, {"password", "192837"}});
  CHECK(with_pin.warnings.empty());
  CHECK(to_hex(with_pin.dp.value).substr(to_hex(with_pin.dp.value).size() - 14) == "06010902080307");
  // The lock side reads a validity-only modify back without a password.
  const json back = decode_request(Message::ModifyTemporaryPassword, built.dp.value.data(), built.dp.value.size());
  CHECK_FALSE(back.contains("password"));
  CHECK(back["type"] == 1);
}

TEST_CASE("§6b.1 reply statuses 03 exists and 0a too weak") {
  json reply = reply_of(Message::CreateTemporaryPassword, "ff03");
  CHECK(reply["status"] == "exists");
  CHECK(reply["ok"] == false);
  reply = reply_of(Message::CreateTemporaryPassword, "ff0a");
  CHECK(reply["status"] == "too_weak");
  CHECK(reply["result"] == 10);
  CHECK(reply_of(Message::ModifyTemporaryPassword, "090a")["status"] == "too_weak");
  CHECK(reply_of(Message::ModifyTemporaryPassword, "0900")["ok"] == true);
  CHECK(reply_of(Message::CreateTemporaryPassword, "ff07")["status"] == "unknown");
}

TEST_CASE("§6b.1 windows the lock demo never opens are built with a warning") {
  for (Message message : {Message::CreateTemporaryPassword, Message::ModifyTemporaryPassword,
                          Message::CreateUnlockMethod, Message::ModifyUnlockMethod}) {
    const auto build = [&](const json& validity) {
      json input = {{"validity", validity}, {"password", "192837"}, {"memberId", 1}, {"hardId", 4}, {"method", 1}};
      if (message == Message::CreateTemporaryPassword) {
        input = {{"validity", validity}, {"password", "192837"}};
      } else if (message == Message::ModifyTemporaryPassword) {
        input = {{"validity", validity}, {"password", "192837"}, {"hardId", 4}};
      } else if (message == Message::CreateUnlockMethod) {
        input.erase("hardId");
      }
      return build_request(message, input);
    };
    INFO(message_name(message));
    // 08:30-18:15: no minute is both >= 30 and <= 15.
    const BuiltRequest reversed = build(weekly_window("08:30", "18:15"));
    CHECK(warning_codes(reversed) == std::vector<std::string>{"WINDOW_MAY_NEVER_OPEN"});
    CHECK(std::string(reversed.warnings[0].field) == "validity");
    CHECK(build(weekly_window("08:00", "18:30")).warnings.empty());
    CHECK(build(weekly_window("08:15", "18:15")).warnings.empty());
    // Cycle 0 ignores the daily times.
    json none = kPermanent;
    none["start"] = "08:30";
    none["end"] = "18:15";
    CHECK(build(none).warnings.empty());
    // A block given as bytes is checked the same way: daily 08:30-18:15.
    CHECK(warning_codes(build(json::binary(hex("6553f100655d18c0"
                                               "01"
                                               "00000000"
                                               "081e"
                                               "120f")))) == std::vector<std::string>{"WINDOW_MAY_NEVER_OPEN"});
  }
}

TEST_CASE("§6b.3 DP 1 as the panel writes it: types 01-06, trailing 00 without a password, cancel fe") {
  // RecordItem/index.tsx: type | 00 | admin | member | ff | time[17] | 00 | 00 | 00.
  const std::pair<const char*, const char*> kinds[] = {
      {"card", "02"}, {"fingerprint", "03"}, {"face", "04"}, {"palm", "05"}, {"vein", "06"}};
  for (const auto& [name, code] : kinds) {
    INFO(name);
    CHECK(request_hex(Message::CreateUnlockMethod, {{"method", name}, {"memberId", 3}, {"validity", kPermanent}}) ==
          std::string(code) +
              "00"
              "00"
              "03"
              "ff" +
              kPermanentHex +
              "00"
              "00"
              "00");
  }
  // A password has its digits and no extra byte.
  CHECK(request_hex(Message::CreateUnlockMethod,
                    {{"method", "password"}, {"memberId", 3}, {"validity", kPermanent}, {"password", "1357"}}) ==
        "01"
        "00"
        "00"
        "03"
        "ff" +
            kPermanentHex +
            "00"
            "04"
            "01030507");
  CHECK(request_hex(Message::CreateUnlockMethod,
                    {{"method", "fingerprint"}, {"stage", "cancel"}, {"memberId", 3}, {"validity", kPermanent}}) ==
        "03"
        "fe"
        "00"
        "03"
        "ff" +
            kPermanentHex +
            "00"
            "00"
            "00");
  // The lock reads the panel's bytes back (the trailing 00 is ignored).
  const Bytes panel = hex("0400010aff" + kPermanentHex + "000000");
  const json read = decode_request(Message::CreateUnlockMethod, panel.data(), panel.size());
  CHECK(read["method"] == 4);
  CHECK(read["admin"] == true);
  CHECK(read["memberId"] == 10);
  CHECK_FALSE(read.contains("password"));

  // Replies: type byte0, stage byte1, hard_id byte4, count byte5, status byte6.
  const std::pair<const char*, const char*> stages[] = {
      {"00", "started"}, {"fc", "running"}, {"fd", "failed"}, {"fe", "cancelled"}, {"ff", "complete"}};
  for (const auto& [stage, name] : stages) {
    INFO(stage);
    const json reply = reply_of(Message::CreateUnlockMethod, std::string("03") + stage +
                                                                 "000307"
                                                                 "02"
                                                                 "00");
    CHECK(reply["status"] == name);
    CHECK(reply["hardId"] == 7);
    CHECK(reply["regNum"] == 2);
    CHECK(reply["ok"] == (std::string(stage) == "ff"));
  }
  CHECK(reply_of(Message::CreateUnlockMethod, "03fd0003ff0007")["reason"] == "fingerprint_busy");
}

TEST_CASE("§6b.3 DP 2 removes a whole member as 00 00 admin member ff 00") {
  // redux/actions/common.ts: `0000${isAdmin}${userId}ff00`.
  CHECK(request_hex(Message::DeleteUnlockMethod, {{"method", "member"}, {"memberId", 12}, {"admin", true}}) ==
        "00"
        "00"
        "01"
        "0c"
        "ff"
        "00");
  CHECK(request_hex(Message::DeleteUnlockMethod, {{"method", 0}, {"memberId", 12}}) ==
        "00"
        "00"
        "00"
        "0c"
        "ff"
        "00");
  // One credential keeps its hard id (required) and delete style 01.
  CHECK(request_hex(Message::DeleteUnlockMethod, {{"method", "card"}, {"memberId", 12}, {"hardId", 3}}) ==
        "02"
        "00"
        "00"
        "0c"
        "03"
        "01");
  test::require_error(
      [] {
        encode_request(Message::DeleteUnlockMethod, {{"method", "card"}, {"memberId", 12}});
      },
      ErrorCode::InvalidArgument, "hardId");
}

TEST_CASE("days: [] means no days for validities without weekdays") {
  for (const char* cycle : {"none", "daily"}) {
    INFO(cycle);
    json validity = kPermanent;
    validity["cycle"] = cycle;
    validity["days"] = json::array();
    CHECK_NOTHROW(build_request(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", validity}}));
    validity["days"] = json{"mon"};
    test::require_error(
        [&] {
          build_request(Message::CreateTemporaryPassword, {{"password", "192837"}, {"validity", validity}});
        },
        ErrorCode::InvalidArgument, "validity.days");
  }
}

TEST_CASE("the tables as data: every message, its fields, statuses and parser") {
  const json catalog = describe_messages();
  const json& messages = catalog["messages"];
  REQUIRE(messages.size() == 12);
  // The order is the Message enum's, and every message finds its DP both ways.
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto message = static_cast<Message>(i);
    CHECK(messages[i]["name"] == message_name(message));
    CHECK(messages[i]["dp"] == dp_id(message));
  }
  const auto named = [](const json& list) {
    std::vector<std::string> out;
    for (const json& item : list) out.push_back(item["name"].get<std::string>());
    return out;
  };
  CHECK(named(catalog["methods"]) ==
        std::vector<std::string>{"member", "password", "card", "fingerprint", "face", "palm", "vein"});
  const json& create = messages[3];
  CHECK(create["parser"] == "parseTemporaryPasswordReply");
  CHECK(named(create["request"]) == std::vector<std::string>{"type", "validity", "validNum", "password"});
  CHECK(create["request"][0]["required"] == false);
  CHECK(create["request"][3]["required"] == true);
  CHECK(named(create["variants"]["named"]) == std::vector<std::string>{"password", "validity", "name"});
  CHECK(named(create["variants"]["fitting"]) == std::vector<std::string>{"slaveId"});
  CHECK(named(create["statuses"]) == std::vector<std::string>{"ok", "failed", "no_free_hard_id", "exists", "too_weak"});
  CHECK(messages[5]["request"][4]["required"] == false);  // DP 53: the password is optional
  CHECK(messages[9]["type"] == "string");
  CHECK_FALSE(messages[9].contains("parser"));
  CHECK(catalog["warnings"] == json{"WINDOW_MAY_NEVER_OPEN", "MODIFY_CLEARS_PIN_ON_3X"});
  CHECK(named(catalog["options"]) == std::vector<std::string>{"digits", "layout", "allowWeakPassword"});
}
