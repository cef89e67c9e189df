// The DP codec (ble-protocol.md §5) and the DATA of DP writes, reports and answers.
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp.h"
#include "doorlock/ble/dp_messages.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using test::hex;

TEST_CASE("vectors.md §2: the v3 DP record of DP 33 bool true") {
  CHECK(to_hex(encode_dps({Dp::boolean(33, true)}, 3)) == "21010101");
  const Bytes wire = hex("21010101");
  const auto dps = decode_dps(wire.data(), wire.size(), 3);
  REQUIRE(dps.size() == 1);
  CHECK(dps[0].id == 33);
  CHECK(dps[0].as_bool());
}

TEST_CASE("vectors.md §6: the v4 write DATA of DP 71") {
  DpWrite write;
  write.dp_sn = 2;
  write.dps = {Dp::raw(71, hex("ffff00013132333435363738016553f1000001"))};
  const Bytes data = encode_dp_write(cmd::kDpWriteV4, write);
  CHECK(to_hex(data) == "000000000247000013ffff00013132333435363738016553f1000001");
  const DpWrite back = decode_dp_write(cmd::kDpWriteV4, data.data(), data.size());
  CHECK(back.dp_sn == 2);
  REQUIRE(back.dps.size() == 1);
  CHECK(back.dps[0].id == 71);
  CHECK(back.dps[0].type == DpType::Raw);
  CHECK(to_hex(back.dps[0].value) == "ffff00013132333435363738016553f1000001");
}

TEST_CASE("all six types in both length widths") {
  const std::vector<Dp> dps = {Dp::raw(1, hex("0102")),  Dp::boolean(2, false),   Dp::integer(3, -2),
                               Dp::string(4, "hi"),      Dp::enumeration(5, 200), Dp::bitmap(6, 0x0102, 2),
                               Dp::bitmap(7, 0x80000001)};
  CHECK(to_hex(encode_dps(dps, 3)) ==
        "0100020102"
        "020101"
        "00"
        "030204fffffffe"
        "0403026869"
        "050401c8"
        "0605020102"
        "07050480000001");
  CHECK(to_hex(encode_dps(dps, 4)) ==
        "010000020102"
        "02010001"
        "00"
        "03020004fffffffe"
        "040300026869"
        "05040001c8"
        "060500020102"
        "0705000480000001");
  for (int protocol : {3, 4}) {
    const Bytes wire = encode_dps(dps, protocol);
    const auto back = decode_dps(wire.data(), wire.size(), protocol);
    REQUIRE(back.size() == dps.size());
    CHECK(to_hex(back[0].value) == "0102");
    CHECK_FALSE(back[1].as_bool());
    CHECK(back[2].as_integer() == -2);
    CHECK(back[3].as_string() == "hi");
    CHECK(back[4].as_enum() == 200);
    CHECK(back[5].as_bitmap() == 0x0102);
    CHECK(back[6].as_bitmap() == 0x80000001u);
  }
  CHECK(dp_type_from_name("bitmap") == DpType::Bitmap);
  CHECK_FALSE(dp_type_from_name("char").has_value());
  CHECK(std::string(dp_type_name(DpType::Value)) == "value");
}

TEST_CASE("DP encoding limits name the DP") {
  test::require_error(
      [] {
        encode_dps({Dp::boolean(1, true), Dp::raw(2, Bytes(256, 0))}, 3);
      },
      ErrorCode::InvalidArgument, "dps[1].value");
  CHECK(encode_dps({Dp::raw(2, Bytes(256, 0))}, 4).size() == 260);
  test::require_error(
      [] {
        encode_dps({Dp{3, DpType::Value, Bytes(3, 0)}}, 3);
      },
      ErrorCode::InvalidArgument, "dps[0].value");
  test::require_error([] { Dp::bitmap(1, 0x100, 1); }, ErrorCode::InvalidArgument, "value");
}

TEST_CASE("DP decoding rejects truncated and ill-typed records") {
  for (const char* wire : {"21", "2101", "210102",
                           "21010101"
                           "22",
                           "210702"
                           "0000",
                           "210203000000", "01000201"}) {
    INFO(wire);
    const Bytes bytes = hex(wire);
    test::require_error([&] { decode_dps(bytes.data(), bytes.size(), 3); }, ErrorCode::BadFrame, "");
  }
  const Bytes v4 = hex("2101000101");
  CHECK(decode_dps(v4.data(), v4.size(), 4).size() == 1);
  test::require_error([&] { decode_dps(v4.data(), v4.size() - 1, 4); }, ErrorCode::BadFrame, "");
  CHECK(decode_dps(nullptr, 0, 3).empty());
}

