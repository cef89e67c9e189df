// dl.parseResponse's core: every sample response of the reference (failures as CLOUD_ERROR with
// the cloud's code), the spellings the reference mixes, and malformed bodies as BAD_RESPONSE
// naming the path in the body.
#include "api_fixtures.h"
#include "doorlock/api/response.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::api;
using nlohmann::json;

namespace {

void expect_bad(const std::string& action, const json& body, const std::string& field) {
  INFO(action << " " << body.dump());
  const Error error = test::capture_error([&] { parse_response(action, body); });
  INFO("message: " << error.message());
  CHECK(error_code_name(error.code()) == std::string("BAD_RESPONSE"));
  CHECK(error.field() == field);
}

json ok(json result) { return json{{"success", true}, {"t", 1592899848757}, {"result", std::move(result)}}; }

}  // namespace

TEST_CASE("parseResponse: every sample response of the reference") {
  size_t successes = 0;
  size_t failures = 0;
  for (const auto& entry : test::cloud_samples()["responses"]) {
    INFO(entry["reference"].get<std::string>());
    const std::string action = entry["action"].get<std::string>();
    if (entry.contains("error")) {
      const Error error = test::capture_error([&] { parse_response(action, entry["body"]); });
      CHECK(error_code_name(error.code()) == entry["error"]["code"].get<std::string>());
      REQUIRE(error.has_cloud_code());
      CHECK(error.cloud_code() == entry["error"]["cloudCode"].get<int64_t>());
      CHECK(error.message() == action + " failed: " + entry["body"]["msg"].get<std::string>());
      ++failures;
    } else {
      CHECK(parse_response(action, entry["body"]) == entry["result"]);
      ++successes;
    }
  }
  CHECK(successes == 42);
  CHECK(failures == 21);
}

TEST_CASE("parseResponse: the reference's variant spellings come back under one name") {
  CHECK(parse_response("device.pairingAuthKey", ok({{"encrypted_auth_key", "45"}, {"random", "67"}})) ==
        json{{"encrypted_auth_key", "45"}, {"random", "67"}});
  CHECK(parse_response("device.pairingAuthKey", ok({{"encrypted_auth_key", "45"}, {"rondom", "67"}})) ==
        json{{"encrypted_auth_key", "45"}, {"random", "67"}});
  CHECK(parse_response("doorLock.getSyncableOpmodeTypes", ok({{"dpId", 54}, {"distribute", true}, {"ins", "03"}})) ==
        json{{"dp_id", 54}, {"distributed", true}, {"ins", "03"}});
  CHECK(parse_response("doorLock.getIssuedConfig", ok({{"lock_random", {{"distribute", false}, {"dp_id", 70}}}})) ==
        json{{"lock_random", {{"distributed", false}, {"dp_id", 70}}}});
  CHECK(parse_response("doorLock.getTemporaryPasswordList", ok(json{{{"id", 7}, {"name", "a"}}})) ==
        json{{{"password_id", 7}, {"name", "a"}}});
  // Result as object or as list, where the reference shows both.
  CHECK(parse_response("doorLock.getTemporaryPasswordList", ok({{"password_id", 7}})) == json{{{"password_id", 7}}});
  CHECK(parse_response("timer.currentTime", ok(1607087405739)) == 1607087405739);
  CHECK(parse_response("timer.currentTime", json{{"result", true}, {"success", 1607087405739}}) == 1607087405739);
  // Numbers the cloud quotes and text it sends as numbers follow the documented types.
  CHECK(parse_response("doorLock.unlockInstruction", ok({{"instruction", "0a"}, {"next_sn", "124"}})) ==
        json{{"instruction", "0a"}, {"next_sn", 124}});
  CHECK(parse_response("doorLock.remoteUnlocks",
                       ok(json{{{"remote_unlock_type", "remoteUnlockWithPwd"}, {"open", 1}}})) ==
        json{{{"remote_unlock_type", "remoteUnlockWithPwd"}, {"open", true}}});
  // Members the reference does not list pass through untouched.
  CHECK(parse_response("doorLock.passwordTicket",
                       ok({{"ticket_id", "t"}, {"ticket_key", "k"}, {"expire_time", 360}, {"extra", json{1, 2}}})) ==
        json{{"ticket_id", "t"}, {"ticket_key", "k"}, {"expire_time", 360}, {"extra", json{1, 2}}});
}

