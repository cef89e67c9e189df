// Lock DP layouts (ble-protocol.md §6), built both ways: requests as the app sends them and the
// lock reads them, replies as the lock sends them and the app reads them. Expected bytes are
// written out by hand from the spec's tables.
#include "doorlock/ble/lock_dp.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using namespace doorlock::ble::lock_dp;
using nlohmann::json;
using test::hex;

namespace {

const json kPermanent = {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}};
const std::string kPermanentHex = "386cd30072bc9b7f00000000000000173b";  // vectors.md §7

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

  const json reply = reply_of(Message::SetCheckCode, "0005ffff0000000000000000" "00" "ffff" "03");
  CHECK(reply["status"] == "slave_id_mismatch");
  CHECK(reply["ok"] == false);
  test::require_error([] { encode_request(Message::SetCheckCode, {{"newCheckCode", "1234567"}}); },
                      ErrorCode::InvalidArgument, "newCheckCode");
  test::require_error([] { encode_request(Message::SetCheckCode, {{"newCheckCode", "12345678"}, {"operation", "swap"}}); },
                      ErrorCode::InvalidArgument, "operation");
}

TEST_CASE("DP 51/52/53 temporary passwords, SDK layout") {
  const json weekly = {{"effectiveTime", 1700000000}, {"invalidTime", 1700600000}, {"cycle", "weekly"},
                       {"days", json{"mon", "tue", "fri"}}, {"start", "07:30"}, {"end", "18:00"}};
  const json create = {{"password", "123456"}, {"validity", weekly}, {"type", 0}, {"validNum", 0}};
  // type | validity (17) | valid_num | pwd_len | digits as values
  CHECK(request_hex(Message::CreateTemporaryPassword, create) ==
        "00" "6553f100655d18c00200000026071e1200" "00" "06" "010203040506");
  CHECK(request_hex(Message::CreateTemporaryPassword, create, Options{DigitEncoding::Ascii, {}}) ==
        "00" "6553f100655d18c00200000026071e1200" "00" "06" "313233343536");
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"password", "1234567"}, {"validity", kPermanent}, {"type", "once"}, {"validNum", 1}}) ==
        "01" + kPermanentHex + "01" "07" "01020304050607");

  const Bytes wire = encode_request(Message::CreateTemporaryPassword, create);
  const json back = decode_request(Message::CreateTemporaryPassword, wire.data(), wire.size());
  CHECK(back["password"] == "123456");
  CHECK(back["validity"]["cycle"] == "weekly");
  CHECK(back["validity"]["days"] == 38);
  CHECK(back["validity"]["start"] == 450);
  CHECK(back["validity"]["end"] == 1080);
  // What the lock read back re-encodes to the same bytes.
  CHECK(encode_request(Message::CreateTemporaryPassword, back) == wire);

  CHECK(request_hex(Message::DeleteTemporaryPassword, {{"hardId", 7}}) == "07");
  CHECK(request_hex(Message::ModifyTemporaryPassword, {{"hardId", 7}, {"password", "654321"}, {"validity", kPermanent}}) ==
        "07" "00" + kPermanentHex + "00" "06" "060504030201");

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
                    {{"slaveId", 2}, {"password", "123456"}, {"validity", kPermanent}}, fitting) ==
        "0002" "00" + kPermanentHex + "00" "06" "010203040506");
  test::require_error(
      [&] { encode_request(Message::CreateTemporaryPassword, {{"password", "123456"}, {"validity", kPermanent}}, fitting); },
      ErrorCode::InvalidArgument, "slaveId");
  const json reply = reply_of(Message::DeleteTemporaryPassword, "00020700", fitting);
  CHECK(reply["slaveId"] == 2);
  CHECK(reply["hardId"] == 7);
  CHECK(reply["ok"] == true);

  const Options named{DigitEncoding::Value, TemporaryPasswordLayout::Named};
  CHECK(request_hex(Message::CreateTemporaryPassword,
                    {{"password", "123456"}, {"validity", kPermanent}, {"name", "Guest"}}, named) ==
        "06" "010203040506" "386cd300" "72bc9b7f" "05" "4775657374");
  json weekly = kPermanent;
  weekly["cycle"] = "weekly";
  weekly["days"] = json{"mon"};
  test::require_error(
      [&] { encode_request(Message::CreateTemporaryPassword, {{"password", "123456"}, {"validity", weekly}}, named); },
      ErrorCode::InvalidArgument, "validity.cycle");
}