TEST_CASE("DP write answers") {
  CHECK(to_hex(encode_dp_write_answer(cmd::kDpWrite, {0, 0})) == "00");
  CHECK(to_hex(encode_dp_write_answer(cmd::kDpWriteV4, {2, 1})) == "000000000201");
  const Bytes v4 = hex("000000000200");
  const auto answer = decode_dp_write_answer(cmd::kDpWriteV4, v4.data(), v4.size());
  CHECK(answer.dp_sn == 2);
  CHECK(answer.ok());
  test::require_error([&] { decode_dp_write_answer(cmd::kDpWriteV4, v4.data(), 5); }, ErrorCode::BadFrame, "");
  const Bytes bad_version = hex("0100000001");
  test::require_error([&] { decode_dp_write(cmd::kDpWriteV4, bad_version.data(), bad_version.size()); },
                      ErrorCode::BadFrame, "");
  test::require_error([&] { decode_dp_write(cmd::kDpWriteV4, bad_version.data(), 4); }, ErrorCode::BadFrame, "");
  test::require_error([] { encode_dp_write(cmd::kDpReport, {}); }, ErrorCode::InvalidArgument, "cmd");
}

TEST_CASE("DP reports with and without time, and their answers") {
  SECTION("0x8001") {
    const Bytes data = hex("2f010101");
    const DpReport report = decode_dp_report(cmd::kDpReport, data.data(), data.size());
    REQUIRE(report.dps.size() == 1);
    CHECK(report.dps[0].id == 47);
    CHECK_FALSE(report.has_time);
    CHECK(report_wants_answer(cmd::kDpReport, report));
    CHECK(to_hex(encode_dp_report_answer(cmd::kDpReport, report, 0)) == "00");
    CHECK(encode_dp_report(cmd::kDpReport, report) == data);
  }
  SECTION("0x8003 with seconds and with ASCII milliseconds") {
    const Bytes seconds =
        hex("01"
            "6553f100"
            "130204"
            "00000001");
    DpReport report = decode_dp_report(cmd::kDpReportWithTime, seconds.data(), seconds.size());
    CHECK(report.has_time);
    CHECK(report.time_ms == 1700000000000ull);
    CHECK(report.dps[0].as_integer() == 1);
    CHECK(encode_dp_report(cmd::kDpReportWithTime, report) == seconds);

    const std::string digits = "1700000000123";
    Bytes millis = hex("00" + to_hex(reinterpret_cast<const uint8_t*>(digits.data()), digits.size()) + "2f010100");
    report = decode_dp_report(cmd::kDpReportWithTime, millis.data(), millis.size());
    CHECK(report.time_type == TimeType::AsciiMillis);
    CHECK(report.time_ms == 1700000000123ull);
    CHECK(encode_dp_report(cmd::kDpReportWithTime, report) == millis);
    millis[5] = 'x';
    test::require_error([&] { decode_dp_report(cmd::kDpReportWithTime, millis.data(), millis.size()); },
                        ErrorCode::BadFrame, "");
  }
  SECTION("0x8006 and 0x8007 with their 8-byte answers") {
    const Bytes data =
        hex("00"
            "0000000a"
            "00"
            "00"
            "2f01000101");
    DpReport report = decode_dp_report(cmd::kDpReportV4, data.data(), data.size());
    CHECK(report.sn == 10);
    CHECK(report_wants_answer(cmd::kDpReportV4, report));
    const Bytes answer = encode_dp_report_answer(cmd::kDpReportV4, report, 0);
    CHECK(to_hex(answer) == "000000000a000000");
    CHECK(decode_dp_report_answer(cmd::kDpReportV4, report, answer.data(), answer.size()) == 0);
    const Bytes wrong_echo = hex("000000000b000000");
    test::require_error([&] { decode_dp_report_answer(cmd::kDpReportV4, report, wrong_echo.data(), 8); },
                        ErrorCode::BadFrame, "");

    const Bytes quiet =
        hex("00"
            "0000000b"
            "80"
            "01"
            "2f01000101");
    report = decode_dp_report(cmd::kDpReportV4, quiet.data(), quiet.size());
    CHECK_FALSE(report_wants_answer(cmd::kDpReportV4, report));

    const Bytes timed =
        hex("00"
            "0000000c"
            "00"
            "00"
            "01"
            "6553f100"
            "1302000400000005");
    report = decode_dp_report(cmd::kDpReportV4WithTime, timed.data(), timed.size());
    CHECK(report.sn == 12);
    CHECK(report.time_ms == 1700000000000ull);
    CHECK(report.dps[0].as_integer() == 5);
    CHECK(encode_dp_report(cmd::kDpReportV4WithTime, report) == timed);
    CHECK(to_hex(encode_dp_report_answer(cmd::kDpReportV4WithTime, report, 0)) == "000000000c000000");
    test::require_error([&] { decode_dp_report(cmd::kDpReportV4WithTime, timed.data(), 9); }, ErrorCode::BadFrame, "");
  }
}
