// The BLE options hosts pass as JSON (dl.ble.session, dl.ble.encodeFrame), read by the core.
#include "doorlock/ble/session_options.h"

#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using nlohmann::json;

TEST_CASE("session options: every member, defaults and refusals") {
  SessionConfig config;
  read_session_options(json{{"uuid", "0123456789abcdef"},
                            {"devId", "vdevo15345926009"},
                            {"protocol", 4},
                            {"mtu", 244},
                            {"timeZone", "+05:30"},
                            {"pairLayout", "source61"},
                            {"padding", "zero"}},
                       config);
  CHECK(config.uuid == "0123456789abcdef");
  CHECK(config.dev_id == "vdevo15345926009");
  CHECK(config.protocol == 4);
  CHECK(config.mtu == 244);
  CHECK(config.zone == 550);  // 5.5 h in hundredths
  CHECK(config.pair_layout == PairLayout::Source61);
  CHECK(config.padding == Padding::Zero);

  SessionConfig plain;
  read_session_options(json{{"uuid", "0123456789abcdef"}, {"devId", "d"}}, plain);
  CHECK(plain.protocol == 3);
  CHECK(plain.mtu == 20);
  CHECK(plain.zone == 0);
  CHECK_FALSE(plain.pair_layout.has_value());  // auto: DATA[45] and DATA[61]
  CHECK(plain.padding == Padding::Tuya);

  const json base = {{"uuid", "0123456789abcdef"}, {"devId", "d"}};
  const auto refused = [&](const char* key, const json& value) {
    json options = base;
    options[key] = value;
    INFO(options.dump());
    SessionConfig out;
    test::require_error([&] { read_session_options(options, out); }, ErrorCode::InvalidArgument, key);
  };
  refused("protocol", 1);
  refused("protocol", 16);
  refused("timeZone", "Mars/Olympus");
  refused("timeZone", 15 * 60);
  refused("timeZone", 7);  // 7 minutes is no whole number of hundredths of an hour
  refused("pairLayout", "source46");
  refused("padding", "pkcs7");
  refused("localKey", "abcdef0123456789");  // secrets do not travel as JSON
  refused("extra", true);
  SessionConfig out;
  test::require_error([&] { read_session_options(json{{"devId", "d"}}, out); }, ErrorCode::InvalidArgument, "uuid");
}

TEST_CASE("session options: zones, pair layouts and padding one by one") {
  const json east = 480;
  const json west = -210;
  const json utc = "UTC";
  const json text = "-03:30";
  CHECK(zone_from_json(&east, "timeZone") == 800);
  CHECK(zone_from_json(&west, "timeZone") == -350);
  CHECK(zone_from_json(&utc, "timeZone") == 0);
  CHECK(zone_from_json(&text, "timeZone") == -350);
  CHECK(zone_from_json(nullptr, "timeZone") == 0);

  const std::pair<const char*, PairLayout> layouts[] = {{"both", PairLayout::Both},
                                                        {"fixed44", PairLayout::Fixed44},
                                                        {"source45", PairLayout::Source45},
                                                        {"source61", PairLayout::Source61}};
  for (const auto& [name, layout] : layouts) {
    const json value = name;
    CHECK(pair_layout_from_json(&value, "pairLayout") == layout);
  }
  const json automatic = "auto";
  CHECK_FALSE(pair_layout_from_json(&automatic, "pairLayout").has_value());
  CHECK_FALSE(pair_layout_from_json(nullptr, "pairLayout").has_value());

  const json zero = "zero";
  CHECK(padding_from_json(&zero, "padding") == Padding::Zero);
  CHECK(padding_from_json(nullptr, "padding") == Padding::Tuya);
  const json number = 1;
  test::require_error([&] { padding_from_json(&number, "options.padding"); }, ErrorCode::InvalidArgument,
                      "options.padding");
}