TEST_CASE("parseResponse: success:false is CLOUD_ERROR with the cloud's code") {
  Error error = test::capture_error([] {
    parse_response("doorLock.openDoor", json{{"success", false}, {"code", 1106}, {"msg", "permission deny"}, {"t", 1}});
  });
  CHECK(error.code() == ErrorCode::CloudError);
  CHECK(error.cloud_code() == 1106);
  CHECK(error.message() == "doorLock.openDoor failed: permission deny");
  error = test::capture_error([] { parse_response("doorLock.openDoor", json{{"success", false}, {"code", "1109"}}); });
  CHECK(error.cloud_code() == 1109);
  CHECK(error.message() == "doorLock.openDoor failed");
  error = test::capture_error([] {
    parse_response("doorLock.openDoor", json{{"success", false}, {"code", "PARAM_ILLEGAL"}});
  });
  CHECK_FALSE(error.has_cloud_code());
  CHECK(error.message() == "doorLock.openDoor failed (PARAM_ILLEGAL)");
  error = test::capture_error([] { parse_response("doorLock.openDoor", json{{"success", false}}); });
  CHECK(error.code() == ErrorCode::CloudError);
  CHECK_FALSE(error.has_cloud_code());
}

TEST_CASE("parseResponse: the ty-service cloud function's envelope { success, data, errorCode, errorMsg }") {
  CHECK(parse_response("doorLock.passwordTicket",
                       json{{"success", true},
                            {"data", {{"ticket_id", "t"}, {"ticket_key", "k"}, {"expire_time", 360}}},
                            {"t", 1}}) == json{{"ticket_id", "t"}, {"ticket_key", "k"}, {"expire_time", 360}});
  Error error = test::capture_error([] {
    parse_response("doorLock.openDoor",
                   json{{"success", false}, {"errorCode", "1106"}, {"errorMsg", "permission deny"}});
  });
  CHECK(error.code() == ErrorCode::CloudError);
  CHECK(error.cloud_code() == 1106);
  CHECK(error.message() == "doorLock.openDoor failed: permission deny");
  error = test::capture_error([] {
    parse_response("doorLock.openDoor",
                   json{{"success", false}, {"errorCode", "USER_SESSION_INVALID"}, {"errorMsg", "session expired"}});
  });
  CHECK_FALSE(error.has_cloud_code());
  CHECK(error.message() == "doorLock.openDoor failed: session expired (USER_SESSION_INVALID)");
  // The cloud's own names win when both are there.
  CHECK(parse_response("doorLock.openDoor", json{{"success", true}, {"result", true}, {"data", false}}) == true);
  expect_bad("doorLock.openDoor", json{{"success", true}, {"data", "ok"}}, "result");
}

TEST_CASE("parseResponse: malformed bodies are BAD_RESPONSE naming the path") {
  expect_bad("doorLock.openDoor", json("<html>gateway timeout</html>"), "");
  expect_bad("doorLock.openDoor", json::array(), "");
  expect_bad("doorLock.openDoor", nullptr, "");
  expect_bad("doorLock.openDoor", json{{"result", true}}, "success");
  expect_bad("doorLock.openDoor", json{{"success", "true"}, {"result", true}}, "success");
  expect_bad("doorLock.openDoor", json{{"success", true}}, "result");
  expect_bad("doorLock.openDoor", ok("yes"), "result");
  expect_bad("doorLock.openDoor", ok(2), "result");
  expect_bad("timer.currentTime", json{{"result", false}, {"success", 1607087405739}}, "success");
  expect_bad("timer.currentTime", ok("now"), "result");
  expect_bad("doorLock.passwordTicket", ok({{"ticket_id", "t"}, {"expire_time", 360}}), "result.ticket_key");
  expect_bad("doorLock.passwordTicket", ok({{"ticket_id", "t"}, {"ticket_key", json::object()}, {"expire_time", 360}}),
             "result.ticket_key");
  expect_bad("doorLock.passwordTicket", ok({{"ticket_id", "t"}, {"ticket_key", "k"}, {"expire_time", "soon"}}),
             "result.expire_time");
  expect_bad("doorLock.passwordTicket", ok(json::array()), "result");
  expect_bad("doorLock.alarmLogs", ok({{"total", 1}, {"records", "none"}}), "result.records");
  expect_bad("doorLock.alarmLogs", ok({{"records", json{{{"status", {{"value", 1}}}}}}}),
             "result.records[0].status.code");
  expect_bad("doorLock.alarmLogs", ok({{"records", json{{{"update_time", 1.5}}}}}), "result.records[0].update_time");
  expect_bad("doorLock.listUsers",
             ok(json{{{"unlock_detail", json{{{"unlock_list", json{{{"unlock_sn", "three"}}}}}}}}}),
             "result[0].unlock_detail[0].unlock_list[0].unlock_sn");
  expect_bad("doorLock.getAvailableInstructions", ok(json{{{"dp_code", "unlock_password"}}}), "result[0].dp_id");
  expect_bad("device.pairingAuthKey", ok({{"encrypted_auth_key", "45"}}), "result.random");
  expect_bad("doorLock.getIssuedConfig", ok({{"lock_random", "0005"}}), "result.lock_random");
  CHECK(test::capture_error([] { parse_response("doorLock.nothing", ok(true)); }).field() == "action");
}
