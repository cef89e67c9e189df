// Cloud-built instructions (doorlock-cloud-api.txt samples) and the JSON form of DPs.
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/instructions.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using nlohmann::json;

TEST_CASE("bleOpenInstruction sample: a mode-4 air frame relayed unchanged") {
  const std::string sample =
      "0472426c51476e714b336a333462764b6a635518a38ae29bf3fdc9f60261c15bf725cbb171921b7c129e6adf4e7dee390bf0dc17dca7c5"
      "1f44eae4d51d1bd102ea";
  const Bytes air = cloud_air_frame(json(sample), "instruction");
  CHECK(air.size() == 65);
  CHECK(air[0] == 4);
  CHECK(to_hex(air) == sample);
  CHECK(cloud_air_frame(json{{"instruction", sample}, {"next_sn", 123}}, "") == air);
  test::require_error([] { cloud_air_frame(json("9wxxoLM"), "instruction"); }, ErrorCode::InvalidArgument,
                      "instruction");
  test::require_error([&] { cloud_air_frame(json(sample.substr(0, 64)), "instruction"); }, ErrorCode::InvalidArgument,
                      "instruction");
  test::require_error([] { cloud_air_frame(json("09" + std::string(64, '0')), "x"); }, ErrorCode::InvalidArgument, "x");
  test::require_error([] { cloud_air_frame(json{{"next_sn", 1}}, ""); }, ErrorCode::InvalidArgument, "instruction");
}

TEST_CASE("getIssuedConfig and getSyncableOpmodeTypes samples become raw DP writes") {
  const json lock_random = json::parse(R"({"dev_unlock_id":"0005","dp_id":70,
      "wake_up_ins":"ffff0005000000000000000000ffff3532373737393530","distributed":true,"ins":"3532373737393530"})");
  Dp dp = cloud_dp_instruction(lock_random, "");
  CHECK(dp.id == 70);
  CHECK(dp.type == DpType::Raw);
  CHECK(to_hex(dp.value) == "ffff0005000000000000000000ffff3532373737393530");

  dp = cloud_dp_instruction(
      json::parse(R"({"dpId":56,"distributed":true,"ins":"ffff0005000000000000000000ffff3532373737393530"})"), "");
  CHECK(dp.id == 56);
  dp = cloud_dp_instruction(json::parse(R"({"dp_id":54,"distributed":true,"ins":"03"})"), "");
  CHECK(dp.id == 54);
  CHECK(to_hex(dp.value) == "03");

  test::require_error([] { cloud_dp_instruction(json::parse(R"({"dp_id":54,"distributed":false,"ins":"03"})"), ""); },
                      ErrorCode::InvalidArgument, "distributed");
  test::require_error(
      [] { cloud_dp_instruction(json::parse(R"({"dp_id":70,"ins":"3532373737393530"})"), "lock_random"); },
      ErrorCode::InvalidArgument, "lock_random.ins");
  test::require_error([] { cloud_dp_instruction(json::parse(R"({"ins":"03"})"), ""); }, ErrorCode::InvalidArgument,
                      "dp_id");
  test::require_error([] { cloud_dp_instruction(json::parse(R"({"dp_id":54,"ins":"0g"})"), ""); },
                      ErrorCode::InvalidArgument, "ins");
}

TEST_CASE("DPs as JSON") {
  const json input = json::parse(R"([{"id":1,"type":"raw","value":"0a0b"},{"id":2,"type":"bool","value":true},
      {"id":3,"type":"value","value":-5},{"id":4,"type":"string","value":"ok"},{"id":5,"type":"enum","value":3},
      {"id":6,"type":"bitmap","value":5,"width":1}])");
  const auto dps = dps_from_json(input, "dps");
  CHECK(to_hex(encode_dps(dps, 3)) ==
        "0100020a0b"
        "020101"
        "01"
        "030204fffffffb"
        "0403026f6b"
        "05040103"
        "06050105");
  const json back = dps_to_json(dps);
  CHECK(back[0]["value"].is_binary());
  CHECK(back[1]["value"] == true);
  CHECK(back[2]["value"] == -5);
  CHECK(back[5] == json{{"id", 6}, {"type", "bitmap"}, {"value", 5}});

  const auto bad = [](const char* text, const char* field) {
    test::require_error([&] { dps_from_json(json::parse(text), "dps"); }, ErrorCode::InvalidArgument, field);
  };
  bad(R"([{"id":256,"type":"bool","value":true}])", "dps[0].id");
  bad(R"([{"id":1,"type":"char","value":1}])", "dps[0].type");
  bad(R"([{"id":1,"type":"value","value":2147483648}])", "dps[0].value");
  bad(R"([{"id":1,"type":"enum","value":-1}])", "dps[0].value");
  bad(R"([{"id":1,"type":"bitmap","value":256,"width":1}])", "dps[0].value");
  bad(R"([{"id":1,"type":"bitmap","value":1,"width":3}])", "dps[0].width");
  bad(R"([{"id":1,"type":"bool","value":true,"width":1}])", "dps[0].width");
  bad(R"([{"id":1,"type":"raw","value":5}])", "dps[0].value");
  bad(R"([{"id":1,"type":"raw"}])", "dps[0].value");
  bad(R"({"id":1})", "dps");
}
