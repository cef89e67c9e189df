// The composite password request: ticket expiry, PIN encryption (checked against the published
// vectors of vectors.md §9 and against OpenSSL's libcrypto), schedule expansion and the
// catalog's validation, with errors naming the caller's fields.
#include "api_fixtures.h"
#include "doorlock/api/password_request.h"
#include "doorlock/crypto/aes.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::api;
using doorlock::test::secret;
using nlohmann::json;

namespace {

const std::string kAccessKey = "0123456789abcdef0123456789abcdef";
const std::string kTicketKey =
    "676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E";  // inner key ABCDEFGHIJKLMNOP

json options_json(const std::string& lock, double obtained_at = 1700000000, double now = 1700000010, int expire = 360) {
  return json{{"lockType", lock},
              {"ticket", {{"ticket_id", "9wxxoLM"}, {"ticket_key", kTicketKey}, {"expire_time", expire}}},
              {"obtainedAt", obtained_at},
              {"now", now}};
}

json build(const std::string& action, const json& params, const std::string& pin, const json& options,
           const std::string& access_key = kAccessKey) {
  return build_password_request(action, params, secret(pin), secret(access_key),
                                password_request_options_from_json(options));
}

Error failure(const std::string& action, const json& params, const std::string& pin, const json& options,
              const std::string& access_key = kAccessKey) {
  return test::capture_error([&] { build(action, params, pin, options, access_key); });
}

void expect(const Error& error, ErrorCode code, const std::string& field) {
  INFO("message: " << error.message());
  CHECK(error_code_name(error.code()) == std::string(error_code_name(code)));
  CHECK(error.field() == field);
}

const json kCreate = {{"device_id", "vdevo153459260090000"},
                      {"name", "Guest"},
                      {"effective_time", 1700000000},
                      {"invalid_time", 1700086400}};

}  // namespace

TEST_CASE("password request: the published vectors, password_type and ticket_id set") {
  const json create = build("doorLock.createTemporaryPassword", kCreate, "1234567", options_json("wifi"));
  CHECK(create == json{{"action", "doorLock.createTemporaryPassword"},
                       {"params",
                        {{"device_id", "vdevo153459260090000"},
                         {"name", "Guest"},
                         {"effective_time", 1700000000},
                         {"invalid_time", 1700086400},
                         {"password", "12A879A76363F4BEB8458B9529C9CEE7"},
                         {"password_type", "ticket"},
                         {"ticket_id", "9wxxoLM"}}}});
  const json open = build("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee"));
  CHECK(open["params"] == json{{"device_id", "d1"},
                               {"password", "F8D081364CA175264AC8E2B5B4B3B65E"},
                               {"password_type", "ticket"},
                               {"ticket_id", "9wxxoLM"}});
  json without_name = kCreate;
  without_name.erase("name");
  CHECK(build("doorLock.createTemporaryPasswordWithoutName", without_name, "123456",
              options_json("ble"))["params"]["password"] == "F8D081364CA175264AC8E2B5B4B3B65E");
  json modify = kCreate;
  modify["password_id"] = 1001;
  const json modified =
      build("doorLock.modifyTemporaryPassword", modify, "7654321", options_json("wifi_access_control"));
  // An independent AES: OpenSSL with the inner key of the vector.
  CHECK(modified["params"]["password"] ==
        test::openssl_ecb("aes-128-ecb", false,
                          to_hex(Bytes{'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'}),
                          to_hex(Bytes{'7', '6', '5', '4', '3', '2', '1'}), true));
}

TEST_CASE("password request: a schedule in buildSchedule's form is expanded") {
  json params = {{"device_id", "d1"}, {"name", "Cleaner"}, {"type", 0}};
  params["schedule"] = {{"effectiveTime", 1700000000},
                        {"invalidTime", 1700086400},
                        {"timeZone", "Asia/Shanghai"},
                        {"windows", {{{"start", "07:30"}, {"end", "18:00"}, {"days", {"mon", "tue", "fri"}}}}}};
  const json out = build("doorLock.createTemporaryPassword", params, "123456", options_json("zigbee"))["params"];
  CHECK(out["effective_time"] == 1700000000);
  CHECK(out["invalid_time"] == 1700086400);
  CHECK(out["time_zone"] == "Asia/Shanghai");
  CHECK(out["schedule_list"] == json{{{"effective_time", 450}, {"invalid_time", 1080}, {"working_day", 38}}});
  CHECK_FALSE(out.contains("schedule"));

  params["schedule"]["windows"][0]["end"] = "07:00";
  expect(failure("doorLock.createTemporaryPassword", params, "123456", options_json("zigbee")),
         ErrorCode::InvalidArgument, "schedule.windows[0].end");
  params["schedule"] = "tomorrow";
  expect(failure("doorLock.createTemporaryPassword", params, "123456", options_json("zigbee")),
         ErrorCode::InvalidArgument, "schedule");
  params["schedule"] = {{"effectiveTime", 1700000000}, {"invalidTime", 1700086400}};
  params["effective_time"] = 1700000000;
  expect(failure("doorLock.createTemporaryPassword", params, "123456", options_json("zigbee")),
         ErrorCode::InvalidArgument, "schedule");
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}, {"schedule", params["schedule"]}}, "123456",
                 options_json("zigbee")),
         ErrorCode::InvalidArgument, "schedule");
}