TEST_CASE("DP 1/2/3 unlock methods") {
  const json create = {{"method", "password"}, {"memberId", 1}, {"validity", kPermanent}, {"password", "123456"}};
  // meth | stage | admin | member | hard_id (0xFF: lock picks) | validity | valid_num | len | digits
  CHECK(request_hex(Message::CreateUnlockMethod, create) ==
        "01" "00" "00" "01" "ff" + kPermanentHex + "00" "06" "010203040506");
  CHECK(request_hex(Message::CreateUnlockMethod, {{"method", "fingerprint"}, {"memberId", 2}, {"admin", true},
                                                  {"validity", kPermanent}}) ==
        "03" "00" "01" "02" "ff" + kPermanentHex + "00" "00");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}}); },
                      ErrorCode::InvalidArgument, "password");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 101}, {"validity", kPermanent}, {"password", "1"}}); },
                      ErrorCode::InvalidArgument, "memberId");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "12a4"}}); },
                      ErrorCode::InvalidArgument, "password");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "12345678901"}}); },
                      ErrorCode::InvalidArgument, "password");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", {{"effectiveTime", 5}}}, {"password", "1"}}); },
                      ErrorCode::InvalidArgument, "validity.invalidTime");
  test::require_error([] { encode_request(Message::CreateUnlockMethod, {{"method", 1}, {"memberId", 1}, {"validity", kPermanent}, {"password", "1"}, {"pin", 1}}); },
                      ErrorCode::InvalidArgument, "pin");

  json reply = reply_of(Message::CreateUnlockMethod, "01" "ff" "00" "01" "05" "00" "00");
  CHECK(reply["ok"] == true);
  CHECK(reply["status"] == "complete");
  CHECK(reply["hardId"] == 5);
  reply = reply_of(Message::CreateUnlockMethod, "01" "fd" "00" "01" "ff" "00" "02");
  CHECK(reply["ok"] == false);
  CHECK(reply["status"] == "failed");
  CHECK(reply["reason"] == "duplicate");

  CHECK(request_hex(Message::DeleteUnlockMethod, {{"method", 1}, {"memberId", 1}, {"hardId", 5}}) == "010000010501");
  CHECK(reply_of(Message::DeleteUnlockMethod, "01000001050100")["ok"] == false);
  CHECK(reply_of(Message::DeleteUnlockMethod, "010000010501ff")["status"] == "ok");
  CHECK(request_hex(Message::ModifyUnlockMethod, {{"method", 1}, {"memberId", 1}, {"hardId", 5}, {"validity", kPermanent}, {"password", "99"}}) ==
        "0100000105" + kPermanentHex + "00" "02" "0909");
  CHECK(reply_of(Message::ModifyUnlockMethod, "010000010500ff")["ok"] == true);
}

TEST_CASE("DP 54 sync, DP 60/61 remote unlock, DP 64 T0") {
  CHECK(request_hex(Message::SyncMethods, {{"types", json{"fingerprint", "password", "card"}}}) == "030102");
  CHECK(request_hex(Message::SyncMethods, {{"types", json{3}}}) == "03");
  test::require_error([] { encode_request(Message::SyncMethods, {{"types", json::array()}}); }, ErrorCode::InvalidArgument, "types");
  test::require_error([] { encode_request(Message::SyncMethods, {{"types", json{1, 1}}}); }, ErrorCode::InvalidArgument, "types[1]");
  test::require_error([] { encode_request(Message::SyncMethods, {{"types", json{0}}}); }, ErrorCode::InvalidArgument, "types[0]");

  json data = reply_of(Message::SyncMethods, "00" "00" "05010100" "06020201");
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
  CHECK(request_hex(Message::RemoteUnlockConfig, {{"memberId", 1}, {"effectiveTime", 1700000000},
                                                  {"invalidTime", 1700600000}, {"validNum", 3}, {"password", "abcdefgh"}}) ==
        "01" "0001" "6553f100" "655d18c0" "0003" "6162636465666768");
  CHECK(request_hex(Message::RemoteUnlock, {{"memberId", 1}, {"password", "abcdefgh"}, {"type", "voice"}}) ==
        "01" "0001" "6162636465666768" "02");
  json remote = reply_of(Message::RemoteUnlock, "040001");
  CHECK(remote["status"] == "outside_window");
  CHECK(remote["memberId"] == 1);

  const Dp t0 = request_dp(Message::SetT0, {{"activeTime", 1622000424}});
  CHECK(t0.id == 64);
  CHECK(t0.type == DpType::String);
  CHECK(t0.as_string() == "1622000424");
  const json back = decode_request(Message::SetT0, t0.value.data(), t0.value.size());
  CHECK(back["activeTime"] == 1622000424);
  test::require_error([] { encode_request(Message::SetT0, {{"activeTime", 0}}); }, ErrorCode::InvalidArgument, "activeTime");
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