TEST_CASE("password request: expired tickets are refused before anything is built") {
  // obtained at T, valid 360 s, refused from 5 s before the end.
  CHECK_NOTHROW(
      build("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee", 1700000000, 1700000354)));
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee", 1700000000, 1700000355)),
         ErrorCode::InvalidArgument, "ticket");
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee", 1700000000, 1700009999)),
         ErrorCode::InvalidArgument, "ticket");
  expect(
      failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee", 1700000000, 1700000001, 0)),
      ErrorCode::InvalidArgument, "ticket");
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("zigbee", 1700000000, 1699999990)),
         ErrorCode::InvalidArgument, "now");
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456",
                 options_json("zigbee", 1700000000000.0, 1700000000010.0)),
         ErrorCode::InvalidArgument, "obtainedAt");
  json options = options_json("zigbee");
  options["now"] = "now";
  CHECK(test::capture_error([&] { password_request_options_from_json(options); }).field() == "now");
  options = options_json("zigbee");
  options["ticket"].erase("expire_time");
  CHECK(test::capture_error([&] { password_request_options_from_json(options); }).field() == "ticket.expire_time");
  options = options_json("zigbee");
  options.erase("lockType");
  CHECK(test::capture_error([&] { password_request_options_from_json(options); }).field() == "lockType");
  options = options_json("zigbee");
  options["accessKey"] = kAccessKey;  // the binding takes it out: the core never sees it as JSON
  CHECK(test::capture_error([&] { password_request_options_from_json(options); }).field() == "accessKey");
}

TEST_CASE("password request: PIN length by lock type, keys, lock types and the caller's own fields") {
  expect(failure("doorLock.createTemporaryPassword", kCreate, "123456", options_json("wifi")),
         ErrorCode::InvalidArgument, "password");
  expect(failure("doorLock.createTemporaryPassword", kCreate, "1234567", options_json("ble")),
         ErrorCode::InvalidArgument, "password");
  expect(failure("doorLock.createTemporaryPassword", kCreate, "12345a", options_json("zigbee")),
         ErrorCode::InvalidArgument, "password");
  expect(failure("doorLock.openDoor", {{"device_id", "d1"}}, "123456", options_json("wifi")),
         ErrorCode::UnsupportedForLockType, "lockType");
  json modify = kCreate;
  modify["password_id"] = 1001;
  expect(failure("doorLock.modifyTemporaryPassword", modify, "123456", options_json("ble")),
         ErrorCode::UnsupportedForLockType, "lockType");
  expect(failure("doorLock.deleteTemporaryPassword", {{"device_id", "d1"}}, "123456", options_json("ble")),
         ErrorCode::InvalidArgument, "action");

  json bad_key = options_json("wifi");
  bad_key["ticket"]["ticket_key"] = "901CC35A67DA3429C38E9622 **** 3EAE1CE333462356D257FD1D3E5C";
  expect(failure("doorLock.createTemporaryPassword", kCreate, "1234567", bad_key), ErrorCode::InvalidArgument,
         "ticket.ticket_key");
  expect(failure("doorLock.createTemporaryPassword", kCreate, "1234567", options_json("wifi"), "short"),
         ErrorCode::InvalidArgument, "accessKey");
  // A wrong access secret: the padding check fails and names the ticket key, never a key value.
  const Error wrong = failure("doorLock.createTemporaryPassword", kCreate, "1234567", options_json("wifi"),
                              "fedcba9876543210fedcba9876543210");
  expect(wrong, ErrorCode::InvalidArgument, "ticket.ticket_key");
  CHECK(wrong.message().find("fedcba") == std::string::npos);

  for (const char* own : {"password_type", "ticket_id"}) {
    json params = kCreate;
    params[own] = "ticket";
    expect(failure("doorLock.createTemporaryPassword", params, "1234567", options_json("wifi")),
           ErrorCode::InvalidArgument, own);
  }
  json missing = kCreate;
  missing.erase("name");
  expect(failure("doorLock.createTemporaryPassword", missing, "1234567", options_json("wifi")),
         ErrorCode::InvalidArgument, "name");
  missing = kCreate;
  missing["invalid_time"] = 1600000000;
  expect(failure("doorLock.createTemporaryPassword", missing, "1234567", options_json("wifi")),
         ErrorCode::InvalidArgument, "invalid_time");
  expect(failure("doorLock.createTemporaryPassword", kCreate, "1234567", options_json("zigbee")),
         ErrorCode::InvalidArgument,
         "password");  // 7 digits on Zigbee
  json zigbee = kCreate;
  expect(failure("doorLock.createTemporaryPassword", zigbee, "123456", options_json("zigbee")),
         ErrorCode::InvalidArgument, "type");
}
